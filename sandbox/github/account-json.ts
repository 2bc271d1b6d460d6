import type { SimulatedAccount } from "./users";
import { nodeId } from "./users";

const NODE_ID_PREFIX: Record<SimulatedAccount["type"], string> = { Bot: "BOT", Organization: "O", User: "U" };

// GitHub's `simple-user` object.
export function simpleUserJson(apiUrl: string, publicUrl: string, account: SimulatedAccount): Record<string, unknown> {
  const login = encodeURIComponent(account.login);
  const userUrl = `${apiUrl}/users/${login}`;
  const htmlUrl =
    account.type === "Bot" ? `${publicUrl}/apps/${encodeURIComponent(account.login.replace(/\[bot\]$/, ""))}` : `${publicUrl}/${login}`;

  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(NODE_ID_PREFIX[account.type], account.id),
    avatar_url: `${publicUrl}/_sandbox/avatars/${login}`,
    gravatar_id: "",
    url: userUrl,
    html_url: htmlUrl,
    followers_url: `${userUrl}/followers`,
    following_url: `${userUrl}/following{/other_user}`,
    gists_url: `${userUrl}/gists{/gist_id}`,
    starred_url: `${userUrl}/starred{/owner}{/repo}`,
    subscriptions_url: `${userUrl}/subscriptions`,
    organizations_url: `${userUrl}/orgs`,
    repos_url: `${userUrl}/repos`,
    events_url: `${userUrl}/events{/privacy}`,
    received_events_url: `${userUrl}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

// GET /user: the `public-user` shape, which needs no private plan or disk data.
export function authenticatedUserJson(
  apiUrl: string,
  publicUrl: string,
  account: SimulatedAccount,
  createdAt: string,
): Record<string, unknown> {
  return {
    ...simpleUserJson(apiUrl, publicUrl, account),
    name: account.name,
    company: null,
    blog: "",
    location: null,
    email: account.email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

import { createHash } from "node:crypto";

export type AccountType = "User" | "Bot" | "Organization";

export interface SimulatedAccount {
  login: string;
  id: number;
  name: string | null;
  email: string | null;
  type: AccountType;
}

export const DEFAULT_BOT_LOGIN = "secrets-portal[bot]";

// Derives a stable positive id from a name, so ids survive restarts without being stored.
export function stableId(kind: string, key: string): number {
  const digest = createHash("sha256").update(`${kind}:${key}`).digest();
  return (digest.readUInt32BE(0) % 900_000_000) + 10_000_000;
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`sandbox:${id}`).toString("base64url")}`;
}

export class AccountDirectory {
  private readonly accounts = new Map<string, SimulatedAccount>();
  readonly personaLogins: string[];

  constructor(
    personas: Array<{ login: string; name?: string; email?: string }>,
    readonly botLogin: string,
    // When true, only personas and the bot count as collaborators (for review requests).
    private readonly restrictCollaborators: boolean,
  ) {
    this.add({ login: botLogin, name: null, email: null, type: "Bot" });
    for (const persona of personas) {
      this.add({ login: persona.login, name: persona.name ?? null, email: persona.email ?? null, type: "User" });
    }
    this.personaLogins = personas.map((persona) => persona.login);
  }

  private add(account: Omit<SimulatedAccount, "id">): SimulatedAccount {
    const created = { ...account, id: stableId("account", account.login.toLowerCase()) };
    this.accounts.set(account.login.toLowerCase(), created);
    return created;
  }

  find(login: string): SimulatedAccount | undefined {
    return this.accounts.get(login.toLowerCase());
  }

  isCollaborator(login: string): boolean {
    if (!this.restrictCollaborators) return true;
    return this.isPersona(login) || login.toLowerCase() === this.botLogin.toLowerCase();
  }

  isPersona(login: string): boolean {
    return this.personaLogins.some((persona) => persona.toLowerCase() === login.toLowerCase());
  }

  // Repository owners are organizations; any other unknown login is treated as a plain user.
  organization(login: string): SimulatedAccount {
    return this.find(login) ?? this.add({ login, name: null, email: null, type: "Organization" });
  }

  get(login: string): SimulatedAccount {
    return this.find(login) ?? this.add({ login, name: null, email: null, type: "User" });
  }

  // The address git commits carry, in GitHub's noreply form when the account has none.
  commitEmail(account: SimulatedAccount): string {
    return account.email ?? `${account.id}+${account.login}@users.noreply.github.com`;
  }
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  control,
  drainJobs,
  makeJobsDue,
  mergeRequest,
  openRequest,
  pushToBranch,
  startProvisioningSandbox,
  waitFor,
  type OpenedRequest,
  type ProvisioningSandbox,
} from "@/test-support/provisioning-sandbox";

// Two open requests of one application and environment both add a line to the same
// kustomization.yaml, so merging one makes the other conflict with the base branch.

let sandbox: ProvisioningSandbox;

async function readRequest(id: string) {
  return sandbox.services.db.secretRequest.findUniqueOrThrow({ where: { id } });
}

async function auditActions(id: string): Promise<string[]> {
  const events = await sandbox.services.db.auditEvent.findMany({ where: { requestId: id }, orderBy: { createdAt: "asc" } });
  return events.map((event) => event.action);
}

async function approve(opened: OpenedRequest): Promise<void> {
  await control(sandbox.githubUrl, `/_sandbox/pulls/acme/gitops/${opened.number}/approve-as`, { login: "pat-platform" });
  await waitFor(
    () => readRequest(opened.id),
    (request) => request.reviewState === "APPROVED",
  );
}

beforeAll(async () => {
  sandbox = await startProvisioningSandbox();
});

afterAll(async () => {
  await sandbox?.close();
});

describe("pull request conflicting after a merge", { timeout: 120_000 }, () => {
  it("portal branch is rebuilt and merges", async () => {
    const first = await openRequest(sandbox, "sibling-one");
    const second = await openRequest(sandbox, "sibling-two");
    await approve(second);
    const before = await readRequest(second.id);

    await mergeRequest(sandbox, first);
    await makeJobsDue(sandbox.services);
    await drainJobs(sandbox.services);

    const pull = await sandbox.services.github.getPullRequest(second.number);
    expect(pull.mergeable).toBe(true);
    expect(pull.headSha).not.toBe(before.headSha);
    const rebuilt = await waitFor(
      () => readRequest(second.id),
      (request) => request.headSha === pull.headSha,
    );
    expect(rebuilt.reviewState).toBe("PENDING");
    expect(await auditActions(second.id)).toContain("pull_request.rebuilt");
    expect(await sandbox.services.github.hasComment(second.number, `secrets-portal:rebuilt:${second.id}:${pull.headSha}`)).toBe(true);

    await mergeRequest(sandbox, second);
    await drainJobs(sandbox.services);

    expect((await readRequest(second.id)).status).toBe("PROVISIONED");
    const files = await sandbox.services.github.listPullRequestFiles(second.number);
    const kustomization = files.find((file) => file.path.endsWith("kustomization.yaml"));
    const merged = (await sandbox.services.github.readFile(kustomization?.path ?? "", "main")) ?? "";
    expect(merged).toContain("sibling-one");
    expect(merged).toContain("sibling-two");
  });

  it("branch with another author's commit is kept", async () => {
    const first = await openRequest(sandbox, "foreign-one");
    const second = await openRequest(sandbox, "foreign-two");
    const pushed = await pushToBranch(sandbox, (await readRequest(second.id)).branchName ?? "", "notes/hand-made.txt", "by hand\n");

    await mergeRequest(sandbox, first);
    await makeJobsDue(sandbox.services);
    await drainJobs(sandbox.services);

    const pull = await sandbox.services.github.getPullRequest(second.number);
    expect(pull.headSha).toBe(pushed);
    expect(pull.mergeable).toBe(false);
    expect(await auditActions(second.id)).not.toContain("pull_request.rebuilt");
    expect((await readRequest(second.id)).statusDetail).toContain(`Pull request #${second.number} conflicts with main and has commits the portal did not make`);
  });
});

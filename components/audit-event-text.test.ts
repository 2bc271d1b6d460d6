import { describe, expect, it } from "vitest";

import { auditActionLabel, auditActorLabel, describeAuditDetail } from "./audit-event-text";

describe("auditActionLabel", () => {
  it("labels a known action", () => {
    expect(auditActionLabel("pull_request.merged")).toBe("Merged the pull request");
  });

  it("keeps an unknown action id", () => {
    expect(auditActionLabel("secret.archived")).toBe("secret.archived");
  });
});

describe("auditActorLabel", () => {
  it("names a GitHub user", () => {
    expect(auditActorLabel("github:pat-platform")).toBe("pat-platform on GitHub");
  });

  it("names the portal for jobs", () => {
    expect(auditActorLabel("system")).toBe("Secrets Portal (background job)");
  });

  it("keeps a portal login", () => {
    expect(auditActorLabel("dana-dev")).toBe("dana-dev");
  });
});

describe("describeAuditDetail", () => {
  it("labels known keys", () => {
    expect(describeAuditDetail({ number: 7, state: "APPROVED" })).toEqual([
      { label: "Pull request", value: "#7" },
      { label: "Review", value: "APPROVED" },
    ]);
  });

  it("joins lists", () => {
    expect(describeAuditDetail({ keys: ["username", "password"] })).toEqual([{ label: "Keys", value: "username, password" }]);
  });

  it("skips nested objects", () => {
    expect(describeAuditDetail({ nested: { a: 1 } })).toEqual([]);
  });

  it("returns nothing for a non-object", () => {
    expect(describeAuditDetail("text")).toEqual([]);
  });

  it("skips empty strings", () => {
    expect(describeAuditDetail({ error: "" })).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";

import { RequestStatus } from "@/lib/db/enums";

import { isTransitionalStatus, statusExplanation, statusLabel } from "./request-status-text";

const ALL_STATUSES = Object.values(RequestStatus);

describe("request status text", () => {
  it.each(ALL_STATUSES)("labels %s", (status) => {
    expect(statusLabel(status).length).toBeGreaterThan(0);
  });

  it.each(ALL_STATUSES)("explains %s", (status) => {
    expect(statusExplanation(status)).toMatch(/\.$/);
  });

  it("explains a pull request in review", () => {
    expect(statusExplanation("PR_OPEN")).toBe("Waiting for the platform team to review and merge the pull request.");
  });

  it("treats opening and merged as transitional", () => {
    expect(ALL_STATUSES.filter(isTransitionalStatus).sort()).toEqual(["MERGED", "OPENING_PR"]);
  });
});

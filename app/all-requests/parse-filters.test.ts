import { describe, expect, it } from "vitest";

import { parseRequestFilters } from "./parse-filters";

const known = { environments: ["dev", "prod"], applications: ["payments-api", "checkout-web"] };

describe("parseRequestFilters", () => {
  it("reads every filter", () => {
    expect(parseRequestFilters({ environment: "prod", application: "payments-api", status: "PR_OPEN" }, known)).toEqual({
      environment: "prod",
      application: "payments-api",
      status: "PR_OPEN",
    });
  });

  it("treats empty values as any", () => {
    expect(parseRequestFilters({ environment: "", application: "", status: "" }, known)).toEqual({});
  });

  it("drops an unknown environment", () => {
    expect(parseRequestFilters({ environment: "qa" }, known)).toEqual({});
  });

  it("drops an unknown status", () => {
    expect(parseRequestFilters({ status: "DONE" }, known)).toEqual({});
  });

  it("keeps valid filters next to invalid ones", () => {
    expect(parseRequestFilters({ environment: "qa", application: "checkout-web" }, known)).toEqual({ application: "checkout-web" });
  });

  it("uses the first of repeated values", () => {
    expect(parseRequestFilters({ status: ["MERGED", "PR_OPEN"] }, known)).toEqual({ status: "MERGED" });
  });
});

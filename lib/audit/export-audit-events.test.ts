import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveActor, type Actor } from "@/lib/auth/roles";
import { PortalError } from "@/lib/errors";
import type { Services } from "@/lib/services";
import { createTestDatabase, type TestDatabase } from "@/test-support/database";
import { databaseOnlyServices } from "@/test-support/services";

import { csvField, exportAuditEvents, listAuditRows } from "./export-audit-events";

let database: TestDatabase;
let services: Services;
let security: Actor;
let developer: Actor;
let requestId: string;

function actor(login: string, teams: string[]): Actor {
  return resolveActor({ userId: "00000000-0000-4000-8000-000000000001", login, name: login, teams }, services.config);
}

beforeAll(async () => {
  database = await createTestDatabase();
  services = databaseOnlyServices(database.db, "the audit export");
  security = actor("sam-security", ["security"]);
  developer = actor("dana-dev", ["payments"]);

  const user = await database.db.user.create({ data: { login: "dana-dev", name: "Dana" } });
  const request = await database.db.secretRequest.create({
    data: {
      environment: "dev",
      application: "payments-api",
      secretName: "db-password",
      providerName: "/dev/payments-api/db-password",
      namespace: "payments-dev",
      kubernetesName: "db-password",
      secretType: "Opaque",
      keyNames: ["password"],
      valueSource: "GENERATED",
      refreshInterval: "1h",
      description: "Database password",
      status: "PR_OPEN",
      requesterId: user.id,
    },
  });
  requestId = request.id;
  await database.db.auditEvent.create({
    data: { requestId, actor: "dana-dev", action: "request.created", detail: { note: "=HYPERLINK(\"x\")" }, ipAddress: "127.0.0.1" },
  });
  await database.db.auditEvent.create({ data: { requestId, actor: "github:pat-platform", action: "pull_request.merged" } });
});

afterAll(async () => {
  await database?.close();
});

describe("audit export", () => {
  it("csv has header and rows", async () => {
    const result = await exportAuditEvents(services, security, "csv", {});
    const lines = result.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("createdAt,actor,action,requestId,environment,application,providerName,ipAddress,userAgent,detail");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"request.created"');
    expect(lines[1]).toContain('"/dev/payments-api/db-password"');
    expect(result.contentType).toBe("text/csv; charset=utf-8");
  });

  it("json lists events oldest first", async () => {
    const result = await exportAuditEvents(services, security, "json", { requestId });
    const rows = JSON.parse(result.body) as Array<{ action: string }>;
    expect(rows.map((row) => row.action)).toEqual(["request.created", "pull_request.merged"]);
  });

  it("export is itself audited", async () => {
    await exportAuditEvents(services, security, "csv", {});
    const exported = await database.db.auditEvent.findFirst({ where: { action: "audit.exported" }, orderBy: { createdAt: "desc" } });
    expect(exported?.actor).toBe("sam-security");
  });

  it("developer cannot export", async () => {
    const error = await exportAuditEvents(services, developer, "csv", {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PortalError);
    expect((error as PortalError).code).toBe("FORBIDDEN");
  });

  it("developer cannot read the trail", async () => {
    const error = await listAuditRows(services, developer, {}, { limit: 10 }).catch((caught: unknown) => caught);
    expect((error as PortalError).code).toBe("FORBIDDEN");
  });

  it("newest first lists the latest event first", async () => {
    // The JSON export above filtered by this request, so its own audit event is the latest.
    const rows = await listAuditRows(services, security, { requestId }, { limit: 2, newestFirst: true });
    expect(rows.map((row) => row.action)).toEqual(["audit.exported", "pull_request.merged"]);
  });
});

describe("csv field", () => {
  it("formula text is neutralized", () => {
    expect(csvField("=1+1")).toBe(`"'=1+1"`);
    expect(csvField("@SUM(A1)")).toBe(`"'@SUM(A1)"`);
  });

  it("quotes are doubled", () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
  });

  it("objects become JSON", () => {
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("null becomes empty", () => {
    expect(csvField(null)).toBe('""');
  });
});

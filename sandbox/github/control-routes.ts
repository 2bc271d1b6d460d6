import { z } from "zod";

import { ApiError, notFound } from "./api-error";
import { faultSchema, latencySchema } from "./faults";
import { addPersonaComment, runPersonaAction, type PersonaAction } from "./persona-actions";
import type { ApiResult } from "./router";
import type { EmitEvent, SimulatorRuntime } from "./simulator-context";
import { findRepo } from "./simulator-context";
import { deliverySummaryJson } from "./webhook-deliveries";

export interface ControlCall {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  runtime: SimulatorRuntime;
  emit: EmitEvent;
}

export interface ControlRoute {
  method: string;
  template: string;
  handle(call: ControlCall): Promise<ApiResult>;
}

const webhookSwitchSchema = z.object({ enabled: z.boolean() });
const personaSchema = z.object({
  login: z.string().min(1),
  body: z.string().optional(),
  merge_method: z.enum(["merge", "squash"]).optional(),
  sha: z.string().optional(),
});

// Control bodies are sandbox-only, so their errors name the field in plain words.
function parseControl<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`);
  throw new ApiError(422, `Invalid control request: ${problems.join("; ")}`);
}

function personaRoute(suffix: string, action: PersonaAction): ControlRoute {
  return {
    method: "POST",
    template: `/_sandbox/pulls/{owner}/{repo}/{pull_number}/${suffix}`,
    async handle(call) {
      const repo = findRepo(call.runtime, call.params.owner ?? "", call.params.repo ?? "");
      if (!repo) throw notFound();
      const input = parseControl(personaSchema, call.body);
      const result = await runPersonaAction(
        call.runtime,
        repo,
        Number(call.params.pull_number),
        input.login,
        action,
        { body: input.body, mergeMethod: input.merge_method, sha: input.sha },
        call.emit,
      );
      return { status: 200, body: result };
    },
  };
}

function avatarSvg(login: string): string {
  const initial = (login.replace(/[^a-z0-9]/gi, "")[0] ?? "?").toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#6e7781"/><text x="20" y="26" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initial}</text></svg>`;
}

export const controlRoutes: ControlRoute[] = [
  {
    method: "GET",
    template: "/_sandbox/deliveries",
    async handle(call) {
      // `?wait=1` first lets queued deliveries finish, so tests can read final status codes.
      if (call.query.has("wait")) await call.runtime.deliveries.idle();
      return { status: 200, body: call.runtime.deliveries.list().map(deliverySummaryJson) };
    },
  },
  {
    method: "GET",
    template: "/_sandbox/deliveries/{id}",
    async handle(call) {
      const record = call.runtime.deliveries.find(call.params.id ?? "");
      if (!record) throw notFound();
      return {
        status: 200,
        body: {
          ...deliverySummaryJson(record),
          request: { headers: call.runtime.deliveries.headersFor(record), payload: JSON.parse(record.body) as unknown },
        },
      };
    },
  },
  {
    method: "POST",
    template: "/_sandbox/deliveries/{id}/redeliver",
    async handle(call) {
      const record = call.runtime.deliveries.redeliver(call.params.id ?? "");
      if (!record) throw notFound();
      return { status: 202, body: deliverySummaryJson(record) };
    },
  },
  {
    method: "GET",
    template: "/_sandbox/webhooks",
    async handle(call) {
      return { status: 200, body: { enabled: call.runtime.deliveries.enabled } };
    },
  },
  {
    method: "POST",
    template: "/_sandbox/webhooks",
    async handle(call) {
      const input = parseControl(webhookSwitchSchema, call.body);
      call.runtime.deliveries.enabled = input.enabled;
      return { status: 200, body: { enabled: input.enabled } };
    },
  },
  {
    method: "GET",
    template: "/_sandbox/faults",
    async handle(call) {
      return { status: 200, body: call.runtime.faults.list() };
    },
  },
  {
    method: "POST",
    template: "/_sandbox/faults",
    async handle(call) {
      return { status: 201, body: call.runtime.faults.addFault(parseControl(faultSchema, call.body)) };
    },
  },
  {
    method: "DELETE",
    template: "/_sandbox/faults",
    async handle(call) {
      call.runtime.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: "POST",
    template: "/_sandbox/latency",
    async handle(call) {
      return { status: 201, body: call.runtime.faults.addLatency(parseControl(latencySchema, call.body)) };
    },
  },
  {
    method: "DELETE",
    template: "/_sandbox/latency",
    async handle(call) {
      call.runtime.faults.clearLatency();
      return { status: 204 };
    },
  },
  personaRoute("approve-as", "approve"),
  personaRoute("request-changes-as", "request_changes"),
  personaRoute("merge-as", "merge"),
  personaRoute("close-as", "close"),
  personaRoute("reopen-as", "reopen"),
  {
    method: "POST",
    template: "/_sandbox/pulls/{owner}/{repo}/{pull_number}/comment-as",
    async handle(call) {
      const repo = findRepo(call.runtime, call.params.owner ?? "", call.params.repo ?? "");
      if (!repo) throw notFound();
      const input = parseControl(personaSchema, call.body);
      const result = await addPersonaComment(call.runtime, repo, Number(call.params.pull_number), input.login, input.body ?? "");
      return { status: 200, body: result };
    },
  },
  {
    method: "GET",
    template: "/_sandbox/avatars/{login}",
    async handle(call) {
      return {
        status: 200,
        raw: Buffer.from(avatarSvg(call.params.login ?? "")),
        headers: { "content-type": "image/svg+xml", "cache-control": "max-age=3600" },
      };
    },
  },
  {
    method: "GET",
    template: "/_sandbox/health",
    async handle() {
      return { status: 200, body: { status: "ok" } };
    },
  },
];

"use server";

import { z } from "zod";

import { requireActor } from "@/lib/auth/session";
import { loadPortalConfig } from "@/lib/config/load";
import { checkRequest, type PolicyFinding } from "@/lib/policy";

// The form sends its current values while the person types; anything else is ignored.
const fieldsSchema = z.object({
  environment: z.string().max(100).optional(),
  application: z.string().max(100).optional(),
  secretName: z.string().max(300).optional(),
  justification: z.string().max(5000).optional(),
  refreshInterval: z.string().max(100).optional(),
});

/** Checks the new-request form's current values against the policy, for signed-in people only. */
export async function checkRequestPolicyAction(fields: unknown): Promise<PolicyFinding[]> {
  await requireActor();
  const parsed = fieldsSchema.safeParse(fields);
  if (!parsed.success) return [];
  return checkRequest(loadPortalConfig(), parsed.data);
}

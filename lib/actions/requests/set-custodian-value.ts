"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { requireActor } from "@/lib/auth/session";
import { setCustodianValue } from "@/lib/requests/set-custodian-value";
import { assertSameOriginAction } from "@/lib/security/action-guards";
import { getServices } from "@/lib/services";

import { toActionFormState } from "../error-state";
import type { ActionFormState } from "../form-state";
import { readRequestOrigin } from "../request-origin";

const requestIdSchema = z.uuid();

/** The form's state after a submission: messages only, never a submitted value. */
export interface CustodianFormState extends ActionFormState {
  /** Version id of the stored value after a successful submission. */
  storedVersionId: string | null;
}

/**
 * Stores a custodian's value in Secrets Manager. The values are read from the form data,
 * passed to the domain function and dropped; the returned state carries only messages.
 */
export async function setCustodianValueAction(_previous: CustodianFormState, formData: FormData): Promise<CustodianFormState> {
  const parsed = requestIdSchema.safeParse(formData.get("requestId"));
  if (!parsed.success) {
    return { fieldErrors: {}, formError: "The request id is missing or invalid; reload the page and try again.", storedVersionId: null };
  }
  const requestId = parsed.data;

  const submitted: Record<string, string> = {};
  for (const [name, value] of formData.entries()) {
    if (name.startsWith("value:") && typeof value === "string") submitted[name] = value;
  }

  let storedVersionId: string;
  try {
    await assertSameOriginAction();
    const actor = await requireActor();
    ({ versionId: storedVersionId } = await setCustodianValue(getServices(), actor, requestId, submitted, await readRequestOrigin()));
  } catch (error) {
    return { ...toActionFormState(error, { action: "setCustodianValue", requestId }), storedVersionId: null };
  }

  revalidatePath(`/requests/${requestId}`);
  return { fieldErrors: {}, formError: null, storedVersionId };
}

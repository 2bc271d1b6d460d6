"use server";

import { redirect } from "next/navigation";

import { requireActor } from "@/lib/auth/session";
import { createSecretRequest } from "@/lib/requests/create-request";
import { assertSameOriginAction, enforceRateLimit } from "@/lib/security/action-guards";
import { REQUEST_CREATION_RATE_LIMIT } from "@/lib/security/rate-limit";
import { getServices } from "@/lib/services";

import { toActionFormState } from "../error-state";
import type { ActionFormState } from "../form-state";
import { readRequestOrigin } from "../request-origin";
import { parseRequestForm } from "./parse-request-form";

/** Creates a secret request from the new-request form and opens its page. */
export async function createRequestAction(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  let requestId: string;
  try {
    await assertSameOriginAction();
    const actor = await requireActor();
    enforceRateLimit(REQUEST_CREATION_RATE_LIMIT, actor.userId, "new requests");
    const created = await createSecretRequest(getServices(), actor, parseRequestForm(formData), await readRequestOrigin());
    requestId = created.id;
  } catch (error) {
    return toActionFormState(error, { action: "createRequest" });
  }

  // redirect() throws, so it stays outside the try block that turns errors into form state.
  redirect(`/requests/${requestId}`);
}

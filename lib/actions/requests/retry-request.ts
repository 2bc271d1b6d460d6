"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { requireActor } from "@/lib/auth/session";
import { retryRequest } from "@/lib/requests/retry-request";
import { assertSameOriginAction } from "@/lib/security/action-guards";
import { getServices } from "@/lib/services";

import { toActionFormState } from "../error-state";
import type { ActionFormState } from "../form-state";
import { readRequestOrigin } from "../request-origin";

const retryFormSchema = z.object({ requestId: z.uuid() });

/** Retries the failed step of a request (opening its pull request, or provisioning) and refreshes its page. */
export async function retryRequestAction(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  const parsed = retryFormSchema.safeParse({ requestId: formData.get("requestId") });
  if (!parsed.success) return { fieldErrors: {}, formError: "The request id is missing or invalid; reload the page and try again." };
  const { requestId } = parsed.data;

  try {
    await assertSameOriginAction();
    const actor = await requireActor();
    await retryRequest(getServices(), actor, requestId, await readRequestOrigin());
  } catch (error) {
    return toActionFormState(error, { action: "retryRequest", requestId });
  }

  revalidatePath(`/requests/${requestId}`);
  return { fieldErrors: {}, formError: null };
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { requireActor } from "@/lib/auth/session";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { assertSameOriginAction } from "@/lib/security/action-guards";
import { getServices } from "@/lib/services";

import { toActionFormState } from "../error-state";
import type { ActionFormState } from "../form-state";
import { readRequestOrigin } from "../request-origin";

const cancelFormSchema = z.object({ requestId: z.uuid() });

/** Cancels the requester's open request: closes its pull request and deletes the branch. */
export async function cancelRequestAction(_previous: ActionFormState, formData: FormData): Promise<ActionFormState> {
  const parsed = cancelFormSchema.safeParse({ requestId: formData.get("requestId") });
  if (!parsed.success) return { fieldErrors: {}, formError: "The request id is missing or invalid; reload the page and try again." };
  const { requestId } = parsed.data;

  try {
    await assertSameOriginAction();
    const actor = await requireActor();
    await cancelRequest(getServices(), actor, requestId, await readRequestOrigin());
  } catch (error) {
    return toActionFormState(error, { action: "cancelRequest", requestId });
  }

  revalidatePath(`/requests/${requestId}`);
  return { fieldErrors: {}, formError: null };
}

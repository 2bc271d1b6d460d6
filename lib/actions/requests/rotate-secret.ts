"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";

import { requireActor } from "@/lib/auth/session";
import { rotateSecret } from "@/lib/requests/rotate-secret";
import { assertSameOriginAction } from "@/lib/security/action-guards";
import { getServices } from "@/lib/services";

import { toActionFormState } from "../error-state";
import type { ActionFormState } from "../form-state";
import { readRequestOrigin } from "../request-origin";

const rotateFormSchema = z.object({ requestId: z.uuid() });

export interface RotateFormState extends ActionFormState {
  rotation: { versionId: string; rotatedAt: string; nextRefreshBy: string | null } | null;
}

/** Rotates a generated secret and returns the new version and when pods can see it. */
export async function rotateSecretAction(_previous: RotateFormState, formData: FormData): Promise<RotateFormState> {
  const parsed = rotateFormSchema.safeParse({ requestId: formData.get("requestId") });
  if (!parsed.success) return { fieldErrors: {}, formError: "The request id is missing or invalid; reload the page and try again.", rotation: null };
  const { requestId } = parsed.data;

  let rotation: RotateFormState["rotation"];
  try {
    await assertSameOriginAction();
    const actor = await requireActor();
    const result = await rotateSecret(getServices(), actor, requestId, await readRequestOrigin());
    rotation = { versionId: result.versionId, rotatedAt: result.rotatedAt.toISOString(), nextRefreshBy: result.nextRefreshBy?.toISOString() ?? null };
  } catch (error) {
    return { ...toActionFormState(error, { action: "rotateSecret", requestId }), rotation: null };
  }

  revalidatePath(`/requests/${requestId}`);
  revalidatePath("/rotation");
  return { fieldErrors: {}, formError: null, rotation };
}

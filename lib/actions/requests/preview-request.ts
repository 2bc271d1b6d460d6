"use server";

import { requireActor } from "@/lib/auth/session";
import { previewRequest } from "@/lib/requests/preview/preview-request";
import type { RequestPreview } from "@/lib/requests/preview/preview-types";
import { getServices } from "@/lib/services";

import { parseRequestForm } from "./parse-request-form";

/** Renders the new-request form's live preview: the files its pull request would add or change. */
export async function previewRequestAction(formData: FormData): Promise<RequestPreview> {
  const actor = await requireActor();
  return await previewRequest(getServices(), actor, parseRequestForm(formData));
}

// Receives GitHub webhooks for the GitOps repository.
import { errorResponse } from "@/lib/errors";
import { readPortalEnv, requireSetting } from "@/lib/env";
import { getServices } from "@/lib/services";
import { receiveGitHubDelivery } from "@/lib/webhooks/github/receive-delivery";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const deliveryId = request.headers.get("x-github-delivery");
  try {
    const secret = requireSetting(readPortalEnv().GITHUB_WEBHOOK_SECRET, "GITHUB_WEBHOOK_SECRET", "the secret GitHub signs webhooks with");
    const result = await receiveGitHubDelivery(getServices(), secret, {
      rawBody: await request.text(),
      signature: request.headers.get("x-hub-signature-256"),
      event: request.headers.get("x-github-event"),
      deliveryId,
    });
    return Response.json({ message: result.message }, { status: result.status });
  } catch (error) {
    return errorResponse(error, { deliveryId, route: "webhooks/github" });
  }
}

// Prometheus scrape endpoint in the text exposition format.
import { errorResponse } from "@/lib/errors";
import { metricsRegistry } from "@/lib/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const body = await metricsRegistry.metrics();
    return new Response(body, {
      headers: { "content-type": metricsRegistry.contentType, "cache-control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error, { route: "metrics" });
  }
}

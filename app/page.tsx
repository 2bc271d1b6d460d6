// The portal's root sends people to their requests, or to sign-in first.
import { redirect } from "next/navigation";

import { getActor } from "@/lib/auth/session";

export default async function HomePage(): Promise<never> {
  const actor = await getActor();
  redirect(actor ? "/requests" : "/signin");
}

// next-auth's sign-in, callback, session and sign-out endpoints.
import NextAuth from "next-auth";

import { getAuthOptions } from "@/lib/auth/options";

export const runtime = "nodejs";

const handler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) =>
  NextAuth(getAuthOptions())(request, context);

export { handler as GET, handler as POST };

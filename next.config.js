/** @type {import('next').NextConfig} */
const nextConfig = {
  // These packages load WebAssembly, worker threads or native drivers from their own
  // folders at run time, so they must stay outside the server bundle.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "pino-pretty",
    "prom-client",
  ],
  poweredByHeader: false,
  // `next dev` would otherwise write an AGENTS.md into the checkout each time the sandbox starts.
  agentRules: false,
  experimental: { agentUpgrade: false },
  // proxy.ts sets every security header on pages and routes; static assets skip the proxy,
  // so they get nosniff here.
  async headers() {
    return [{ source: "/_next/static/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
  reactStrictMode: true,
};

export default nextConfig;

import { defineConfig } from "prisma/config";

// The CLI needs a URL only for `migrate deploy` and `db pull`; the portal itself connects
// through driver adapters (lib/db/client.ts), and `npm run db:migrate` applies migrations
// without the CLI.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" },
});

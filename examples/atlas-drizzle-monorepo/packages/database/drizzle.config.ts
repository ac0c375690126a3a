import { defineConfig } from "drizzle-kit";

// drizzle-kit does exactly one thing in this repository: `drizzle-kit pull` regenerates the
// TypeScript types in src/schema/ from the database that Atlas has brought to schema.sql.
// Drizzle migrations are BANNED: `push`, `generate`, `migrate`, `up` and `drop` are blocked by
// atlas-first-hooks. Run scripts/sync-schema.ps1 instead of calling drizzle-kit yourself.
export default defineConfig({
  dialect: "postgresql",
  out: "./src/schema",
  dbCredentials: {
    url: process.env.DATABASE_URL ?? "",
  },
});

-- packages/database/schema.sql: the single source of truth for the database schema.
--
-- Edit this file, then run scripts/sync-schema.ps1 (or scripts/sync-schema.sh): Atlas diffs it
-- against the local database and applies the difference, and `drizzle-kit pull` regenerates the
-- TypeScript types in src/schema/. Never write a Drizzle migration.

CREATE TABLE "users" (
  "id" serial PRIMARY KEY,
  "email" text NOT NULL,
  "name" text NOT NULL,
  "created_at" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "users_email_key" UNIQUE ("email")
);

CREATE TABLE "posts" (
  "id" serial PRIMARY KEY,
  "author_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
  "title" text NOT NULL,
  "body" text NOT NULL,
  "published_at" timestamptz
);

CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id");

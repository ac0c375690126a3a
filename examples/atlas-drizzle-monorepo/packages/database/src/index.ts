// The database client for the monorepo: one pool per process, typed by the generated schema.
// Types only come from src/schema/ (written by `drizzle-kit pull`); the schema itself is
// managed by Atlas from schema.sql. Never call Drizzle's migrate() here.
import { drizzle } from "drizzle-orm/node-postgres";
import { Pool } from "pg";

import * as relations from "./schema/relations";
import * as schema from "./schema/schema";

const globalForDb = globalThis as unknown as { pool?: Pool };

export const pool = globalForDb.pool ?? new Pool({ connectionString: process.env.DATABASE_URL });
if (process.env.NODE_ENV !== "production") globalForDb.pool = pool;

export const db = drizzle(pool, { schema: { ...schema, ...relations } });
export * from "./schema/schema";

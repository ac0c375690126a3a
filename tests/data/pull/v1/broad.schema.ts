import { pgSchema, pgTable, pgEnum, bigserial, serial, bigint, varchar, integer, numeric, text, real, doublePrecision, smallint, boolean, date, time, timestamp, jsonb, json, uuid, char, inet, interval, uniqueIndex, index, foreignKey, primaryKey, unique, pgView } from "drizzle-orm/pg-core"
import { sql } from "drizzle-orm"

export const billing = pgSchema("billing");
export const mood = pgEnum("mood", ["sad", "ok", "happy"])


export const invoicesInBilling = billing.table("invoices", {
	id: bigserial({ mode: 'number' }).notNull(),
	tenant: integer().notNull(),
	amount: numeric({ precision: 12, scale: 2 }).notNull(),
}, (table) => [
	primaryKey({ columns: [table.id, table.tenant], name: "invoices_pkey"}),
]);

export const posts = pgTable("posts", {
	id: serial().primaryKey(),
	userId: bigint("user_id", { mode: 'number' }).notNull(),
	title: text().notNull(),
	slug: text().notNull(),
}, (table) => [
	foreignKey({
		columns: [table.userId],
		foreignColumns: [users.id],
		name: "posts_user_id_fkey"
	}).onDelete("cascade"),
	uniqueIndex("posts_partial").using("btree", table.title.asc().nullsLast()).where(sql`(title <> ''::text)`),
	index("posts_title_idx").using("btree", sql`lower(title)`),
	unique("posts_slug_key").on(table.userId, table.slug),]);

export const users = pgTable("users", {
	id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
	email: varchar({ length: 255 }).notNull(),
	name: text(),
	score: numeric({ mode: 'number', precision: 10, scale: 2 }).default(0),
	ratio: real(),
	big: doublePrecision(),
	small: smallint().default(1).notNull(),
	flag: boolean().default(false).notNull(),
	born: date(),
	atTime: time("at_time", { precision: 3 }),
	createdAt: timestamp("created_at", { withTimezone: true }).default(sql`now()`).notNull(),
	updated: timestamp({ precision: 6 }),
	tags: text().array().default([]),
	grid: integer().array("[][]"),
	meta: jsonb(),
	raw: json(),
	uid: uuid().defaultRandom(),
	code: char({ length: 3 }),
	feeling: mood().default("ok"),
	ip: inet(),
	span: interval(),
	mixedCase: text("MixedCase"),
	emptyDefault: text("empty_default").default(""),
}, (table) => [
	unique("users_email_key").on(table.email),]);
export const activeUsers = pgView("active_users", {	id: bigint({ mode: 'number' }),
	email: varchar({ length: 255 }),
}).as(sql`SELECT users.id, users.email FROM users`);
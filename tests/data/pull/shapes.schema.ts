import { pgTable, unique, check, integer, uuid, varchar, text, timestamp, index, uniqueIndex, foreignKey, serial, numeric, pgSchema, bigserial, date, primaryKey, pgView, pgEnum } from "drizzle-orm/pg-core"
import { sql } from "drizzle-orm"

export const billing = pgSchema("billing");
export const currencyInBilling = billing.enum("currency", ['USD', 'EUR', 'GBP'])
export const mood = pgEnum("mood", ['sad', 'ok', 'happy', 'ecstatic'])
export const status = pgEnum("status", ['draft', 'published', 'archived'])


export const authors = pgTable("authors", {
	id: integer().primaryKey().generatedAlwaysAsIdentity({ name: "authors_id_seq", startWith: 1, increment: 1, minValue: 1, maxValue: 2147483647, cache: 1 }),
	uid: uuid().defaultRandom().notNull(),
	name: varchar({ length: 50 }).notNull(),
	email: text(),
	mood: mood().default('ok'),
	createdAt: timestamp("created_at", { mode: 'string' }).defaultNow().notNull(),
	updatedAt: timestamp("updated_at", { precision: 3, withTimezone: true, mode: 'string' }).defaultNow(),
	// TODO: failed to parse database type 'bytea'
	avatar: unknown("avatar"),
}, (table) => [
	unique("authors_email_key").on(table.email),
	check("authors_name_len", sql`char_length((name)::text) > 1`),
]);

export const posts = pgTable("posts", {
	id: serial().primaryKey().notNull(),
	authorId: integer("author_id").notNull(),
	title: varchar({ length: 200 }).notNull(),
	status: status().default('draft').notNull(),
	tags: integer().array().default([]),
	matrix: integer().array().array(),
	rating: numeric({ precision: 5, scale:  0 }),
	price: numeric({ precision: 10, scale:  2 }).default('9.99'),
	publishedAt: timestamp("published_at", { withTimezone: true, mode: 'string' }).defaultNow(),
}, (table) => [
	index("posts_author_idx").using("btree", table.authorId.asc().nullsLast().op("int4_ops")),
	uniqueIndex("posts_title_lower_idx").using("btree", sql`lower((title)::text)`),
	foreignKey({
			columns: [table.authorId],
			foreignColumns: [authors.id],
			name: "posts_author_id_fkey"
		}).onDelete("cascade"),
]);

export const invoicesInBilling = billing.table("invoices", {
	id: bigserial({ mode: "bigint" }).primaryKey().notNull(),
	authorId: integer("author_id"),
	amount: numeric({ precision: 10, scale:  2 }).notNull(),
	currency: currencyInBilling().default('USD').notNull(),
	issuedOn: date("issued_on").default(sql`CURRENT_DATE`),
}, (table) => [
	foreignKey({
			columns: [table.authorId],
			foreignColumns: [authors.id],
			name: "invoices_author_id_fkey"
		}),
]);

export const postTags = pgTable("post_tags", {
	postId: integer("post_id").notNull(),
	tag: text().notNull(),
}, (table) => [
	foreignKey({
			columns: [table.postId],
			foreignColumns: [posts.id],
			name: "post_tags_post_id_fkey"
		}).onDelete("cascade"),
	primaryKey({ columns: [table.postId, table.tag], name: "post_tags_pkey"}),
]);
export const publishedPosts = pgView("published_posts", {	id: integer(),
	title: varchar({ length: 200 }),
}).as(sql`SELECT posts.id, posts.title FROM posts WHERE posts.status = 'published'::status`);
import {
	pgTable,
	unique,
	bigint,
	varchar,
	text,
	numeric,
	real,
	doublePrecision,
	smallint,
	boolean,
	date,
	time,
	timestamp,
	jsonb,
	json,
	uuid,
	char,
	inet,
	interval,
	uniqueIndex,
	index,
	foreignKey,
	serial,
	pgSchema,
	primaryKey,
	bigserial,
	integer,
	pgView,
	pgEnum,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const billing = pgSchema('billing');
export const mood = pgEnum('mood', ['sad', 'ok', 'happy']);

export const users = pgTable(
	'users',
	{
		// You can use { mode: "bigint" } if numbers are exceeding js number limitations
		id: bigint({ mode: 'number' })
			.primaryKey()
			.generatedAlwaysAsIdentity({
				name: 'users_id_seq',
				startWith: 1,
				increment: 1,
				minValue: 1,
				maxValue: 9223372036854775807,
				cache: 1,
			}),
		email: varchar({ length: 255 }).notNull(),
		name: text(),
		score: numeric({ precision: 10, scale: 2 }).default('0'),
		ratio: real(),
		big: doublePrecision(),
		small: smallint().default(1).notNull(),
		flag: boolean().default(false).notNull(),
		born: date(),
		atTime: time('at_time', { precision: 3 }),
		createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).defaultNow().notNull(),
		updated: timestamp({ precision: 6, mode: 'string' }),
		tags: text().array().default(['']),
		grid: integer().array().array(),
		meta: jsonb(),
		raw: json(),
		uid: uuid().defaultRandom(),
		code: char({ length: 3 }),
		feeling: mood().default('ok'),
		ip: inet(),
		span: interval(),
		mixedCase: text('MixedCase'),
		emptyDefault: text('empty_default').default(''),
	},
	(table) => [unique('users_email_key').on(table.email)],
);

export const posts = pgTable(
	'posts',
	{
		id: serial().primaryKey().notNull(),
		// You can use { mode: "bigint" } if numbers are exceeding js number limitations
		userId: bigint('user_id', { mode: 'number' }).notNull(),
		title: text().notNull(),
		slug: text().notNull(),
	},
	(table) => [
		uniqueIndex('posts_partial')
			.using('btree', table.title.asc().nullsLast().op('text_ops'))
			.where(sql`(title <> ''::text)`),
		index('posts_title_idx').using('btree', sql`lower(title)`),
		foreignKey({
			columns: [table.userId],
			foreignColumns: [users.id],
			name: 'posts_user_id_fkey',
		}).onDelete('cascade'),
		unique('posts_slug_key').on(table.userId, table.slug),
	],
);

export const invoicesInBilling = billing.table(
	'invoices',
	{
		id: bigserial({ mode: 'bigint' }).notNull(),
		tenant: integer().notNull(),
		amount: numeric({ precision: 12, scale: 2 }).notNull(),
	},
	(table) => [primaryKey({ columns: [table.id, table.tenant], name: 'invoices_pkey' })],
);
export const activeUsers = pgView('active_users', {
	// You can use { mode: "bigint" } if numbers are exceeding js number limitations
	id: bigint({ mode: 'number' }),
	email: varchar({ length: 255 }),
}).as(sql`SELECT users.id, users.email FROM users`);

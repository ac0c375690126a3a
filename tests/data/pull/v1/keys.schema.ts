import { pgSchema, pgTable, pgEnum, integer, text, bigint, boolean, numeric, timestamp, date, jsonb, serial, index, uniqueIndex, foreignKey, primaryKey, unique, pgMaterializedView } from "drizzle-orm/pg-core"
import { sql } from "drizzle-orm"

export const ops = pgSchema("ops");
export const unusedKind = pgEnum("unused_kind", ["a", "b"])
export const prio = pgEnum("prio", ["low", "high"])
export const levelInOps = ops.enum("level", ["x", "y"])


export const notesInOps = ops.table("notes", {
	accountId: integer("account_id"),
	n: integer(),
	body: text(),
}, (table) => [
	foreignKey({
		columns: [table.accountId, table.n],
		foreignColumns: [tasksInOps.accountId, tasksInOps.n],
		name: "notes_account_id_n_fkey"
	}).onDelete("cascade"),
	index("notes_body_idx").using("btree", table.body.asc().nullsLast()),
	index("notes_multi").using("btree", table.accountId.desc().nullsFirst(), table.n.asc().nullsLast()),
	index("notes_n_idx").using("btree", table.n.asc().nullsLast()),
]);

export const tasksInOps = ops.table("tasks", {
	accountId: integer("account_id").notNull(),
	n: integer().notNull(),
	lvl: levelInOps(),
	ownerCode: text("owner_code"),
	title: text(),
}, (table) => [
	primaryKey({ columns: [table.accountId, table.n], name: "tasks_pkey"}),
	foreignKey({
		columns: [table.accountId],
		foreignColumns: [accounts.id],
		name: "tasks_acc_fk"
	}),
	foreignKey({
		columns: [table.ownerCode],
		foreignColumns: [accounts.code],
		name: "tasks_owner_fk"
	}).onUpdate("cascade").onDelete("set null"),
	unique("tasks_title_owner_code_key").on(table.title, table.ownerCode),]);

export const accounts = pgTable("accounts", {
	id: integer().primaryKey().generatedByDefaultAsIdentity(),
	code: text().notNull(),
	parentId: integer("parent_id"),
	kind: text().default("plain"),
	n: integer().default(-1),
	big: bigint({ mode: 'number' }).default(42),
	ok: boolean().default(true),
	price: numeric({ mode: 'number', precision: 8, scale: 2 }).default(1.50),
	p: prio().default("low"),
	nul: text(),
	at: timestamp().default(sql`CURRENT_TIMESTAMP`),
	d: date().default('2020-01-01'),
	j: jsonb().default({}),
	quoted: text().default("it's"),
	upperCode: text("upper_code").generatedAlwaysAs(sql`upper(code)`),
	seqN: serial("seq_n"),
}, (table) => [
	foreignKey({
		columns: [table.parentId],
		foreignColumns: [table.id],
		name: "accounts_parent_id_fkey"
	}),
	index("accounts_gin").using("gin", table.j.asc().nullsLast()),
	index("accounts_inc").using("btree", table.kind.asc().nullsLast()),
	uniqueIndex("accounts_kind_n").using("btree", table.kind.asc().nullsLast(), table.n.asc().nullsLast()),
	index("accounts_partial").using("btree", table.kind.asc().nullsLast()).where(sql`ok`),
	unique("accounts_code_key").on(table.code),]);

export const withUniqueNn = pgTable("with_unique_nn", {
	a: integer(),
	b: integer(),
}, (table) => [
	unique("u_nn").on(table.a, table.b).nullsNotDistinct(),]);
export const openTasksInOps = ops.view("open_tasks", {	accountId: integer("account_id"),
	n: integer(),
}).as(sql`SELECT tasks.account_id, tasks.n FROM ops.tasks`);

export const accCounts = pgMaterializedView("acc_counts", {	kind: text(),
	c: bigint({ mode: 'number' }),
}).as(sql`SELECT accounts.kind, count(*) AS c FROM accounts GROUP BY accounts.kind`);
import {
  pgTable,
  index,
  uniqueIndex,
  foreignKey,
  unique,
  integer,
  text,
  bigint,
  boolean,
  numeric,
  timestamp,
  date,
  jsonb,
  pgSchema,
  primaryKey,
  pgMaterializedView,
  pgEnum,
} from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const ops = pgSchema("ops");
export const levelInOps = ops.enum("level", ["x", "y"]);
export const prio = pgEnum("prio", ["low", "high"]);
export const unusedKind = pgEnum("unused_kind", ["a", "b"]);

export const accounts = pgTable(
  "accounts",
  {
    id: integer()
      .primaryKey()
      .generatedByDefaultAsIdentity({
        name: "accounts_id_seq",
        startWith: 1,
        increment: 1,
        minValue: 1,
        maxValue: 2147483647,
        cache: 1,
      }),
    code: text().notNull(),
    parentId: integer("parent_id"),
    kind: text().default("plain"),
    n: integer().default(sql`'-1'`),
    // You can use { mode: "bigint" } if numbers are exceeding js number limitations
    big: bigint({ mode: "number" }).default(42),
    ok: boolean().default(true),
    price: numeric({ precision: 8, scale: 2 }).default("1.50"),
    p: prio().default("low"),
    nul: text(),
    at: timestamp({ mode: "string" }).default(sql`CURRENT_TIMESTAMP`),
    d: date().default("2020-01-01"),
    j: jsonb().default({}),
    quoted: text().default("it's"),
    upperCode: text("upper_code").generatedAlwaysAs(sql`upper(code)`),
    seqN: integer("seq_n").default(sql`nextval('accounts_id_seq'::regclass)`),
  },
  (table) => [
    index("accounts_gin").using(
      "gin",
      table.j.asc().nullsLast().op("jsonb_ops"),
    ),
    index("accounts_inc").using(
      "btree",
      table.kind.asc().nullsLast().op("text_ops"),
      table.n.asc().nullsLast().op("text_ops"),
    ),
    uniqueIndex("accounts_kind_n").using(
      "btree",
      table.kind.asc().nullsLast().op("int4_ops"),
      table.n.asc().nullsLast().op("text_ops"),
    ),
    index("accounts_partial")
      .using("btree", table.kind.asc().nullsLast().op("text_ops"))
      .where(sql`ok`),
    foreignKey({
      columns: [table.parentId],
      foreignColumns: [table.id],
      name: "accounts_parent_id_fkey",
    }),
    unique("accounts_code_key").on(table.code),
  ],
);

export const notesInOps = ops.table(
  "notes",
  {
    accountId: integer("account_id"),
    n: integer(),
    body: text(),
  },
  (table) => [
    index("notes_body_idx").using(
      "btree",
      table.body.asc().nullsLast().op("text_ops"),
    ),
    index("notes_multi").using(
      "btree",
      table.accountId.desc().nullsFirst().op("int4_ops"),
      table.n.asc().nullsLast().op("int4_ops"),
    ),
    index("notes_n_idx").using(
      "btree",
      table.n.asc().nullsLast().op("int4_ops"),
    ),
    foreignKey({
      columns: [table.accountId, table.n],
      foreignColumns: [tasksInOps.accountId, tasksInOps.n],
      name: "notes_account_id_n_fkey",
    }).onDelete("cascade"),
  ],
);

export const withUniqueNn = pgTable(
  "with_unique_nn",
  {
    a: integer(),
    b: integer(),
  },
  (table) => [unique("u_nn").on(table.a, table.b)],
);

export const tasksInOps = ops.table(
  "tasks",
  {
    accountId: integer("account_id").notNull(),
    n: integer().notNull(),
    lvl: levelInOps(),
    ownerCode: text("owner_code"),
    title: text(),
  },
  (table) => [
    foreignKey({
      columns: [table.ownerCode],
      foreignColumns: [accounts.code],
      name: "tasks_owner_fk",
    })
      .onUpdate("cascade")
      .onDelete("set null"),
    foreignKey({
      columns: [table.accountId],
      foreignColumns: [accounts.id],
      name: "tasks_acc_fk",
    }),
    primaryKey({ columns: [table.accountId, table.n], name: "tasks_pkey" }),
    unique("tasks_title_owner_code_key").on(table.ownerCode, table.title),
  ],
);
export const openTasksInOps = ops
  .view("open_tasks", { accountId: integer("account_id"), n: integer() })
  .as(sql`SELECT tasks.account_id, tasks.n FROM ops.tasks`);

export const accCounts = pgMaterializedView("acc_counts", {
  kind: text(),
  // You can use { mode: "bigint" } if numbers are exceeding js number limitations
  c: bigint({ mode: "number" }),
}).as(
  sql`SELECT accounts.kind, count(*) AS c FROM accounts GROUP BY accounts.kind`,
);

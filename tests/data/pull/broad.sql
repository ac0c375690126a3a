CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE SCHEMA billing;
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  name text,
  score numeric(10,2) DEFAULT 0,
  ratio real,
  big double precision,
  small smallint NOT NULL DEFAULT 1,
  flag boolean NOT NULL DEFAULT false,
  born date,
  at_time time(3),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated timestamp(6),
  tags text[] DEFAULT '{}',
  grid integer[][],
  meta jsonb,
  raw json,
  uid uuid DEFAULT gen_random_uuid(),
  code char(3),
  feeling mood DEFAULT 'ok',
  ip inet,
  span interval,
  "MixedCase" text,
  empty_default text DEFAULT ''
);
CREATE TABLE posts (
  id serial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title text NOT NULL,
  slug text NOT NULL,
  CONSTRAINT posts_slug_key UNIQUE (user_id, slug)
);
CREATE INDEX posts_title_idx ON posts (lower(title));
CREATE UNIQUE INDEX posts_partial ON posts (title) WHERE title <> '';
CREATE TABLE billing.invoices (
  id bigserial,
  tenant int NOT NULL,
  amount numeric(12,2) NOT NULL,
  PRIMARY KEY (id, tenant)
);
CREATE VIEW active_users AS SELECT id, email FROM users;

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TYPE status AS ENUM ('draft', 'published', 'archived');
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('USD', 'EUR', 'GBP');

CREATE TABLE authors (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uid uuid NOT NULL DEFAULT gen_random_uuid(),
  name varchar(50) NOT NULL,
  email text UNIQUE,
  mood mood DEFAULT 'ok',
  created_at timestamp DEFAULT now() NOT NULL,
  updated_at timestamptz(3) DEFAULT now(),
  avatar bytea DEFAULT '\x00ff'::bytea,
  CONSTRAINT authors_name_len CHECK (char_length(name) > 1)
);

CREATE TABLE posts (
  id serial PRIMARY KEY,
  author_id integer NOT NULL REFERENCES authors(id) ON DELETE CASCADE,
  title varchar(200) NOT NULL,
  status status NOT NULL DEFAULT 'draft',
  tags integer[] DEFAULT '{}'::integer[],
  matrix integer[][],
  rating numeric(5),
  price numeric(10,2) DEFAULT 9.99,
  published_at timestamp with time zone DEFAULT now()
);
CREATE INDEX posts_author_idx ON posts (author_id);
CREATE UNIQUE INDEX posts_title_lower_idx ON posts (lower(title));

CREATE TABLE post_tags (
  post_id integer NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  tag text NOT NULL,
  PRIMARY KEY (post_id, tag)
);

CREATE VIEW published_posts AS SELECT id, title FROM posts WHERE status = 'published';

CREATE TABLE billing.invoices (
  id bigserial PRIMARY KEY,
  author_id integer REFERENCES public.authors(id),
  amount numeric(10,2) NOT NULL,
  currency billing.currency NOT NULL DEFAULT 'USD',
  issued_on date DEFAULT CURRENT_DATE
);

"""The schema lint reads libpg_query's JSON tree (C all the way) instead of converting the
protobuf tree node by node in Python (issue 21: 5 s per MB). It must hand the rest of the
project exactly what `MessageToDict(..., preserving_proto_field_name=True)` gave: proved here
over every SQL text the test suite writes, the example monorepo's schema, generated dumps,
and strings built to look like the JSON's own syntax."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.schema.sql import SqlSyntaxError
from hooks.schema.sql import parse
from tests.worst_cases import schema

TESTS = Path(__file__).resolve().parent
EXAMPLE = TESTS.parent / "examples"


def _protobuf_reading(text: str) -> list[tuple[str, dict[str, object], int]]:
    """What `parse` returned before: protobuf, then MessageToDict."""
    import postgast
    from google.protobuf import json_format

    from hooks.schema.sql import without_psql_input

    tree = postgast.parse(without_psql_input(text))
    data = json_format.MessageToDict(tree, preserving_proto_field_name=True)
    found = []
    for raw in data.get("stmts", []):
        node = raw.get("stmt", {})
        if node:
            kind, body = next(iter(node.items()))
            found.append((kind, body, int(raw.get("stmt_location", 0))))
    return found


def _same_reading(text: str) -> bool:
    try:
        ours = [(s.kind, s.node, s.offset) for s in parse(text)]
    except SqlSyntaxError:
        return True  # both reject it: the error path is tested with the lint
    if not text.isascii():  # offsets are characters in ours, bytes in the protobuf tree
        ours = [(kind, node, 0) for kind, node, _ in ours]
        theirs = [(kind, node, 0) for kind, node, _ in _protobuf_reading(text)]
        return ours == theirs
    return ours == _protobuf_reading(text)


def _sql_written_in_the_tests() -> list[str]:
    texts: set[str] = set()
    for path in sorted(TESTS.glob("*_test.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                upper = node.value.upper()
                if any(w in upper for w in ("CREATE ", "ALTER ", "COMMENT ON", "DROP ")):
                    texts.add(node.value)
    for path in sorted(EXAMPLE.rglob("*.sql")):
        texts.add(path.read_text(encoding="utf-8"))
    return sorted(texts)


CORPUS = _sql_written_in_the_tests()


def test_the_corpus_is_broad() -> None:
    assert len(CORPUS) > 150


@pytest.mark.parametrize("chunk", range(8))
def test_every_sql_text_of_the_suite_reads_as_protobuf_read_it(chunk) -> None:
    texts = CORPUS[chunk::8]
    differing = [t[:120] for t in texts if not _same_reading(t)]
    assert differing == []


JSONISH = [
    "CREATE TABLE t (a text DEFAULT '\":\"\"', b text DEFAULT '');",
    'CREATE TABLE "CreateStmt" ("tableElts" text DEFAULT \'"tableElts":\');',
    'COMMENT ON TABLE t IS \'{"CreateStmt":{"relation":""}}\';',
    'CREATE TABLE "we""ird" ("a\\" text DEFAULT E\'\\\\"\', "" text);',
    "CREATE TABLE t (a text DEFAULT '', b text DEFAULT '', c int DEFAULT 0, d bool DEFAULT false);",
    "CREATE TABLE t (a text[] DEFAULT '{}', b jsonb DEFAULT '{\"\": \"\"}'::jsonb);",
    "CREATE TABLE tëst (ä text DEFAULT 'ö', b text DEFAULT '');",
    "CREATE SERVER s FOREIGN DATA WRAPPER w; CREATE FOREIGN TABLE f (a int) SERVER s;",
]


@pytest.mark.parametrize("text", JSONISH)
def test_sql_that_spells_the_trees_own_json_reads_the_same(text) -> None:
    assert _same_reading(text)


def test_a_generated_dump_reads_the_same() -> None:
    assert _same_reading(schema(200))


_WORDS = st.sampled_from(
    ["''", '\'":""\'', "'\\\"'", "'CreateStmt'", "E'\\\\'", "0", "false", "'{}'", "now()"]
)


@settings(max_examples=60, deadline=None)
@given(defaults=st.lists(_WORDS, min_size=1, max_size=6))
def test_any_mix_of_empty_and_jsonish_defaults_reads_the_same(defaults) -> None:
    columns = ", ".join(f"c{i} text DEFAULT {d}" for i, d in enumerate(defaults))
    assert _same_reading(f"CREATE TABLE t ({columns});")


def test_a_warm_run_parses_without_importing_the_binding_or_protobuf(tmp_path) -> None:
    """Issue 25: libpg_query is loaded from the binding's wheel directly and the JSON-name
    table is remembered by the descriptor's identity, so a schema.sql commit does not pay
    for importing postgast and protobuf (~45 ms). A cold run computes the table from the
    descriptor; both runs give the same statements."""
    import json
    import os
    import subprocess
    import sys

    probe = (
        "import json, sys\n"
        "from hooks.schema.sql import parse\n"
        "stmts = parse('CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL);')\n"
        "print(json.dumps({'loaded': sorted(m for m in sys.modules"
        " if m.startswith(('postgast', 'google.protobuf'))),"
        " 'stmts': [[s.kind, s.node, s.offset] for s in stmts]}))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path)}

    def run() -> dict[str, object]:
        out = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout
        return json.loads(out)

    cold, warm = run(), run()
    assert "postgast.pg_query_pb2" in cold["loaded"]  # the table came from the descriptor
    assert warm["loaded"] == []  # neither the binding's package nor protobuf
    assert warm["stmts"] == cold["stmts"]


def test_the_remembered_name_table_is_the_descriptors() -> None:
    from hooks.schema import sql

    sql._json_to_protobuf()
    assert sql._names_from_descriptor() == sql._NAMES
    assert sql._NAMES[b"CreateStmt"] == b"create_stmt"
    assert sql._NAMES[b"tableElts"] == b"table_elts"


def test_a_syntax_error_through_the_direct_binding_keeps_its_offset() -> None:
    from hooks.schema.sql import SqlSyntaxError
    from hooks.schema.sql import parse

    text = "CREATE TABLE é (id int);\nCREATE TABLE t (id int,);\n"
    with pytest.raises(SqlSyntaxError) as caught:
        parse(text)
    assert text[caught.value.offset] == ")"  # a character offset, after a two-byte character
    assert "syntax error" in caught.value.message


def test_a_source_parsed_in_an_earlier_run_is_read_from_the_memo(tmp_path) -> None:
    """Issue 25: HEAD's schema.sql was the previous commit's new side; its statements are
    remembered by its text (and the parser's identity), so the old side of the next commit
    is not parsed again. Non-ASCII text keeps its character offsets through the memo."""
    import json
    import os
    import subprocess
    import sys

    from tests.worst_cases import schema

    text = "-- café\n" + schema(20)
    assert len(text) > 4096
    source = tmp_path / "schema.sql"
    source.write_text(text, encoding="utf-8")
    probe = (
        "import json, sys\n"
        "from hooks.schema import sql\n"
        "text = open(sys.argv[1], encoding='utf-8').read()\n"
        "if sys.argv[2] == 'warm':\n"
        "    def refuse(text): raise AssertionError('parsed again')\n"
        "    sql._parse = refuse\n"
        "stmts = sql.parse(text)\n"
        "locations = [s.to_char(s.node.get('relation', {}).get('location', 0)) for s in stmts]\n"
        "print(json.dumps([[s.kind, s.node, s.offset] for s in stmts] + [locations]))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path), "TEMP": str(tmp_path), "TMP": str(tmp_path)}

    def run(mode: str) -> list[object]:
        out = subprocess.run(
            [sys.executable, "-c", probe, str(source), mode],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return json.loads(out)

    cold = run("cold")
    assert run("warm") == cold
    locations = cold[-1]
    assert isinstance(locations, list)
    assert text[locations[0] : locations[0] + 9] == "public.t0"  # offsets count characters


def test_a_small_source_is_not_remembered(tmp_path, monkeypatch) -> None:
    from hooks.schema import sql

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    sql._remember("CREATE TABLE t (id int);", sql._parse("CREATE TABLE t (id int);"))
    assert not list(tmp_path.rglob("memo-*"))


@pytest.mark.parametrize("name", ["postgast", "yaml", "json", "hooks", "no_such_module_here"])
def test_a_modules_spec_is_found_as_importlib_finds_it(name) -> None:
    """The parser's library is located without importing importlib.util (a schema commit's
    2.5 ms): the same spec, or None."""
    import importlib.util

    from hooks.schema.sql import _spec_of

    expected, found = importlib.util.find_spec(name), _spec_of(name)
    assert (expected is None) == (found is None)
    if expected is not None:
        assert (found.name, found.origin, found.submodule_search_locations) == (
            expected.name,
            expected.origin,
            expected.submodule_search_locations,
        )


def _fields(thing: object) -> object:
    """A model object's fields, deeply, as plain data (for comparing two models)."""
    from hooks.schema import model

    if isinstance(thing, (model.Column, model.Index, model.UniqueIndex)):
        return (type(thing).__name__, {n: _fields(getattr(thing, n)) for n in thing.__slots__})
    if isinstance(thing, (model.Schema, model.Table)):
        return (type(thing).__name__, {n: _fields(v) for n, v in vars(thing).items()})
    if isinstance(thing, dict):
        return {k: _fields(v) for k, v in thing.items()}
    if isinstance(thing, list):
        return [_fields(v) for v in thing]
    return thing


def _model_sources() -> list[str]:
    """Every rich schema the tests hold, each made large enough to be remembered."""
    from tests.lint_schema_source_test import HAND_WRITTEN
    from tests.lint_schema_source_test import PG_DUMP

    found = [HAND_WRITTEN, PG_DUMP, EXTRA_SHAPES]
    found += [p.read_text() for p in sorted((Path(__file__).parent / "data/pull").glob("*.sql"))]
    found.append((EXAMPLE_SCHEMA).read_text())
    return [text + "\n-- padding\n" * 400 for text in found]


EXAMPLE_SCHEMA = (
    Path(__file__).parent.parent / "examples/atlas-drizzle-monorepo/packages/database/schema.sql"
)
# What the other sources do not hold: partitions, domains, views, functions, exclusions,
# identity and generated columns, collations, partial and expression indexes, actions.
EXTRA_SHAPES = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
CREATE DOMAIN email AS text CHECK (VALUE ~ '@') NOT NULL;
CREATE FUNCTION now_utc() RETURNS timestamptz LANGUAGE sql AS $$ SELECT now() $$;
CREATE TABLE accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  email email,
  m mood DEFAULT 'ok',
  lower_name text GENERATED ALWAYS AS (lower(name)) STORED,
  created timestamptz DEFAULT now_utc(),
  CHECK (name IS NOT NULL),
  UNIQUE (email)
);
CREATE TABLE events (
  id bigserial, account_id bigint REFERENCES accounts (id) ON DELETE CASCADE ON UPDATE SET NULL,
  at timestamptz NOT NULL, during tstzrange,
  EXCLUDE USING gist (account_id WITH =, during WITH &&)
) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE UNIQUE INDEX accounts_lower ON accounts (lower(name)) WHERE email IS NOT NULL;
CREATE INDEX events_at ON events USING brin (at) INCLUDE (id);
CREATE VIEW active AS SELECT id FROM accounts;
ALTER TABLE accounts ADD CONSTRAINT positive CHECK (id > 0) NOT VALID;
"""


@pytest.mark.parametrize("index", range(7))
def test_a_remembered_model_is_the_model_built(tmp_path, monkeypatch, index) -> None:
    """A schema's model is read back from the memo field for field as it was built (the old
    side of a commit is the model the commit before built as its new side)."""
    from hooks.schema import model
    from hooks.schema.remembered import model_of
    from hooks.schema.remembered import recall

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    text = _model_sources()[index]
    statements = parse(text)
    shape = tuple((s.kind, s.offset) for s in statements)
    assert recall(text, shape) is None
    built = model_of(text, statements)
    model._BUILT.clear()
    recalled = recall(text, shape)
    assert recalled is not None
    assert recalled is not built
    assert _fields(recalled) == _fields(built)
    assert model_of(text, statements) is not built  # (from the memo: not built again)
    assert _fields(model_of(text, statements)) == _fields(built)


def test_a_model_is_not_recalled_for_another_text_shape_or_version(tmp_path, monkeypatch) -> None:
    from hooks.schema import remembered

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    text = _model_sources()[2]
    statements = parse(text)
    shape = tuple((s.kind, s.offset) for s in statements)
    remembered.model_of(text, statements)
    assert remembered.recall(text, shape) is not None
    assert remembered.recall(text + " ", shape) is None
    assert remembered.recall(text, shape[:-1]) is None
    monkeypatch.setattr(remembered, "_kind", lambda: b"model\0another build of the model")
    assert remembered.recall(text, shape) is None
    small = "CREATE TABLE t (id int);"  # (faster built than read back: never stored)
    remembered.model_of(small, parse(small))
    assert remembered.recall(small, (("create_stmt", 0),)) is None


@pytest.mark.parametrize(
    "stored",
    [{}, {"tables": {}}, [1, 2], "text", None],
    ids=["empty", "fields-missing", "a-list", "text", "none"],
)
def test_a_malformed_remembered_model_is_built_again(tmp_path, monkeypatch, stored) -> None:
    from hooks.repo.memo import memo_store
    from hooks.schema import model
    from hooks.schema import remembered

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    text = _model_sources()[0]
    statements = parse(text)
    shape = tuple((s.kind, s.offset) for s in statements)
    memo_store(remembered._kind(), remembered._key(text, shape), stored)
    assert remembered.recall(text, shape) is None
    model._BUILT.clear()
    assert remembered.model_of(text, statements).tables  # built

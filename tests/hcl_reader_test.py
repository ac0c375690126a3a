"""The HCL reader (hooks/atlas/hcl.py, issue 25): tree-sitter's parser, values as the guard and
the Atlas carrier read them, positions in characters, and syntax errors as one line."""

from __future__ import annotations

import pytest

from hooks.atlas.hcl import MAX_DEPTH
from hooks.atlas.hcl import Call
from hooks.atlas.hcl import Expr
from hooks.atlas.hcl import Ref
from hooks.atlas.hcl import Template
from hooks.atlas.hcl import parse
from hooks.report.violation import ToolError


def _value(source: str):
    return parse(f"x = {source}\n", "a.hcl").value("x")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param('"file://schema.sql"', "file://schema.sql", id="string"),
        pytest.param(r'"a\"b\\c\nd\te"', 'a"b\\c\nd\te', id="escapes"),
        pytest.param(r'"caf\u00e9 \U0001F600"', "café 😀", id="unicode-escapes"),
        pytest.param('"$${local.x} %%{y}"', "${local.x} %{y}", id="escaped-interpolation-is-text"),
        pytest.param('"é"', "é", id="non-ascii"),
        pytest.param("42", 42, id="int"),
        pytest.param("1.5", 1.5, id="float"),
        pytest.param("true", True, id="true"),
        pytest.param("false", False, id="false"),
        pytest.param("null", None, id="null"),
        pytest.param('["a", 1, true]', ["a", 1, True], id="tuple"),
        pytest.param('{ k = "v", "q" = 2 }', {"k": "v", "q": 2}, id="object"),
        pytest.param("[]", [], id="empty-tuple"),
    ],
)
def test_literal_values(source, expected) -> None:
    assert _value(source) == expected


def test_expressions_keep_what_they_are() -> None:
    ref = _value("data.external_schema.drizzle.url")
    assert isinstance(ref, Ref)
    assert ref.path == ("data", "external_schema", "drizzle", "url")
    call = _value('getenv("DATABASE_URL")')
    assert isinstance(call, Call)
    assert (call.name, call.args) == ("getenv", ("DATABASE_URL",))
    template = _value('"postgres://${local.user}:${getenv("PW")}@db/x"')
    assert isinstance(template, Template)
    assert template.parts[0] == "postgres://"
    assert isinstance(template.parts[1], Ref)
    assert template.parts[2] == ":"
    assert isinstance(template.parts[3], Call)
    single = _value('"${var.url}"')
    assert isinstance(single, Ref)  # "${x}" is x itself
    assert single.path == ("var", "url")
    for source in ("1 + 2", 'var.a ? "x" : "y"', "local.list[0]", '"%{ if true }x%{ endif }"'):
        assert isinstance(_value(source), Expr), source


def test_heredoc_is_a_template() -> None:
    found = parse("x = <<EOT\nfile://${local.f}\nEOT\n", "a.hcl").value("x")
    assert isinstance(found, Template)
    assert any(isinstance(p, Ref) and p.path == ("local", "f") for p in found.parts)


def test_values_nested_past_the_reading_depth_are_an_expression_not_an_error() -> None:
    deep = "[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10)
    found = _value(deep)
    depth = 0
    while isinstance(found, list) and found:
        found = found[0]
        depth += 1
    assert isinstance(found, Expr)
    assert depth == MAX_DEPTH + 1
    assert len(found.text) <= 200  # an excerpt, not the whole text


def test_blocks_labels_and_character_positions() -> None:
    doc = parse(
        '# é comment\nenv "production" {\n  diff { skip { drop_table = true } }\n}\n'
        'data "external_schema" "drizzle" { program = ["npx"] }\n'
        '/* é */ env "local" { src = "file://schema.sql" }\n',
        "a.hcl",
    )
    envs = list(doc.blocks_of("env"))
    assert [(b.label, b.line, b.col) for b in envs] == [("production", 2, 1), ("local", 6, 9)]
    (data,) = doc.blocks_of("data")
    assert data.labels == ("external_schema", "drizzle")
    assert data.body.position("program") == (5, 46)
    (diff,) = envs[0].body.blocks_of("diff")
    (skip,) = diff.body.blocks_of("skip")
    assert skip.body.value("drop_table") is True
    assert envs[1].body.value("src") == "file://schema.sql"
    assert envs[1].body.value("url", "unset") == "unset"


def test_every_value_of_a_block_and_its_blocks() -> None:
    doc = parse('env "a" {\n  url = local.u\n  diff { x = var.v }\n}\n', "a.hcl")
    (env,) = doc.blocks_of("env")
    paths = sorted(v.path for v in env.body.values() if isinstance(v, Ref))
    assert paths == [("local", "u"), ("var", "v")]


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        pytest.param(
            'env "x" {\n  url = \n}\n', "a.hcl:2:3:", "cannot read 'url ='", id="no-value"
        ),
        pytest.param('env "p" {\n  src = "x"\n', "a.hcl:3:1:", "expected '}'", id="unclosed-block"),
        pytest.param("x = 1 +\n", "a.hcl:2:1:", "expected", id="dangling-operator"),
        pytest.param('x = "abc\n', "a.hcl:2:1:", "expected a closing '\"'", id="unclosed-string"),
        pytest.param('é = "x" }\n', "a.hcl:1:", "invalid HCL", id="stray-brace"),
    ],
)
def test_syntax_errors_are_one_line_with_a_position(text, where, words) -> None:
    with pytest.raises(ToolError) as caught:
        parse(text, "a.hcl")
    message = str(caught.value)
    assert message.startswith(where)
    assert "invalid HCL" in message
    assert words in message
    assert "\n" not in message


def test_an_error_quotes_an_excerpt_of_a_huge_input() -> None:
    with pytest.raises(ToolError) as caught:
        parse('env "local" {\n  src = <<EOT\n' + "x" * 100_000 + "\n", "a.hcl")
    assert len(str(caught.value)) < 200


def test_valid_files_of_any_shape_parse() -> None:
    for text in ("", "# only a comment\n", "\ufeffx = 1\n", 'a "b" "c" {}\n', "x = {}\n"):
        parse(text, "a.hcl")

"""One spelling for what PostgreSQL stores as one: a parse tree without its positions, as
canonical text (`canonical`), with the spellings two writers of one definition differ in
made one (`normalized`: pg_dump's casts, `IN (…)` and `= ANY (ARRAY[…])`, BETWEEN, default
orders, operator classes and collations), and a column definition's parts as the model keeps
them: its DEFAULT as text and whether it is volatile, its collation. Two schema sources that
say the same thing in other words give the same model.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Every field of the parse tree that holds a position in the text rather than meaning:
# `location` and `*_location`, a list's bounds (`rexpr_list_start`/`_end` of `x IN (…)`,
# `list_start`/`_end` of ARRAY[…]) and a statement's length. A test walks the binding's whole
# message catalogue, so a position field added by a new parser release cannot slip through.
_POSITION = re.compile(r"(?:^|_)location$|(?:^|_)list_(?:start|end)$|^stmt_len$")


def is_position_field(name: str) -> bool:
    return _POSITION.search(name) is not None


def strip(node: Any) -> Any:
    """A parse node without positions: two spellings of one expression compare equal."""
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if not is_position_field(k)}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


# Operator classes that are their type's default for btree and gin: naming one is the same
# index as naming none (pgAdmin and some dumps write them).
_DEFAULT_OPCLASSES = frozenset({
    "int2_ops", "int4_ops", "int8_ops", "text_ops", "varchar_ops", "bpchar_ops", "numeric_ops",
    "float4_ops", "float8_ops", "bool_ops", "date_ops", "timestamp_ops", "timestamptz_ops",
    "time_ops", "uuid_ops", "bytea_ops", "oid_ops", "jsonb_ops", "array_ops", "inet_ops",
    "interval_ops", "char_ops", "name_ops", "enum_ops",
})  # fmt: skip


def normalized(node: Any) -> Any:
    """An expression as PostgreSQL stores it, as far as two spellings of one definition
    differ in the text: pg_dump's casts (`(e)::text`, `'x'::text`, `'english'::regconfig`)
    dropped, `a IN (…)` and `a = ANY (ARRAY[…])` one form, `BETWEEN` as the two comparisons
    it stands for, ASC / NULLS LAST (the default order) as no order, an option's 90 and
    '90' one value. Positions are stripped too."""
    if isinstance(node, list):
        return [normalized(v) for v in node]
    if not isinstance(node, dict):
        return node
    if "type_cast" in node and len(node) == 1:
        return normalized(node["type_cast"].get("arg"))
    expr = node.get("a_expr")
    if isinstance(expr, dict) and len(node) == 1:
        kind = expr.get("kind")
        right = expr.get("rexpr")
        if kind == "AEXPR_IN" and isinstance(right, dict) and "list" in right:
            items = right["list"].get("items", [])
            return {
                "any": [
                    normalized(expr.get("name")),
                    normalized(expr.get("lexpr")),
                    normalized(items),
                ]
            }
        if kind == "AEXPR_OP_ANY" and isinstance(right, dict) and "a_array_expr" in right:
            items = right["a_array_expr"].get("elements", [])
            return {
                "any": [
                    normalized(expr.get("name")),
                    normalized(expr.get("lexpr")),
                    normalized(items),
                ]
            }
        if kind == "AEXPR_BETWEEN" and isinstance(right, dict) and "list" in right:
            low, high = [*right["list"].get("items", []), None, None][:2]
            left = expr.get("lexpr")
            compare = [
                {"a_expr": {"kind": "AEXPR_OP", "name": [{"string": {"sval": op}}],
                            "lexpr": left, "rexpr": bound}}
                for op, bound in ((">=", low), ("<=", high))
            ]  # fmt: skip
            return normalized({"bool_expr": {"boolop": "AND_EXPR", "args": compare}})
    found = {k: normalized(v) for k, v in node.items() if not is_position_field(k)}
    if found.get("ordering") == "SORTBY_ASC":
        found["ordering"] = "SORTBY_DEFAULT"
    order = found.get("ordering")
    nulls = found.get("nulls_ordering")
    if (order, nulls) in (
        ("SORTBY_DEFAULT", "SORTBY_NULLS_LAST"),
        ("SORTBY_DESC", "SORTBY_NULLS_FIRST"),
    ):
        found["nulls_ordering"] = "SORTBY_NULLS_DEFAULT"
    if found.get("table_space") == "pg_default":
        del found["table_space"]  # where it already is
    if ".".join(strings(found.get("collation"))) in _DEFAULT_COLLATIONS:
        found.pop("collation", None)  # the column's own
    opclass = strings(found.get("opclass"))
    if opclass and opclass[-1] in _DEFAULT_OPCLASSES:
        del found["opclass"]
    if "def_elem" in found and isinstance(found["def_elem"], dict):
        arg = found["def_elem"].get("arg")
        if isinstance(arg, dict) and "integer" in arg:
            found["def_elem"]["arg"] = {"string": {"sval": str(arg["integer"].get("ival", 0))}}
    return found


# What only a spelling that `normalized` changes holds: without any, the stripped text is
# already the normalized one (the common case: one walk of the tree, not two).
SPELLINGS = re.compile(
    r'"(?:type_cast|AEXPR_IN|AEXPR_OP_ANY|AEXPR_BETWEEN|SORTBY_ASC|SORTBY_NULLS_FIRST'
    r'|SORTBY_NULLS_LAST|integer|table_space|collation|opclass)"'
)


def normalized_text(node: Any) -> str:
    """`normalized` as text, walking the tree twice only where a spelling can differ."""
    text = canonical(node)
    if SPELLINGS.search(text) is None:
        return text
    return json.dumps(normalized(node), sort_keys=True)


# The same fields as `_POSITION`, found in the tree's JSON text with their numbers: a key
# after another one (with the separator before it), and a first key (with the one after
# it). A key inside a string is escaped (`\"location\"`): never matched.
_PLACE = r'"(?:[A-Za-z_]*_)?(?:location|list_start|list_end|stmt_len)": -?\d+'
_PLACE_AFTER = re.compile(", " + _PLACE)
_PLACE_FIRST = re.compile(r"\{" + _PLACE + "(?:, )?")
_PLACE_LEFT = ('location": ', 'list_start": ', 'list_end": ', 'stmt_len": ')


def canonical(node: Any) -> str:
    """The tree as text without its positions: `json.dumps(strip(node))`, written by the C
    encoder and cut by two regular expressions rather than walked in Python (twice as
    fast on a schema; a position field that is not a number, which the parser never
    writes, takes the walk)."""
    text = _PLACE_FIRST.sub("{", _PLACE_AFTER.sub("", json.dumps(node, sort_keys=True)))
    if not any(left in text for left in _PLACE_LEFT):
        return text
    return json.dumps(strip(node), sort_keys=True)


def strings(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i.get("string", {}).get("sval", "")) for i in items if isinstance(i, dict)]


def columns_in(node: Any) -> set[str]:
    """Column names an expression refers to (its ColumnRef fields)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("column_ref")
            if isinstance(ref, dict):
                fields = strings(ref.get("fields"))
                if fields:
                    found.add(fields[-1])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def default(expr: Any) -> str:
    text = canonical(expr)
    if '"nextval"' in text:
        return "nextval"  # serial and pg_dump's SET DEFAULT nextval('…_seq'): one column
    return text


# Functions a DEFAULT commonly calls whose value changes per row (pg_proc.provolatile 'v'):
# ADD COLUMN with such a default rewrites the table. A function the schema declares without
# IMMUTABLE or STABLE is volatile too; any other built-in is taken as stable (now(), lower()).
_VOLATILE = frozenset({
    "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
    "uuidv4", "uuidv7", "random", "random_normal", "clock_timestamp", "timeofday",
    "nextval", "setval", "gen_random_bytes", "gen_salt", "crypt",
})  # fmt: skip


# A call's name in a DEFAULT's canonical text: the last of its (qualified) name parts.
_CALLED = re.compile(
    r'"funcname": \[(?:\{"string": \{"sval": "[^"]*"\}\}, )*\{"string": \{"sval": "([^"]*)"'
)


def volatile(default: str | None, declared: set[str]) -> bool:
    """Whether a DEFAULT (its canonical text) calls a volatile function."""
    if default == "nextval":
        return True
    if default is None or '"func_call"' not in default:
        return False
    return any(
        name.lower() in _VOLATILE or name.lower() in declared for name in _CALLED.findall(default)
    )


_DEFAULT_COLLATIONS = frozenset({"default", "pg_catalog.default"})


def collation(node: dict[str, Any]) -> str | None:
    """A column's collation; None for the type's own (`COLLATE "default"`, as pgAdmin writes
    it on every text column, is that one)."""
    clause = node.get("coll_clause")
    if not isinstance(clause, dict):
        return None
    name = ".".join(strings(clause.get("collname")))
    return None if not name or name in _DEFAULT_COLLATIONS else name

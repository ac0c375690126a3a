"""One column's type and default as a pull writes them, against the source's declaration
(for `pull_compare`): the builder's PostgreSQL type, and a default compared only where both
sides are plain literals."""

from __future__ import annotations

from hooks.drizzle.pulled import BUILDERS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.drizzle.pulled import Key
    from hooks.drizzle.pulled import Literal
    from hooks.drizzle.pulled import PulledColumn
    from hooks.schema.model import Column
    from hooks.schema.model import Schema


def pulled_type(
    column: PulledColumn, enums: dict[str, Key]
) -> tuple[str, tuple[int, ...], int] | None:
    """The type a column builder writes, as the schema model spells types; None: a builder
    this reader does not know (a custom type, pull's `unknown(...)`): not compared."""
    dims = int(column.options.get("dims", "0"))
    if column.builder in enums:
        schema, name = enums[column.builder]
        return f"{schema}.{name}", (), dims
    known = BUILDERS.get(column.builder)
    if known is None:
        return None
    name = known
    options = column.options
    if name in ("time", "timestamp") and options.get("withTimezone", "").strip() == "true":
        name += "tz"
    mods: list[int] = []
    for option in ("length", "precision", "scale"):
        value = options.get(option, "").strip()
        if value.isdigit():
            mods.append(int(value))
    if name == "interval":
        mods = []
    return name, tuple(mods), dims


def same_type(
    pulled: tuple[str, tuple[int, ...], int], source: tuple[str, tuple[int, ...], int]
) -> bool:
    name, mods, dims = pulled
    source_name, source_mods, source_dims = source
    if source_name == "interval":
        source_mods = ()
    if "." not in source_name and "." in name:  # an enum in public, named without its schema
        name = name.split(".", 1)[1]
    # Pull leaves out a precision or scale of 0 (`timestamp(0)`, `numeric(10,0)`).
    while source_mods and source_mods[-1] == 0 and len(source_mods) > len(mods):
        source_mods = source_mods[:-1]
    if name == "numeric" and len(mods) == 2 and mods[1] == 0 and len(source_mods) == 1:
        mods = mods[:1]  # numeric(5) is numeric(5,0): PostgreSQL's scale defaults to 0
    return (name, mods, dims) == (source_name, source_mods, source_dims)


_TEXT_TYPES = frozenset({"text", "varchar", "bpchar"})


def _source_literal(default: str | None) -> Literal | None:
    """A default of the source as a literal (None: no default; "sql": an expression)."""
    import json

    if default is None:
        return None
    if default == "nextval":
        return ("sql", "nextval")
    tree = json.loads(default)
    if isinstance(tree, dict) and "type_cast" in tree:
        tree = tree["type_cast"].get("arg")
    const = tree.get("a_const") if isinstance(tree, dict) else None
    if not isinstance(const, dict):
        return ("sql", "")
    if const.get("isnull"):
        return None  # DEFAULT NULL: PostgreSQL stores no default at all
    for kind, field in (("num", "ival"), ("num", "fval"), ("bool", "boolval"), ("str", "sval")):
        if field in const:
            value = const[field].get(field, "") if isinstance(const[field], dict) else ""
            if kind == "bool":
                value = "true" if value else "false"
            elif field == "ival":
                value = str(value or 0)
            return (kind, str(value))
    return ("sql", "")


def _number(text: str) -> object:
    from decimal import Decimal
    from decimal import InvalidOperation

    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def default_difference(declared: Column, column: PulledColumn, source: Schema) -> str:
    """How the two defaults of one column differ ("" when they agree or cannot be known)."""
    if declared.identity or declared.generated:
        return ""
    mine = _source_literal(declared.default)
    theirs = column.default or (("sql", "nextval") if column.serial else None)
    if (mine is None) != (theirs is None):
        if mine is None:
            return "has no default in the source but one in the generated schema"
        return "has a default in the source but none in the generated schema"
    if mine is None or theirs is None:
        return ""
    kind, value = mine
    other_kind, other = theirs
    if other_kind == "sql" and other.startswith("'") and other.endswith("'"):
        other_kind, other = "str", other[1:-1]  # pull's sql`'-1'` for an integer's -1
    same: bool | None = None
    if kind == "num" and other_kind in ("num", "str"):
        number = _number(value)
        same = None if number is None else number == _number(other)
    elif kind == "bool" and other_kind == "bool":
        same = value == other
    elif kind == "str" and other_kind == "str":
        type_name = declared.type[0]
        text_like = type_name in _TEXT_TYPES or _enum_key(type_name) in source.enums
        same = (value == other) if text_like and declared.type[2] == 0 else None
    if same is False:
        return (
            f"defaults to {_shown(kind, value)} in the source but to"
            f" {_shown(other_kind, other)} in the generated schema"
        )
    return ""


def _enum_key(type_name: str) -> Key:
    schema, _, name = type_name.rpartition(".")
    return (schema or "public", name)


def _shown(kind: str, value: str) -> str:
    return f"'{value}'" if kind == "str" else value

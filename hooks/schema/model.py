"""A schema model built from a desired-state SQL file, as Atlas would read it, normalized so
that formatting, order, comments, constraint names and type synonyms never matter (the
spellings made one in `normalization`).

In the model: schemas, tables (columns with type, collation, nullability, default and whether
it is volatile, identity, generated; PRIMARY KEY / UNIQUE / CHECK / FOREIGN KEY by content;
indexes), enum types, domains, views, functions by name and argument types. Everything else
(extensions, DO blocks, triggers, policies, grants, owners, comments, sequences, SET, seed
INSERTs) is outside it.
"""

from __future__ import annotations

import json

from hooks.report.run import per_run
from hooks.schema.comments import renamed_before
from hooks.schema.normalization import SPELLINGS
from hooks.schema.normalization import canonical
from hooks.schema.normalization import collation
from hooks.schema.normalization import columns_in
from hooks.schema.normalization import default
from hooks.schema.normalization import normalized
from hooks.schema.normalization import normalized_text
from hooks.schema.normalization import strings
from hooks.schema.normalization import strip
from hooks.schema.normalization import volatile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from typing import Any

    from hooks.schema.sql import Statement

Key = tuple[str, str]  # (schema, name)
ForeignKey = tuple[tuple[str, ...], Key, tuple[str, ...]]  # (columns, table, its columns)
Type = tuple[str, tuple[int, ...], int]  # (name, modifiers, array dimensions)

# Synonyms: one name per type (what PostgreSQL calls it internally).
_SYNONYMS = {
    "integer": "int4", "int": "int4", "int4": "int4", "serial": "int4", "serial4": "int4",
    "bigint": "int8", "int8": "int8", "bigserial": "int8", "serial8": "int8",
    "smallint": "int2", "int2": "int2", "smallserial": "int2", "serial2": "int2",
    "character varying": "varchar", "varchar": "varchar",
    "character": "bpchar", "char": "bpchar", "bpchar": "bpchar",
    "boolean": "bool", "bool": "bool",
    "decimal": "numeric", "numeric": "numeric",
    "real": "float4", "float4": "float4", "double precision": "float8", "float8": "float8",
    "timestamp": "timestamp", "timestamp without time zone": "timestamp",
    "timestamptz": "timestamptz", "timestamp with time zone": "timestamptz",
    "time": "time", "timetz": "timetz",
}  # fmt: skip
_SERIALS = frozenset({"serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"})


class Column:
    __slots__ = (
        "always", "collation", "default", "generated", "generation", "identity", "name",
        "not_null", "offset", "stored", "type", "volatile",
    )  # fmt: skip

    def __init__(self, name: str, offset: int) -> None:
        self.name = name
        self.type: tuple[str, tuple[int, ...], int] = ("", (), 0)  # name, modifiers, dims
        self.not_null = False
        self.default: str | None = None
        self.identity = False
        self.always = False  # GENERATED ALWAYS AS IDENTITY (not BY DEFAULT)
        self.generated = False
        self.stored = False  # a generated column written to disk (before PostgreSQL 18: all)
        self.generation: str | None = None  # its GENERATED expression, position-free
        self.volatile = False  # its DEFAULT calls a volatile function (or it is serial)
        self.collation: str | None = None
        self.offset = offset  # character offset of the definition


class Index:
    """One CREATE INDEX, as pull would name and describe it."""

    __slots__ = (
        "_refs", "columns", "definition", "include", "method", "name", "offset", "shape",
        "unique", "where",
    )  # fmt: skip

    def __init__(self, name: str | None, unique: bool, offset: int) -> None:
        self.name = name  # None: PostgreSQL chooses one
        self.unique = unique
        self.columns: tuple[str, ...] | None = None  # None: it indexes an expression
        self.include = False
        self.method = "btree"
        self.where = False
        self.definition = ""  # everything but its name, position-free: two spellings agree
        self.shape: dict[str, Any] = {}  # its parse tree, less its name
        self._refs: frozenset[str] | None = None
        self.offset = offset

    @property
    def refs(self) -> frozenset[str]:
        """Every column it reads (its keys, INCLUDE, expressions, WHERE): asked only by the
        hazard check, for a table whose columns change."""
        if self._refs is None:
            elements = [
                p.get("index_elem", {})
                for key in ("index_params", "index_including_params")
                for p in self.shape.get(key) or []
                if isinstance(p, dict)
            ]
            named = {str(e["name"]) for e in elements if "name" in e}
            self._refs = frozenset(named | columns_in(self.shape))
        return self._refs


class UniqueIndex:
    """A unique index that is not a plain column list: on expressions, or partial."""

    __slots__ = ("columns", "expressions", "offset", "refs", "where")

    def __init__(
        self,
        columns: frozenset[str],
        expressions: frozenset[str],
        refs: frozenset[str],
        where: str | None,
        offset: int,
    ) -> None:
        self.columns = columns  # plain column elements
        self.expressions = expressions  # expression elements, position-free
        self.refs = refs  # every column it indexes (plain, or read by an expression)
        self.where = where
        self.offset = offset

    @property
    def key(self) -> tuple[frozenset[str], frozenset[str], str | None]:
        return self.columns, self.expressions, self.where


class Table:
    def __init__(self, key: Key, offset: int) -> None:
        self.key = key
        self.offset = offset
        self.columns: dict[str, Column] = {}
        self.primary: frozenset[str] | None = None
        self.uniques: set[frozenset[str]] = set()
        self.unique_constraints: set[frozenset[str]] = set()  # UNIQUE, not unique indexes
        self.unique_indexes: list[UniqueIndex] = []  # on expressions, or partial
        self.indexes: list[Index] = []  # every CREATE INDEX on it
        self.checks: dict[str, tuple[frozenset[str], bool]] = {}  # expr -> (columns, valid)
        self.check_trees: dict[str, Any] = {}  # expr -> its parse tree, positions stripped
        self.foreign: dict[ForeignKey, bool] = {}  # -> valid (not NOT VALID)
        self.actions: dict[ForeignKey, tuple[str, str]] = {}  # -> (ON DELETE, ON UPDATE)
        self.exclusions: set[str] = set()  # EXCLUDE constraints, by content
        self.not_null_not_valid: set[str] = set()  # NOT NULL … NOT VALID (PostgreSQL 18)
        self.partition_of: Key | None = None  # PARTITION OF, or ATTACH PARTITION
        self.renamed_from: str | None = None
        self.column_renames: dict[str, str] = {}  # new column -> old column

    def keys(self) -> set[frozenset[str]]:
        """Every unique key: the primary key and the unique constraints and indexes."""
        found = set(self.uniques)
        if self.primary:
            found.add(self.primary)
        return found

    def not_null_columns(self) -> set[str]:
        """Columns no row can hold NULL in: NOT NULL, the primary key, or a validated
        `CHECK (col IS NOT NULL)`."""
        found = {c.name for c in self.columns.values() if c.not_null} | set(self.primary or ())
        return found | {
            col
            for expr, (cols, valid) in self.checks.items()
            if valid and len(cols) == 1 and '"nulltesttype": "IS_NOT_NULL"' in expr
            for col in cols
        }

    def not_null_by_check(self) -> set[str]:
        return {
            next(iter(cols))
            for expr, (cols, _) in self.checks.items()
            if len(cols) == 1 and '"nulltesttype": "IS_NOT_NULL"' in expr
        }


class Schema:
    def __init__(self) -> None:
        self.schemas: set[str] = set()
        self.tables: dict[Key, Table] = {}
        self.enums: dict[Key, list[str]] = {}
        self.enum_offsets: dict[Key, int] = {}
        # A domain -> (its base type, whether it constrains values: CHECK or NOT NULL)
        self.domains: dict[Key, tuple[tuple[str, tuple[int, ...], int], bool]] = {}
        self.domain_rules: dict[Key, frozenset[str]] = {}  # a domain -> its CHECKs, NOT NULL
        self.volatile_functions: set[str] = set()  # declared without IMMUTABLE or STABLE
        self.views: set[Key] = set()
        self.view_offsets: dict[Key, int] = {}
        self.functions: set[tuple[str, str, tuple[str, ...]]] = set()
        # A C function's library ('$libdir/btree_gist' -> btree_gist), and the extensions the
        # file creates: a dump that replaces an extension's functions by its CREATE EXTENSION
        # keeps every one of them.
        self.function_libraries: dict[tuple[str, str, tuple[str, ...]], str] = {}
        self.extensions: set[str] = set()


def _key(relation: dict[str, Any]) -> Key:
    return (str(relation.get("schemaname") or "public"), str(relation.get("relname", "")))


def _type(type_name: dict[str, Any], enums: set[Key]) -> tuple[str, tuple[int, ...], int]:
    names = strings(type_name.get("names"))
    if names and names[0] == "pg_catalog":
        names = names[1:]
    raw = " ".join(names) if len(names) == 1 else ".".join(names)
    name = _SYNONYMS.get(raw.lower(), raw)
    if len(names) == 1 and name == raw and ("public", raw) in enums:
        name = f"public.{raw}"
    mods: list[int] = []
    for mod in type_name.get("typmods", []) or []:
        value = mod.get("a_const", {}).get("ival", {}) if isinstance(mod, dict) else {}
        mods.append(int(value.get("ival", 0)) if isinstance(value, dict) else 0)
    dims = len(type_name.get("array_bounds", []) or [])
    return name, tuple(mods), dims


def type_text(kind: tuple[str, tuple[int, ...], int]) -> str:
    name, mods, dims = kind
    text = name + (f"({','.join(str(m) for m in mods)})" if mods else "")
    return text + "[]" * dims


_ACTIONS = {"a": "", "r": "restrict", "c": "cascade", "n": "set null", "d": "set default"}

_DEFINES = frozenset({"create_schema_stmt", "create_stmt"})


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.model = Schema()

    def build(self, statements: Iterable[Statement]) -> Schema:
        # Atlas reads the desired state in any order, so the model does too: enum types first
        # (a column's type may name one), then tables, then what refers to tables (ALTER,
        # indexes), each group in file order.
        pending = list(statements)
        for st in pending:
            if st.kind == "create_enum_stmt":
                self._enum(st)
            elif st.kind == "create_function_stmt":
                self._volatility(st)
        for group in (_DEFINES, None):
            for st in pending:
                handler = getattr(self, "_" + st.kind, None)
                if handler is None or st.kind == "create_enum_stmt":
                    continue
                if (st.kind in _DEFINES) == (group is not None):
                    handler(st)
        return self.model

    def _enum(self, st: Statement) -> None:
        names = strings(st.node.get("type_name"))
        key = (names[0], names[1]) if len(names) > 1 else ("public", names[0])
        self.model.enums[key] = strings(st.node.get("vals"))
        self.model.enum_offsets[key] = st.offset

    def _alter_enum_stmt(self, st: Statement) -> None:
        names = strings(st.node.get("type_name"))
        key = (names[0], names[1]) if len(names) > 1 else ("public", names[0])
        values = self.model.enums.setdefault(key, [])
        new = str(st.node.get("new_val", ""))
        if not new or new in values:
            return
        neighbor = st.node.get("new_val_neighbor")
        if neighbor in values:
            at = values.index(str(neighbor)) + (1 if st.node.get("new_val_is_after") else 0)
            values.insert(at, new)
        else:
            values.append(new)

    def _create_schema_stmt(self, st: Statement) -> None:
        self.model.schemas.add(str(st.node.get("schemaname", "")))

    def _create_stmt(self, st: Statement) -> None:
        relation = st.node.get("relation")
        if not isinstance(relation, dict):
            return
        table = Table(_key(relation), st.offset)
        table.renamed_from = renamed_before(self.text, st.offset)
        parents = st.node.get("inh_relations") or []
        if st.node.get("partbound") and parents and isinstance(parents[0], dict):
            table.partition_of = _key(parents[0].get("range_var") or {})
        self.model.tables[table.key] = table
        for element in st.node.get("table_elts", []) or []:
            if "column_def" in element:
                self._column(table, element["column_def"], st)
            elif "constraint" in element:
                self._constraint(table, element["constraint"], None)

    def _column(self, table: Table, node: dict[str, Any], st: Statement) -> None:
        name = str(node.get("colname", ""))
        offset = st.to_char(int(node.get("location", 0)))
        column = Column(name, offset)
        type_name = node.get("type_name") or {}
        assert isinstance(type_name, dict)
        column.type = _type(type_name, set(self.model.enums))
        raw = " ".join(strings(type_name.get("names"))[-1:]).lower()
        if raw in _SERIALS:
            column.not_null, column.default = True, "nextval"
        if raw in _SERIALS:
            column.volatile = True  # nextval()
        if node.get("raw_default"):
            column.default = default(node["raw_default"])
        column.collation = collation(node)
        table.columns[name] = column
        renamed = renamed_before(self.text, offset)
        if renamed:
            table.column_renames[name] = renamed
        for item in node.get("constraints", []) or []:
            if isinstance(item, dict) and "constraint" in item:
                self._constraint(table, item["constraint"], column)

    def _constraint(self, table: Table, node: dict[str, Any], column: Column | None) -> None:
        kind = node.get("contype")
        keys = tuple(strings(node.get("keys"))) or ((column.name,) if column else ())
        valid = not node.get("skip_validation")
        if kind == "CONSTR_NOTNULL" and column is not None:
            column.not_null = True
        elif kind == "CONSTR_NOTNULL":  # PostgreSQL 18: CONSTRAINT n NOT NULL col [NOT VALID]
            for name in keys:
                if name in table.columns and valid:
                    table.columns[name].not_null = True
                elif name in table.columns:
                    table.not_null_not_valid.add(name)
        elif kind == "CONSTR_DEFAULT" and column is not None:
            column.default = default(node.get("raw_expr"))
            column.volatile = volatile(column.default, self.model.volatile_functions)
        elif kind == "CONSTR_IDENTITY" and column is not None:
            column.identity, column.not_null = True, True
            column.always = node.get("generated_when") == "a"
        elif kind == "CONSTR_GENERATED" and column is not None:
            column.generated = True
            column.generation = normalized_text(node.get("raw_expr"))
            column.stored = node.get("generated_kind", "s") == "s"
        elif kind == "CONSTR_PRIMARY":
            table.primary = frozenset(keys)
        elif kind == "CONSTR_UNIQUE" and not keys and node.get("indexname"):
            named = next((i for i in table.indexes if i.name == node.get("indexname")), None)
            if named is not None and named.columns:  # ADD CONSTRAINT … UNIQUE USING INDEX
                table.uniques.add(frozenset(named.columns))
                table.unique_constraints.add(frozenset(named.columns))
        elif kind == "CONSTR_UNIQUE":
            table.uniques.add(frozenset(keys))
            table.unique_constraints.add(frozenset(keys))
        elif kind == "CONSTR_EXCLUSION":
            shape = {k: v for k, v in node.items() if k not in ("conname", "location")}
            table.exclusions.add(canonical(shape))
        elif kind == "CONSTR_CHECK":
            expr = strip(node.get("raw_expr"))
            key = json.dumps(expr, sort_keys=True)  # (positions stripped above)
            if SPELLINGS.search(key) is not None:
                key = json.dumps(normalized(expr), sort_keys=True)
            table.checks[key] = (frozenset(columns_in(expr)), valid)
            table.check_trees[key] = expr
        elif kind == "CONSTR_FOREIGN":
            fk_cols = tuple(strings(node.get("fk_attrs"))) or keys
            pktable = node.get("pktable")
            target = _key(pktable) if isinstance(pktable, dict) else ("public", "")
            fk = (fk_cols, target, tuple(strings(node.get("pk_attrs"))))
            table.foreign[fk] = valid
            table.actions[fk] = (
                _ACTIONS.get(str(node.get("fk_del_action", "a")), ""),
                _ACTIONS.get(str(node.get("fk_upd_action", "a")), ""),
            )

    def _alter_table_stmt(self, st: Statement) -> None:
        relation = st.node.get("relation")
        if not isinstance(relation, dict):
            return
        table = self.model.tables.get(_key(relation))
        if table is None:
            return
        for item in st.node.get("cmds", []) or []:
            cmd = item.get("alter_table_cmd", {}) if isinstance(item, dict) else {}
            subtype = cmd.get("subtype")
            name = str(cmd.get("name", ""))
            definition = cmd.get("def", {}) or {}
            column = table.columns.get(name)
            if subtype == "AT_AttachPartition" and "partition_cmd" in definition:
                child = self.model.tables.get(_key(definition["partition_cmd"].get("name") or {}))
                if child is not None:
                    child.partition_of = table.key
            elif subtype == "AT_AddConstraint" and "constraint" in definition:
                self._constraint(table, definition["constraint"], None)
            elif subtype == "AT_AddColumn" and "column_def" in definition:
                self._column(table, definition["column_def"], st)
            elif column is None:
                continue
            elif subtype == "AT_AddIdentity" and "constraint" in definition:
                self._constraint(table, definition["constraint"], column)
            elif subtype == "AT_ColumnDefault":
                column.default = default(definition) if definition else None
                column.volatile = volatile(column.default, self.model.volatile_functions)
            elif subtype == "AT_SetNotNull":
                column.not_null = True
            elif subtype == "AT_DropNotNull":
                column.not_null = False
            elif subtype == "AT_AlterColumnType" and "column_def" in definition:
                type_name = definition["column_def"].get("type_name") or {}
                column.type = _type(type_name, set(self.model.enums))
                column.collation = collation(definition["column_def"])

    def _index_stmt(self, st: Statement) -> None:
        relation = st.node.get("relation")
        if not isinstance(relation, dict):
            return
        table = self.model.tables.get(_key(relation))
        params = [p.get("index_elem", {}) for p in st.node.get("index_params", []) or []]
        if table is None:
            return
        where = st.node.get("where_clause")
        index = Index(st.node.get("idxname") or None, bool(st.node.get("unique")), st.offset)
        if all("name" in p for p in params):
            index.columns = tuple(str(p["name"]) for p in params)
        index.include = bool(st.node.get("index_including_params"))
        index.method = str(st.node.get("access_method") or "btree").lower()
        index.where = bool(where)
        shape = {
            k: v
            for k, v in st.node.items()
            if k not in ("idxname", "concurrent", "if_not_exists", "relation", "options")
        }
        index.definition = normalized_text(shape)
        index.shape = shape
        table.indexes.append(index)
        if not index.unique:
            return
        if all("name" in p for p in params) and not where:
            table.uniques.add(frozenset(str(p["name"]) for p in params))
            return
        expressions = [normalized(p.get("expr")) for p in params if "name" not in p]
        refs = columns_in(expressions)
        table.unique_indexes.append(
            UniqueIndex(
                frozenset(str(p["name"]) for p in params if "name" in p),
                frozenset(json.dumps(e, sort_keys=True) for e in expressions),
                frozenset(refs | {str(p["name"]) for p in params if "name" in p}),
                None if not where else json.dumps(normalized(where), sort_keys=True),
                st.offset,
            ),
        )

    def _view_stmt(self, st: Statement) -> None:
        view = st.node.get("view")
        if isinstance(view, dict):
            self.model.views.add(_key(view))
            self.model.view_offsets[_key(view)] = st.offset

    def _create_table_as_stmt(self, st: Statement) -> None:
        into = st.node.get("into", {})
        if st.node.get("objtype") == "OBJECT_MATVIEW" and isinstance(into, dict):
            rel = into.get("rel")
            if isinstance(rel, dict):
                self.model.views.add(_key(rel))
                self.model.view_offsets[_key(rel)] = st.offset

    def _create_function_stmt(self, st: Statement) -> None:
        names = strings(st.node.get("funcname"))
        schema, name = (names[0], names[1]) if len(names) > 1 else ("public", names[0])
        args = []
        for param in st.node.get("parameters", []) or []:
            p = param.get("function_parameter", {}) if isinstance(param, dict) else {}
            if p.get("mode", "FUNC_PARAM_IN") in ("FUNC_PARAM_OUT", "FUNC_PARAM_TABLE"):
                continue
            args.append(type_text(_type(p.get("arg_type", {}), set(self.model.enums))))
        signature = (schema, name, tuple(args))
        self.model.functions.add(signature)
        for option in st.node.get("options", []) or []:
            element = option.get("def_elem", {}) if isinstance(option, dict) else {}
            items = element.get("arg", {}).get("list", {}).get("items", [])
            if element.get("defname") == "as" and len(items) == 2:
                library = str(items[0].get("string", {}).get("sval", ""))
                self.model.function_libraries[signature] = library.rsplit("/", 1)[-1]

    def _volatility(self, st: Statement) -> None:
        """A function a DEFAULT may call: PostgreSQL takes VOLATILE unless told otherwise."""
        names = strings(st.node.get("funcname"))
        for option in st.node.get("options", []) or []:
            element = option.get("def_elem", {}) if isinstance(option, dict) else {}
            said = element.get("arg", {}).get("string", {}).get("sval")
            if element.get("defname") == "volatility" and said != "volatile":
                return
        if names:
            self.model.volatile_functions.add(names[-1].lower())

    def _create_domain_stmt(self, st: Statement) -> None:
        names = strings(st.node.get("domainname"))
        if not names:
            return
        key = (names[0], names[1]) if len(names) > 1 else ("public", names[0])
        base = _type(st.node.get("type_name") or {}, set(self.model.enums))
        constraints = [
            c.get("constraint", {})
            for c in st.node.get("constraints", []) or []
            if isinstance(c, dict)
        ]
        kept = [c for c in constraints if c.get("contype") in ("CONSTR_CHECK", "CONSTR_NOTNULL")]
        self.model.domains[key] = (base, bool(kept))
        self.model.domain_rules[key] = frozenset(
            canonical({k: v for k, v in c.items() if k != "conname"}) for c in kept
        )

    def _create_extension_stmt(self, st: Statement) -> None:
        self.model.extensions.add(str(st.node.get("extname", "")))


_BUILT: dict[tuple[str, tuple[tuple[str, int], ...]], Schema] = per_run({})


def build(
    text: str,
    statements: Iterable[Statement],
    *,
    recall: Callable[[], Schema | None] | None = None,
    keep: Callable[[Schema], None] | None = None,
) -> Schema:
    """The model of one version of a schema source (read-only: the same text and statements
    give the same model, built once per process: the schema lint and the generated-schema
    check model the same schema.sql in one run). `recall`, `keep`: a memo across runs
    (`hooks.schema.remembered.model_of`), asked before building and told what was built."""
    statements = list(statements)
    key = (text, tuple((s.kind, s.offset) for s in statements))
    model = _BUILT.get(key)
    if model is None:
        model = recall() if recall is not None else None
        if model is None:
            model = _Builder(text).build(statements)
            _referenced_keys(model)
            _partitions(model)
            if keep is not None:
                keep(model)
        if len(_BUILT) >= 4:
            _BUILT.pop(next(iter(_BUILT)))
        _BUILT[key] = model
    return model


def _partitions(model: Schema) -> None:
    """A partition has its parent's columns, primary key, unique keys and indexes: written
    out (pg_dump: the columns, `ADD CONSTRAINT …_pkey`, `CREATE INDEX …` and `ATTACH`) or
    not (`PARTITION OF`), it is one partition."""
    for table in model.tables.values():
        parent = model.tables.get(table.partition_of) if table.partition_of else None
        if parent is None or parent is table:
            continue
        for name, column in parent.columns.items():
            table.columns.setdefault(name, column)
        if table.primary is None:
            table.primary = parent.primary
        table.uniques |= parent.uniques
        table.unique_constraints |= parent.unique_constraints
        known = {index.definition for index in table.indexes}
        table.indexes += [index for index in parent.indexes if index.definition not in known]


def _referenced_keys(model: Schema) -> None:
    """`REFERENCES accounts` names no columns: it means the primary key of accounts (one
    column: a key of several has no order in the model, and stays as written)."""
    for table in model.tables.values():
        for fk in [fk for fk in table.foreign if not fk[2]]:
            target = model.tables.get(fk[1])
            if target is None or not target.primary or len(target.primary) != 1:
                continue
            full = (fk[0], fk[1], tuple(target.primary))
            table.foreign[full] = table.foreign.pop(fk)
            table.actions[full] = table.actions.pop(fk, ("", ""))


def qualified(key: Key) -> str:
    return f"{key[0]}.{key[1]}"

"""A drizzle config file read without running it: which file names are drizzle configs, and
what one names (`out`, `schema`, `dialect`, `driver`, and what its pull writes:
`schemaFilter`, `tablesFilter`), from a TypeScript/JavaScript object or a JSON file. A value
the config computes is not guessed at: `UnreadableConfig` says why."""

from __future__ import annotations

from hooks.report.run import pattern

# drizzle.config.ts, drizzle.config.prod.ts, drizzle.test.config.mjs, drizzle.config.json ...
_DRIZZLE_CONFIG = r"\Adrizzle(?:\.[\w-]+)?\.config(?:\.[\w-]+)?\.(?:ts|mts|cts|js|mjs|cjs|json)\Z"


def is_drizzle_config(name: str) -> bool:
    """Whether a file name (no folder) is a drizzle config's."""
    return name.startswith("drizzle") and pattern(_DRIZZLE_CONFIG).search(name) is not None


DEFAULT_OUT = "drizzle"  # drizzle-kit's own default for `out`
# Keys only a drizzle-kit config object has: they mark the object `out` belongs to.
_CONFIG_KEYS = frozenset({"dialect", "driver", "out", "schema", "dbCredentials"})


class UnreadableConfig(Exception):
    """A drizzle config whose `out` cannot be known without running it."""


class DrizzleConfig:
    """The folders one drizzle config names: `out` (where drizzle-kit writes) and `schema`,
    and what its pull writes: `schemaFilter` (drizzle-kit's default: public) and
    `tablesFilter` ([]: every table); None where the config computes the value."""

    def __init__(
        self,
        outs: list[str],
        schemas: list[str],
        schema_filter: list[str] | None = None,
        tables_filter: list[str] | None = None,
    ) -> None:
        self.outs = outs
        self.schemas = schemas
        self.schema_filter = ["public"] if schema_filter is None else schema_filter
        # Whether the config sets schemaFilter at all: unset, pull reads its line's default
        # (0.31: public; 1.0: every schema: hooks/drizzle/versions.py).
        self.schema_filter_set = schema_filter is not None
        self.dialect: str | None = None  # `dialect` as written (None: unset or computed)
        self.driver: str | None = None  # `driver` (drizzle-kit before 0.21 named the database so)
        self.tables_filter = [] if tables_filter is None else tables_filter
        self.filters_known = True


def read_drizzle_config(path: str, text: str) -> DrizzleConfig:
    """`out` and `schema` of a drizzle config (relative to its folder, as written);
    UnreadableConfig when `out` is computed, spread from elsewhere, or not found at all."""
    if path.endswith(".json"):
        return _read_json_config(text)
    from hooks.commands.js import IDENT
    from hooks.commands.js import PUNCT
    from hooks.commands.js import STRING
    from hooks.commands.js import tokens

    toks = list(tokens(text))
    depth = 0
    keys: list[tuple[int, int]] = []  # (token index, brace depth) of every `key:` / shorthand
    spreads: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if tok.kind == PUNCT and tok.value in "{}":
            depth += 1 if tok.value == "{" else -1
            continue
        before = toks[i - 1] if i else None
        after = toks[i + 1] if i + 1 < len(toks) else None
        in_object = before is not None and before.kind == PUNCT and before.value in "{,"
        if (
            in_object
            and tok.kind in (IDENT, STRING)
            and after is not None
            and after.kind == PUNCT
            and after.value in ":,}"
        ):
            keys.append((i, depth))
        if tok.is_(PUNCT, ".") and in_object and after is not None and after.is_(PUNCT, "."):
            spreads.append((i, depth))
    config_depths = {d for i, d in keys if toks[i].value in _CONFIG_KEYS}
    if not config_depths:
        raise UnreadableConfig("no drizzle-kit config object found in it")
    level = min(config_depths)

    def values(name: str) -> tuple[list[str], int]:
        found: list[str] = []
        last = -1
        for i, d in keys:
            if d != level or toks[i].value != name:
                continue
            last = max(last, i)
            nxt = toks[i + 1]
            strings: list[str] = []
            j = i + 2
            if nxt.is_(PUNCT, ":") and j < len(toks) and toks[j].is_(PUNCT, "["):
                j += 1
                while j < len(toks) and toks[j].kind == STRING:
                    strings.append(toks[j].value)
                    j += 1
                    if j < len(toks) and toks[j].is_(PUNCT, ","):
                        j += 1
                if j >= len(toks) or not toks[j].is_(PUNCT, "]"):
                    strings = []
                j += 1
            elif nxt.is_(PUNCT, ":") and j < len(toks) and toks[j].kind == STRING:
                strings.append(toks[j].value)
                j += 1
            ends = j < len(toks) and toks[j].kind == PUNCT and toks[j].value in ",}"
            if not strings or not all(strings) or not ends:
                raise UnreadableConfig(f"its `{name}` is computed, not a plain string")
            found += strings
        return found, last

    outs, last_out = values("out")
    if any(d == level and i > last_out for i, d in spreads):
        raise UnreadableConfig("it spreads another object into the config, which may set `out`")
    schemas: list[str] = []
    try:
        schemas, _ = values("schema")
    except UnreadableConfig:
        schemas = []  # `out` is what matters; a computed `schema` only narrows the evidence
    config = DrizzleConfig(outs or [DEFAULT_OUT], schemas)
    try:
        dialects, _ = values("dialect")
    except UnreadableConfig:
        dialects = []
    config.dialect = dialects[-1] if dialects else None
    try:
        drivers, _ = values("driver")
    except UnreadableConfig:
        drivers = []
    config.driver = drivers[-1] if drivers else None
    try:
        schema_filter, at = values("schemaFilter")
        tables_filter, _ = values("tablesFilter")
    except UnreadableConfig:
        config.filters_known = False
    else:
        config.schema_filter = schema_filter if at >= 0 else ["public"]
        config.schema_filter_set = at >= 0
        config.tables_filter = tables_filter
    return config


def _read_json_config(text: str) -> DrizzleConfig:
    import json

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UnreadableConfig(f"it is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UnreadableConfig("it is not a JSON object")
    out = data.get("out", DEFAULT_OUT)
    if not isinstance(out, str) or not out:
        raise UnreadableConfig("its `out` is not a string")
    found: dict[str, list[str] | None] = {}
    for key, default in (("schema", []), ("schemaFilter", ["public"]), ("tablesFilter", [])):
        value = data.get(key, default)
        value = [value] if isinstance(value, str) else value
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        found[key] = value if ok else None
    config = DrizzleConfig(
        [out], found["schema"] or [], found["schemaFilter"], found["tablesFilter"]
    )
    config.filters_known = found["schemaFilter"] is not None and found["tablesFilter"] is not None
    dialect, driver = data.get("dialect"), data.get("driver")
    config.dialect = dialect if isinstance(dialect, str) else None
    config.driver = driver if isinstance(driver, str) else None
    config.schema_filter_set = "schemaFilter" in data
    return config

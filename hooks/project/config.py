"""One configuration for every hook: `.atlas-first.toml`, else `[tool.atlas-first]` in
`pyproject.toml`, else the seed's layout. Validated on every run; any problem is exit 2.
"""

from __future__ import annotations

from hooks.drizzle.versions import WRITES as KIT_WRITES
from hooks.repo.patterns import PathMatcher
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    from collections.abc import Mapping

    from hooks.project.layout import Layout

CONFIG_FILE = ".atlas-first.toml"
PYPROJECT = "pyproject.toml"
TABLE = "atlas-first"

DEFAULT_SOURCES = ("packages/database/schema.sql",)
PATH_KEYS = ("generated", "sources", "migrations")


NO_SOURCE = "seed default; no schema.sql is tracked"  # zero-config found no schema source


def default_hint(sources: tuple[str, ...]) -> str:
    if not sources:
        return (
            "edit your schema source (none is set or found: name it in 'sources' in"
            f" {CONFIG_FILE}), then run the sync script (Atlas apply + drizzle-kit pull)"
        )
    source = sources[0].lstrip("/")
    return f"edit {source}, then run the sync script (Atlas apply + drizzle-kit pull)"


# key -> (kind, default); kind "patterns" is a list of gitignore-style strings.
SCHEMA: dict[str, tuple[str, object]] = {
    "generated": ("patterns", ("packages/database/src/schema/",)),
    "sources": ("patterns", DEFAULT_SOURCES),
    "migrations": ("patterns", ("packages/database/migrations/",)),
    "baseline": ("path", ".atlas-first-baseline.json"),
    "hint": ("text", None),
    "banned-subcommands": ("words", tuple(sorted(KIT_WRITES))),
    "script-files": ("bool", True),
    "regenerate": ("command", ()),
    "allow-drizzle-kit-api": ("patterns", ()),
    "allow-drizzle-kit-script": ("script-allowances", ()),
    "protected-envs": ("names", ("production",)),
    "required-skips": ("names", ("drop_schema", "drop_table")),
    "mention-only": ("names", ()),
    "not-scripts": ("patterns", ()),
    "large-tables": ("names", ()),
    "hazards": ("severity", "warning"),
    "database": ("databases", ()),
}
# The keys of one `[[database]]` table: a database's own layout (several in one monorepo).
DATABASE_KEYS = ("name", "sources", "generated", "migrations", "large-tables")


class _PathKeys:
    """The path keys' matchers, compiled on first use, once: what a Config and a Database
    share (each says where its patterns come from, for the error)."""

    origin: str
    _matchers: dict[str, PathMatcher]
    _ignorecase = False

    @property
    def ignorecase(self) -> bool:
        """core.ignorecase of the repository: `SRC/Schema/` is `src/schema/` on its disk."""
        return self._ignorecase

    @ignorecase.setter
    def ignorecase(self, value: bool) -> None:
        if value != self._ignorecase:
            self._ignorecase = value
            self._matchers = {}  # compiled again, comparing paths the new way

    def patterns(self, key: str) -> tuple[str, ...]:  # pragma: no cover - each class has its own
        raise NotImplementedError

    def matcher(self, key: str) -> PathMatcher:
        if key not in self._matchers:
            try:
                patterns = self.patterns(key)
                self._matchers[key] = PathMatcher(patterns, ignorecase=self.ignorecase)
            except ValueError as exc:
                raise ToolError(f"{self.origin}: '{key}': {exc}") from None
        return self._matchers[key]

    @property
    def generated(self) -> PathMatcher:
        return self.matcher("generated")

    @property
    def sources(self) -> PathMatcher:
        return self.matcher("sources")

    @property
    def migrations(self) -> PathMatcher:
        return self.matcher("migrations")


class Database(_PathKeys):
    """One database of the layout: the sources Atlas applies to it, the folders drizzle-kit
    pulls its types into, its (legacy) migrations. A change to its generated files is
    sanctioned only by a change to its own sources."""

    def __init__(
        self,
        name: str,
        patterns: Mapping[str, tuple[str, ...]],
        origin: str,
        large_tables: tuple[str, ...] | None = None,
    ) -> None:
        self.name = name
        self.origin = f"{origin} [[database]] {name}"
        self._patterns = dict(patterns)
        self._matchers = {}
        # Tables whose lock and rewrite hazards are errors (None: the top-level list).
        self.large_tables = large_tables

    def patterns(self, key: str) -> tuple[str, ...]:
        return self._patterns.get(key, ())

    def follow(self, key: str, patterns: tuple[str, ...]) -> None:
        """`key`'s patterns with links followed (see `follow_source_links`)."""
        self._patterns[key] = patterns
        self._matchers.pop(key, None)

    def __repr__(self) -> str:
        return f"Database({self.name!r})"


class Config(_PathKeys):
    """Validated settings. Pattern lists are compiled on first use, once.

    With no configuration file the path keys are inferred from the repository (see
    `_layout`) the first time one is needed, so a hook that needs none pays nothing for it.
    """

    def __init__(
        self,
        values: Mapping[str, object],
        origin: str,
        *,
        configured: Iterable[str] = (),
    ) -> None:
        self.origin = origin
        self.values = dict(values)
        self._matchers: dict[str, PathMatcher] = {}
        self._infer: Callable[[], Layout] | None = None
        # The paths of the change under check (None: the whole tree), for a layout that
        # cannot be read: it stops only a change that holds what it may have written.
        self.change_paths: Callable[[], list[str]] | None = None
        self.notes: list[str] = []
        self._single: Database | None = None  # the one database of the flat keys
        where = f"configured in {origin}"
        self.provenance = {key: where if key in configured else "default" for key in SCHEMA}

    def _lenient(self, configs: list[str], problems: list[str], paths: list[str]) -> list[str]:
        """The problems that matter to a change: a drizzle config whose `out` cannot be
        known, where the change holds nothing it could have written (a README edit), is a
        note, not a stop (exit 2 only over what could be its artefact)."""
        from hooks.project.layout import could_be_written_by

        left = []
        for config, problem in zip(configs, problems, strict=True):
            if any(could_be_written_by(config, p) for p in paths):
                left.append(problem)
            else:
                self.notes.append(
                    f"note: {problem}; nothing in this change could be what it writes, so it"
                    f" was checked without it (run `atlas-first init` and set 'generated' and"
                    f" 'migrations' in {CONFIG_FILE})"
                )
        return left

    def infer_with(self, infer: Callable[[], Layout]) -> None:
        """Zero-config: take the path keys from `infer()` when first needed."""
        self._infer = infer

    def _resolve(self) -> None:
        if self._infer is None:
            return
        infer, self._infer = self._infer, None
        layout = infer()
        problems = layout.problems
        if problems and self.change_paths is not None and len(problems) == len(layout.unreadable):
            problems = self._lenient(layout.unreadable, problems, self.change_paths())
        if problems:
            raise ToolError(
                f"{problems[0]}. Run `atlas-first init` and set 'generated' and"
                f" 'migrations' in {CONFIG_FILE}: with no config the hooks will not guess",
            )
        for key in PATH_KEYS:
            found = layout.patterns(key)
            if found:
                self.values[key] = tuple(found)
                self.provenance[key] = "inferred from " + ", ".join(layout.found_in[key])
            elif key == "sources":
                # Every tracked schema.sql is evidence: none found means the seed's is not
                # there (a commit deleting it is still judged by it), and no hint may tell
                # the user to edit a file that is not there.
                self.provenance[key] = NO_SOURCE
            else:
                self.provenance[key] = "seed default"
        if len(layout.databases) > 1:
            self.values["database"] = tuple(
                Database(name, {key: tuple(db.patterns(key)) for key in PATH_KEYS}, "inferred")
                for name, db in layout.databases
            )

    @property
    def databases(self) -> list[Database]:
        """Every database of the layout: the `[[database]]` tables, else the databases the
        layout pairs (zero-config, several drizzle configs), else one made of the flat keys."""
        self._resolve()
        tables = self.values["database"]
        assert isinstance(tables, tuple)
        if tables:
            for db in tables:
                db.ignorecase = self.ignorecase
            return list(tables)
        if self._single is None:  # (built once: AF101 and AF102 both ask, each run)
            self._single = Database("", {key: self.patterns(key) for key in PATH_KEYS}, self.origin)
            self._single.ignorecase = self.ignorecase
        return [self._single]

    def describe(self) -> list[str]:
        """One line per path key: its patterns and where they came from."""
        self._resolve()
        lines = [
            f"{key} = {', '.join(self.patterns(key)) or '(none)'}  ({self.provenance[key]})"
            for key in PATH_KEYS
        ]
        databases = self.databases
        if len(databases) > 1:
            for db in databases:
                paired = "; ".join(f"{k} = {', '.join(db.patterns(k)) or '-'}" for k in PATH_KEYS)
                lines.append(f"database {db.name}: {paired}")
        return lines

    def patterns(self, key: str) -> tuple[str, ...]:
        self._resolve()
        value = self.values[key]
        assert isinstance(value, tuple)
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.values[key]
        assert isinstance(value, tuple)
        return value

    @property
    def allow_drizzle_kit_api(self) -> PathMatcher:
        return self.matcher("allow-drizzle-kit-api")

    @property
    def not_scripts(self) -> PathMatcher:
        """Files no reader knows that hold no commands (exempt from AF305's search)."""
        return self.matcher("not-scripts")

    def allowed_scripts(self, path: str) -> dict[str, str]:
        """The package.json scripts of `path` that `[[allow-drizzle-kit-script]]` exempts
        from AF301, with their reasons."""
        from hooks.repo.patterns import path_key

        entries = self.values["allow-drizzle-kit-script"]
        assert isinstance(entries, tuple)
        key = path_key(self.ignorecase)
        return {script: reason for file, script, reason in entries if key(file) == key(path)}

    def large_tables(self, db: Database | None = None) -> tuple[str, ...]:
        """The tables whose lock and rewrite hazards are errors: the database's own list,
        else the top-level one."""
        if db is not None and db.large_tables is not None:
            return db.large_tables
        return self.names("large-tables")

    @property
    def hazards_are_errors(self) -> bool:
        return self.values["hazards"] == "error"

    @property
    def baseline(self) -> str:
        value = self.values["baseline"]
        assert isinstance(value, str)
        return value

    @property
    def mention_only(self) -> tuple[str, ...]:
        """Programs of the project's own that only mention commands (a `log` function)."""
        return self.names("mention-only")

    @property
    def banned_subcommands(self) -> tuple[str, ...]:
        value = self.values["banned-subcommands"]
        assert isinstance(value, tuple)
        return value

    @property
    def regenerate(self) -> tuple[str, ...]:
        value = self.values["regenerate"]
        assert isinstance(value, tuple)
        return value

    @property
    def script_files(self) -> bool:
        return self.values["script-files"] is True

    @property
    def hint(self) -> str:
        value = self.values["hint"]
        if isinstance(value, str):
            return value
        try:  # noqa: SIM105 (importing contextlib would cost every hook)
            self._resolve()
        except ToolError:
            pass  # the guard that needs the layout says why
        if self.provenance.get("sources") == NO_SOURCE:
            return default_hint(())
        return default_hint(self.values["sources"])  # type: ignore[arg-type]


def type_name(value: object) -> str:
    return {
        str: "a string",
        list: "a list",
        dict: "a table",
        bool: "a boolean",
        int: "an integer",
        float: "a number",
    }.get(type(value), type(value).__name__)


def validate(raw: Mapping[str, object], where: str) -> dict[str, object]:
    values: dict[str, object] = {key: default for key, (_, default) in SCHEMA.items()}
    for key, value in raw.items():
        if key not in SCHEMA:
            import difflib

            close = difflib.get_close_matches(key, SCHEMA, n=1)
            maybe = f"; did you mean '{close[0]}'?" if close else ""
            known = ", ".join(sorted(SCHEMA))
            raise ToolError(f"{where}: unknown key '{key}'{maybe} (known keys: {known})")
        kind = SCHEMA[key][0]
        if kind == "databases":
            values[key] = _databases(value, where)
        elif kind == "script-allowances":
            values[key] = _script_allowances(value, where)
        elif kind == "patterns":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ToolError(
                    f"{where}: '{key}' must be a list of gitignore-style patterns (strings),"
                    f' not {type_name(value)}; e.g. {key} = ["packages/database/..."]',
                )
            cleaned = tuple(
                v.replace("\\", "/") if "\\" in v and "/" not in v else v for v in value
            )
            values[key] = cleaned
        elif kind in ("words", "names"):  # names keep their case: Atlas env names
            if not isinstance(value, list) or not all(
                isinstance(v, str) and v.split() == [v.strip()] for v in value
            ):
                example = '["push", "generate"]' if kind == "words" else '["production"]'
                raise ToolError(
                    f"{where}: '{key}' must be a list of single words (strings),"
                    f" not {type_name(value)}; e.g. {key} = {example}",
                )
            words = (v.strip() for v in value)
            values[key] = tuple(w.lower() if kind == "words" else w for w in words)
        elif kind == "command":
            if (
                not isinstance(value, list)
                or not all(isinstance(v, str) for v in value)
                or (value and not value[0].strip())
            ):
                raise ToolError(
                    f"{where}: '{key}' must be a command as a list of strings,"
                    f' not {type_name(value)}; e.g. {key} = ["sh", "scripts/sync-schema.sh"]',
                )
            values[key] = tuple(value)
        elif kind == "severity":
            if value not in ("warning", "error"):
                raise ToolError(f'{where}: \'{key}\' must be "warning" or "error", not {value!r}')
            values[key] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                raise ToolError(f"{where}: '{key}' must be true or false, not {type_name(value)}")
            values[key] = value
        elif not isinstance(value, str):
            raise ToolError(f"{where}: '{key}' must be a string, not {type_name(value)}")
        elif kind == "path" and not value.strip():
            raise ToolError(f"{where}: '{key}' must not be empty")
        else:
            values[key] = value.replace("\\", "/") if kind == "path" else value
    tables = values["database"]
    assert isinstance(tables, tuple)
    if tables:
        flat = [k for k in PATH_KEYS if k in raw]
        if flat:
            raise ToolError(
                f"{where}: '{flat[0]}' is set both at the top and in [[database]] tables; with"
                " several databases, give each its own sources, generated and migrations",
            )
        for key in PATH_KEYS:  # the union: what the change-set guards match against
            union: list[str] = []
            for db in tables:
                union += [p for p in db.patterns(key) if p not in union]
            values[key] = tuple(union)
    return values


ALLOWANCE_KEYS = ("file", "script", "reason")


def _script_allowances(value: object, where: str) -> tuple[tuple[str, str, str], ...]:
    """The `[[allow-drizzle-kit-script]]` tables: (file, script, reason), each required."""
    example = (
        '[[allow-drizzle-kit-script]] with file = "apps/api/package.json", script = "test:db"'
        ' and reason = "…"'
    )
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ToolError(
            f"{where}: 'allow-drizzle-kit-script' must be an array of tables, e.g. {example}"
        )
    found = []
    for n, table in enumerate(value, 1):
        shown = f"{where}: [[allow-drizzle-kit-script]] #{n}"
        unknown = sorted(set(table) - set(ALLOWANCE_KEYS))
        if unknown:
            raise ToolError(
                f"{shown}: unknown key '{unknown[0]}' (known: {', '.join(ALLOWANCE_KEYS)})"
            )
        for key in ALLOWANCE_KEYS:
            if not isinstance(table.get(key), str) or not table[key].strip():
                what = "why it is allowed, for the reviewer" if key == "reason" else "a string"
                raise ToolError(f"{shown}: '{key}' is required ({what})")
        path = table["file"].replace("\\", "/").removeprefix("./")
        found.append((path, table["script"], table["reason"].strip()))
    return tuple(found)


def _databases(value: object, where: str) -> tuple[Database, ...]:
    """The `[[database]]` tables: each a name (optional), its sources and generated folders
    (required) and its migrations (optional)."""
    example = '[[database]]\nname = "billing"\nsources = ["packages/billing/schema.sql"]'
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ToolError(f"{where}: 'database' must be an array of tables, e.g. {example}")
    found: list[Database] = []
    for n, table in enumerate(value, 1):
        shown = f"{where}: [[database]] #{n}"
        unknown = sorted(set(table) - set(DATABASE_KEYS))
        if unknown:
            raise ToolError(
                f"{shown}: unknown key '{unknown[0]}' (known: {', '.join(DATABASE_KEYS)})",
            )
        name = table.get("name", "")
        if not isinstance(name, str):
            raise ToolError(f"{shown}: 'name' must be a string")
        patterns: dict[str, tuple[str, ...]] = {}
        for key in PATH_KEYS:
            if key not in table:
                if key != "migrations":
                    raise ToolError(f"{shown}: '{key}' is required (a list of patterns)")
                continue
            checked = validate({key: table[key]}, f"{shown}")
            patterns[key] = checked[key]  # type: ignore[assignment]
        label = name or patterns["sources"][0] if patterns["sources"] else name or str(n)
        large = None
        if "large-tables" in table:
            large = validate({"large-tables": table["large-tables"]}, shown)["large-tables"]
        found.append(Database(label, patterns, where, large))  # type: ignore[arg-type]
    names = [db.name for db in found]
    twice = next((x for x in names if names.count(x) > 1), None)
    if twice is not None:
        raise ToolError(f"{where}: two [[database]] tables are named '{twice}'")
    return tuple(found)

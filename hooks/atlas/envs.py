"""Atlas's project file (`atlas.hcl`, `*.atlas.hcl`) as Atlas reads it: its environments,
values resolved as Atlas resolves them (`Resolver`), and which database each environment
applies a schema source to (`applied_dialects`). Read by the Atlas config guard and by the
schema lint (a source Atlas applies only to another database than PostgreSQL is not linted
as PostgreSQL); the HCL parser is imported only when a file is parsed.
"""

from __future__ import annotations

import posixpath

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from hooks.atlas.hcl import Block
    from hooks.atlas.hcl import Body

POSTGRESQL = "PostgreSQL"


GETENV = "\0getenv"  # a value Atlas reads from the environment at run time
UNKNOWN = "\0unknown"  # an expression this hook does not evaluate


def is_atlas_config(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name == "atlas.hcl" or name.endswith(".atlas.hcl")


ANY_ENV = "\0any"  # an unlabeled env named by `atlas.env`: Atlas uses it for every --env


def env_name(env: Block, resolve: Resolver) -> str:
    """The name `--env` selects this block by: its label; for an unlabeled block, its `name`
    attribute (a literal, a variable...), or ANY_ENV where that is `atlas.env` (the block then
    serves every --env, production included) or a value this reader cannot tell."""
    if env.labels:
        return env.label
    value = resolve.value(env.body.value("name")) if "name" in env.body.attributes else None
    return value if isinstance(value, str) and value and "\0" not in value else ANY_ENV


def env_title(name: str) -> str:
    """An env as a finding names it."""
    if name == ANY_ENV:
        return "the unlabeled env (name = atlas.env)"
    return f'env "{name}"'


def envs_of(doc: Body) -> list[Block]:
    """The `env "name" { … }` blocks, in name order (a name written twice is read twice)."""
    return sorted(doc.blocks_of("env"), key=lambda block: block.label)


class Resolver:
    """Values as Atlas resolves them: string literals, `local.x`, `var.x` (defaults),
    interpolation inside strings, and `getenv(…)` (a run-time value: GETENV)."""

    def __init__(self, doc: Body) -> None:
        self.locals: dict[str, Any] = {}
        for block in doc.blocks_of("locals"):
            self.locals.update({name: block.body.value(name) for name in block.body.attributes})
        self.variables: dict[str, Any] = {
            block.label: block.body.value("default", UNKNOWN) for block in doc.blocks_of("variable")
        }

    def value(self, raw: Any, depth: int = 0) -> Any:
        if isinstance(raw, list):
            return [self.value(item, depth) for item in raw]
        if depth > 16:
            return UNKNOWN
        from hooks.atlas.hcl import Call  # (the reader is loaded when a config is read)
        from hooks.atlas.hcl import Expr
        from hooks.atlas.hcl import Ref
        from hooks.atlas.hcl import Template

        if isinstance(raw, Call):
            return GETENV if raw.name == "getenv" else UNKNOWN
        if isinstance(raw, Ref):
            if len(raw.path) == 2 and raw.path[0] in ("local", "var"):
                return self._reference(raw.path[0], raw.path[1], depth)
            return UNKNOWN
        if isinstance(raw, Template):
            return "".join(self._part(part, depth) for part in raw.parts)
        if isinstance(raw, Expr):
            return UNKNOWN
        return raw

    def _part(self, part: Any, depth: int) -> str:
        if isinstance(part, str):
            return part
        found = self.value(part, depth)
        return found if isinstance(found, str) else "\0"

    def _reference(self, kind: str, name: str, depth: int) -> Any:
        table = self.locals if kind == "local" else self.variables
        if name not in table:
            return UNKNOWN
        return self.value(table[name], depth + 1)


# A URL's driver (its scheme; for `docker://`, the image) -> the database it is. Atlas's
# drivers (atlasgo.io/concepts/url, /concepts/dev-database); CockroachDB and Aurora DSQL
# speak PostgreSQL's SQL. A driver not listed here is no evidence either way.
_DRIVERS = {
    "postgres": POSTGRESQL, "postgresql": POSTGRESQL, "postgis": POSTGRESQL,
    "pgvector": POSTGRESQL, "crdb": POSTGRESQL, "cockroach": POSTGRESQL, "dsql": POSTGRESQL,
    "mysql": "MySQL", "tidb": "MySQL", "maria": "MariaDB", "mariadb": "MariaDB",
    "sqlite": "SQLite", "sqlite3": "SQLite", "libsql": "SQLite", "libsql+ws": "SQLite",
    "libsql+wss": "SQLite", "turso": "SQLite",
    "sqlserver": "SQL Server", "mssql": "SQL Server", "azuresql": "SQL Server",
    "clickhouse": "ClickHouse", "redshift": "Redshift", "oracle": "Oracle",
    "spanner": "Spanner", "snowflake": "Snowflake", "databricks": "Databricks",
}  # fmt: skip


def database_of(url: str) -> str | None:
    """The database a URL connects to (`docker://postgres/15/dev`, `sqlite://file?mode=memory`,
    `docker+mysql://_/local/dev`), or None where the URL does not say (a run-time value)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "\0" in scheme:
        return None
    scheme = scheme.lower()
    if scheme == "docker":  # docker://<image>/<tag>/<database>
        image = rest.split("/", 1)[0].lower()
        return _DRIVERS.get(image.rsplit(":", 1)[0])
    if scheme.startswith("docker+"):
        scheme = scheme[len("docker+") :]
    return _DRIVERS.get(scheme)


def _applied(path: str, doc: Body, resolve: Resolver) -> list[tuple[Block, list[str]]]:
    """Each env with the repository paths of its `file://` src (a folder ends with "/")."""
    from hooks.repo.patterns import join_inside

    base = posixpath.dirname(path)
    found = []
    for env in envs_of(doc):
        if "src" not in env.body.attributes:
            continue
        raw = env.body.value("src")
        targets = []
        for value in resolve.value(raw if isinstance(raw, list) else [raw]):
            if not isinstance(value, str) or not value.startswith("file://") or "\0" in value:
                continue
            target = join_inside(base, value[len("file://") :])  # as the layout reads src
            if target is None:
                continue  # outside the repository: no source of ours
            if target and not target.endswith((".sql", "/")):
                target += "/"  # a folder of SQL files ("": the repository's top)
            targets.append(target)
        found.append((env, targets))
    return found


def applied_dialects(path: str, text: str) -> dict[str, list[tuple[str, str]]]:
    """What each environment of one Atlas file applies its sources to: repository path of a
    `file://` src (a folder ends with "/") -> [(database, evidence)], from its `dev` and
    `url`. ToolError if the file does not parse."""
    from hooks.atlas.hcl import parse

    doc = parse(text, path)
    resolve = Resolver(doc)
    found: dict[str, list[tuple[str, str]]] = {}
    for env, targets in _applied(path, doc, resolve):
        said = []
        for attribute in ("dev", "url"):
            if attribute not in env.body.attributes:
                continue
            value = resolve.value(env.body.value(attribute))
            database = database_of(value) if isinstance(value, str) else None
            if database is not None:
                shown = value.split("://", 1)[0]
                title = env_title(env_name(env, resolve))
                said.append((database, f"{path}: {title} {attribute} = {shown}://…"))
        if said:
            for target in targets:
                found.setdefault(target, []).extend(said)
    return found


def major_version(url: str) -> int | None:
    """The PostgreSQL major version a dev URL names: `docker://postgres/15/dev`,
    `docker://postgis/16-3.4/dev`, `docker://pgvector/pg17/dev`; else None."""
    import re

    scheme, _, rest = url.partition("://")
    if scheme.lower() != "docker" or database_of(url) != POSTGRESQL:
        return None
    parts = rest.split("/")
    match = re.match(r"(?:pg)?(\d{1,2})(?:\D|$)", parts[1] if len(parts) > 1 else "")
    return int(match.group(1)) if match else None


class EnvPolicy:
    """One env's `diff` policy as the hazard check reads it: `concurrent_index { create
    drop }` (`add` is read as `create`), the `skip` keys set to a literal true, and the major
    version its `dev` database names. A value this reader cannot evaluate counts as unset:
    the hazard is reported, never hidden."""

    __slots__ = ("concurrent_create", "concurrent_drop", "env", "name", "skip", "version")

    def __init__(self, name: str, env: str) -> None:
        self.name = name  # as --env selects it (ANY_ENV: every name)
        self.env = env  # as a message names it
        self.concurrent_create = False
        self.concurrent_drop = False
        self.skip: frozenset[str] = frozenset()
        self.version: int | None = None


def _diff_policy(policy: EnvPolicy, blocks: list[Block], resolve: Resolver) -> None:
    # (a block with a label is not Atlas's: read as unset, so a hazard is reported)
    for diff in (b for b in blocks if not b.labels):
        for block in (b for b in diff.body.blocks_of("concurrent_index") if not b.labels):
            values = {k: resolve.value(block.body.value(k)) for k in block.body.attributes}
            policy.concurrent_create = values.get("create", values.get("add")) is True
            policy.concurrent_drop = values.get("drop") is True
        for block in (b for b in diff.body.blocks_of("skip") if not b.labels):
            values = {k: resolve.value(block.body.value(k)) for k in block.body.attributes}
            policy.skip = frozenset(k for k, v in values.items() if v is True)


def applied_policies(path: str, text: str) -> dict[str, list[EnvPolicy]]:
    """The `diff` policy each env of one Atlas file applies its sources with: repository
    path of a `file://` src -> [policy]. A top-level `diff` block is every env's default; an
    env's own block replaces what it sets. ToolError if the file does not parse."""
    from hooks.atlas.hcl import parse

    doc = parse(text, path)
    resolve = Resolver(doc)
    found: dict[str, list[EnvPolicy]] = {}
    top = list(doc.blocks_of("diff"))
    for env, targets in _applied(path, doc, resolve):
        name = env_name(env, resolve)
        policy = EnvPolicy(name, f"{env_title(name)} of {path}")
        _diff_policy(policy, top, resolve)
        _diff_policy(policy, list(env.body.blocks_of("diff")), resolve)
        if "dev" in env.body.attributes:
            dev = resolve.value(env.body.value("dev"))
            policy.version = major_version(dev) if isinstance(dev, str) else None
        for target in targets:
            found.setdefault(target, []).append(policy)
    return found

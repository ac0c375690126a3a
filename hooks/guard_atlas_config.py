"""guard-atlas-config: Atlas's own policy stays as strong as the workflow needs.

`atlas.hcl` carries the safety rules: protected environments refuse destructive changes
(`diff { skip { drop_schema = true … } }`), every environment applies the schema source, and
credentials come from the environment. This hook parses every `atlas.hcl` / `*.atlas.hcl` in
the change (or the tree) with a real HCL parser (tree-sitter's, `hooks.atlas.hcl`, loaded only then),
resolves what Atlas resolves (`locals`, `variable` defaults, interpolation, `getenv(…)`,
`src` as a string or a list) and reports:

- AF701: a protected environment lacks, or weakens, its drop protection; or the change removes
  or renames a protected environment that existed before;
- AF702: a database URL with a literal password (loopback hosts and `docker://` dev
  databases are exempt);
- AF703: an environment does not apply the schema source (`src` names no `sources` file, or
  the Drizzle TypeScript schema through `data.external_schema`), or uses versioned
  `migration { dir = … }` files.
"""

from __future__ import annotations

import posixpath
import re

from hooks.report.catalogue import Code
from hooks.report.catalogue import Example
from hooks.report.catalogue import register
from hooks.report.violation import ToolError
from hooks.report.violation import Violation
from hooks.runner.hook import Findings
from hooks.runner.hook import hook_main

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from hooks.atlas.envs import Resolver
    from hooks.atlas.hcl import Block
    from hooks.atlas.hcl import Body
    from hooks.project.config import Config
    from hooks.repo.patterns import PathMatcher
    from hooks.runner.hook import Context

_HCL = "packages/database/atlas.hcl"


def _production(body: str) -> dict[str, str | None]:
    return {_HCL: f'env "production" {{\n  src = "file://schema.sql"\n{body}}}\n'}


_PROTECTED = '  url = getenv("DATABASE_URL")\n  diff {\n    skip {\n      drop_schema = true\n      drop_table  = true\n    }\n  }\n'


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks)."""
    return [
        Code(
            "AF701",
            "Protected Atlas environment without its drop protection",
            why="A protected env (protected-envs, default production) must keep `diff { skip {"
            " … } }` with every required skip (drop_schema, drop_table by default) set to a"
            " literal true: without it Atlas drops what the source no longer lists, with its"
            " data. Removing or renaming a protected env counts too, and so does an unlabeled"
            " `env { name = atlas.env }`, which serves every --env.",
            when_not="the env is not protected, or keeps every required skip; a comment does not"
            " count as a skip.",
            fix="restore diff { skip { drop_schema = true drop_table = true } } in the env",
            fires_when="a protected environment lacks or weakens its drop protection: `diff { skip { \u2026 } }` must set every `required-skips` entry to a literal `true` (a comment does not count); or the change removes or renames a protected environment that existed before. An unlabeled `env { name = atlas.env \u2026 }` serves every `--env`, production included, so it is protected too (one whose `name` is a literal is that env)",
            fires=Example(_production(_PROTECTED.replace("      drop_table  = true\n", ""))),
            passes=Example(_production(_PROTECTED)),
        ),
        Code(
            "AF702",
            "Database password written into atlas.hcl",
            why="A literal password in an env's url/dev (or a local or variable default it uses)"
            " is committed to the repository for everyone who can read it.",
            when_not="the host is loopback or a docker:// dev database, or the password comes"
            " from getenv(…) or a variable.",
            fix='read credentials from the environment: url = getenv("DATABASE_URL")',
            fires_when="a database URL with a literal password is written into the file: an env's `url`/`dev`, or a `locals` value / `variable` default an env uses. Loopback hosts (`localhost`, `127.0.0.1`, `::1`) and `docker://` dev databases are exempt; a password from `getenv(\u2026)` or a variable is fine",
            fires=Example(
                _production(
                    _PROTECTED.replace(
                        'getenv("DATABASE_URL")', '"postgres://app:s3cret@db.example.com:5432/app"'
                    )
                )
            ),
            passes=Example(_production(_PROTECTED)),
        ),
        Code(
            "AF703",
            "Atlas environment that does not apply the schema source",
            why="The workflow applies schema.sql declaratively. An env whose src names no schema"
            " source, that applies data.external_schema (the Drizzle TypeScript schema: the"
            " opposite direction) or that uses versioned `migration { dir = … }` files is"
            " another source of truth.",
            when_not='src = "file://schema.sql" (or a folder holding the sources) and no'
            " migration block.",
            fix='point src at the schema source (src = "file://schema.sql"); remove the'
            " migration block",
            fires_when="an environment does not apply the schema source: its `src` names no `sources` file (e.g. `data.external_schema.drizzle.url`, the Drizzle TypeScript schema as Atlas's source: the opposite direction), or it has a `migration { dir = \u2026 }` block (versioned migration files)",
            fires=Example(
                _production(_PROTECTED + '  migration {\n    dir = "file://migrations"\n  }\n')
            ),
            passes=Example(_production(_PROTECTED)),
        ),
    ]


register(
    "guard-atlas-config",
    (
        "AF701",
        "AF702",
        "AF703",
    ),
    _catalogue,
)
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
WEAK = "AF701"
SECRET = "AF702"
NOT_SOURCE = "AF703"


def _references(found: Any, into: set[str]) -> set[str]:
    from hooks.atlas.hcl import Call  # (loaded with the config's reading: see check_config)
    from hooks.atlas.hcl import Expr
    from hooks.atlas.hcl import Ref
    from hooks.atlas.hcl import Template

    """The `local.x` / `var.x` names a value uses, inside templates, calls and collections."""
    if isinstance(found, Ref) and len(found.path) >= 2:
        into.add(f"{found.path[0]}.{found.path[1]}")
    elif isinstance(found, Template):
        for part in found.parts:
            _references(part, into)
    elif isinstance(found, Call):
        for arg in found.args:
            _references(arg, into)
    elif isinstance(found, list):
        for item in found:
            _references(item, into)
    elif isinstance(found, dict):
        for item in found.values():
            _references(item, into)
    elif isinstance(found, Expr):
        into.update(m.group() for m in re.finditer(r"\b(?:local|var)\.[A-Za-z_][\w-]*", found.text))
    return into


def literal_password(url: str) -> str | None:
    """The password written into a database URL, unless it is a run-time value or the
    host is a throwaway local database."""
    if not isinstance(url, str) or "://" not in url or url.startswith("docker://"):
        return None
    if "@" not in url:
        return None  # no user information: no password (and urllib is not loaded)
    # The password as urlsplit reads it: the user information ends at the authority's last
    # `@` (Azure's `user@server:…@server.postgres.database.azure.com`), the authority at the
    # first `/`, `?` or `#`.
    authority = url.split("://", 1)[1]
    for end in "/?#":
        authority = authority.partition(end)[0]
    raw_password = authority.rpartition("@")[0].partition(":")[2]
    if "\0" in raw_password:
        return None  # from getenv() or an unresolved variable: not written here (nor parsed)
    from urllib.parse import urlsplit  # (3.6 ms to import, with ipaddress)

    try:
        parts = urlsplit(url.replace("\0", ""))
        host = (parts.hostname or "").lower()
        password = parts.password
    except ValueError:
        return None
    if password is None or _loopback(host):
        return None
    return password


def _loopback(host: str) -> bool:
    """Whether a URL's host is this machine: by name, or any loopback address however it is
    written (`127.0.0.2`, `[0:0:0:0:0:0:0:1]`; ipaddress only for a host that could be one)."""
    if host in _LOOPBACK:
        return True
    if not (host.startswith("127.") or ":" in host):
        return False
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_config(
    path: str,
    text: str,
    old_text: str | None,
    config: Config,
) -> list[Violation]:
    """The findings for one Atlas config (and its previous version, when there is one)."""
    from hooks.atlas.envs import ANY_ENV
    from hooks.atlas.envs import Resolver
    from hooks.atlas.envs import env_name
    from hooks.atlas.envs import env_title
    from hooks.atlas.envs import envs_of as _envs
    from hooks.atlas.hcl import parse  # (a commit that changes no Atlas config never loads it)

    doc = parse(text, path)
    resolve = Resolver(doc)
    envs = _envs(doc)

    def violation(code: str, where: Block | None, message: str, hint: str) -> Violation:
        line, col = (where.line, where.col) if where is not None else (None, None)
        return Violation(path, code, message, hint, line=line, col=col)

    found: list[Violation] = []
    protected = config.names("protected-envs")
    required = config.names("required-skips")
    for env in envs:
        name = env_name(env, resolve)
        if name not in protected and name != ANY_ENV:
            continue
        skip: dict[str, Any] = {}
        for diff in env.body.blocks_of("diff"):
            for block in diff.body.blocks_of("skip"):
                skip.update({key: block.body.value(key) for key in block.body.attributes})
        weak = [key for key in required if skip.get(key) is not True]
        if weak:
            subject = (
                f"{env_title(name)} serves every --env, {', '.join(protected)} included, and"
                if name == ANY_ENV
                else f"protected {env_title(name)}"
            )
            found.append(
                violation(
                    WEAK,
                    env,
                    f"{subject} does not skip {', '.join(weak)}: Atlas would drop what the"
                    " source no longer lists, with its data",
                    f"restore diff {{ skip {{ {' '.join(f'{k} = true' for k in weak)} }} }} in"
                    f" {env_title(name)} (a literal true; a comment does not count)",
                ),
            )
    if old_text is not None:
        try:
            old_doc = parse(old_text, path)
            old_resolve = Resolver(old_doc)
            old_names = {env_name(env, old_resolve) for env in _envs(old_doc)}
        except ToolError:
            old_names = set()
        names = {env_name(env, resolve) for env in envs}
        for name in protected:
            # (an unlabeled env named by atlas.env now serves that name: checked above)
            if name in old_names and name not in names and ANY_ENV not in names:
                found.append(
                    violation(
                        WEAK,
                        None,
                        f'protected env "{name}" is gone (removed or renamed): its drop'
                        " protection no longer applies",
                        f'keep env "{name}"; to protect another name, list it in protected-envs',
                    ),
                )
    found += _secrets(doc, resolve, envs, violation)
    found += _sources(path, envs, resolve, config, violation)
    return found


def _secrets(doc: Body, resolve: Resolver, envs: list[Block], violation: Any) -> list[Violation]:
    from hooks.atlas.envs import env_name
    from hooks.atlas.envs import env_title

    found: list[Violation] = []
    reported: set[str] = set()
    hint = 'read it from the environment: url = getenv("DATABASE_URL"), or a variable with default = getenv(…)'
    for env in envs:
        for key in ("url", "dev"):
            url = resolve.value(env.body.value(key))
            password = literal_password(url) if isinstance(url, str) else None
            if password and password not in reported:
                reported.add(password)
                found.append(
                    violation(
                        SECRET,
                        env,
                        f"{env_title(env_name(env, resolve))} {key} has a password written into"
                        " the file",
                        hint,
                    ),
                )
    used: set[str] = set()
    for env in envs:
        for item in env.body.values():
            _references(item, used)
    variables = {block.label: block for block in doc.blocks_of("variable")}
    for table, kind, prefix in (
        (resolve.locals, "locals", "local"),
        (resolve.variables, "variable", "var"),
    ):
        for name, raw in sorted(table.items()):
            value = resolve.value(raw)
            password = literal_password(value) if isinstance(value, str) else None
            if password and password not in reported and f"{prefix}.{name}" in used:
                reported.add(password)
                found.append(
                    violation(
                        SECRET,
                        variables.get(name) if kind == "variable" else None,
                        f"{kind} {name} holds a database URL with a password written into the file, and an env uses it",
                        hint,
                    ),
                )
    return found


def _own_sources(path: str, config: Config) -> tuple[PathMatcher, tuple[str, ...]]:
    """The sources an atlas.hcl must apply: with several databases, those of the database
    whose sources sit nearest the file (the longest shared folder; a tie: every source)."""
    databases = config.databases
    if len(databases) < 2:
        return config.sources, config.patterns("sources")
    base = posixpath.dirname(path).split("/") if "/" in path else []

    def nearness(pattern: str) -> int:
        parts = pattern.lstrip("/").split("/")[:-1]
        shared = 0
        for mine, theirs in zip(base, parts, strict=False):
            if mine != theirs:
                break
            shared += 1
        return shared

    scores = [max((nearness(p) for p in db.patterns("sources")), default=0) for db in databases]
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return config.sources, config.patterns("sources")
    db = databases[scores.index(best)]
    return db.sources, db.patterns("sources")


def _sources(
    path: str,
    envs: list[Block],
    resolve: Resolver,
    config: Config,
    violation: Any,
) -> list[Violation]:
    from hooks.atlas.envs import env_name
    from hooks.atlas.envs import env_title

    found: list[Violation] = []
    base = posixpath.dirname(path)
    sources, names = _own_sources(path, config)
    for env in envs:
        title = env_title(env_name(env, resolve))
        # Where the env names what it applies: its own `src`, and the `schema { src = … }`
        # block Atlas's Drizzle guide writes (both may be there).
        holders = [env.body, *(block.body for block in env.body.blocks_of("schema"))]
        holders = [body for body in holders if "src" in body.attributes]
        if any(True for _ in env.body.blocks_of("migration")):
            keep = "keep" if holders else "apply the schema source:"
            found.append(
                violation(
                    NOT_SOURCE,
                    env,
                    f"{title} uses versioned migration files (migration {{ dir = … }}): the workflow applies the schema source declaratively",
                    f'remove the migration block; {keep} src = "file://schema.sql"',
                ),
            )
        for body in holders:
            found += _applied(body, title, env, base, sources, names, resolve, violation)
    return found


def _applied(
    body: Any,
    title: str,
    env: Block,
    base: str,
    sources: Any,
    names: tuple[str, ...],
    resolve: Resolver,
    violation: Any,
) -> list[Violation]:
    """AF703 for one `src` of an env (its own, or its `schema` block's)."""
    from hooks.atlas.hcl import Ref

    found: list[Violation] = []
    raw = body.value("src")
    raws = raw if isinstance(raw, list) else [raw]
    values = resolve.value(raws)
    ok = False
    for raw_item, value in zip(raws, values, strict=False):
        if isinstance(raw_item, Ref) and raw_item.path[:2] == ("data", "external_schema"):
            found.append(
                violation(
                    NOT_SOURCE,
                    env,
                    f"{title} applies data.external_schema (the Drizzle TypeScript schema): the opposite direction of this workflow",
                    'src = "file://schema.sql": schema.sql is the source of truth',
                ),
            )
            ok = True  # reported as what it is
            continue
        if isinstance(value, str) and value.startswith("file://"):
            target = posixpath.normpath(posixpath.join(base, value[len("file://") :]))
            if sources.match(target) or sources.match(target + "/x.sql"):
                ok = True
    if not ok:
        shown = (
            ", ".join(str(v) for v in values if isinstance(v, str) and "\0" not in v)
            or "an expression"
        )
        found.append(
            violation(
                NOT_SOURCE,
                env,
                f"{title} src ({shown}) names no schema source ({', '.join(names)})",
                'point src at the schema source: src = "file://schema.sql"',
            ),
        )
    return found


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks.repo.files import decode

    findings = Findings()
    # (a name `is_atlas_config` takes ends so: a commit with none never loads hooks.atlas)
    if not any(p[-4:].lower() == ".hcl" for p in filenames):
        return findings
    from hooks.atlas.envs import is_atlas_config

    configs = sorted({p for p in filenames if is_atlas_config(p)})
    if not configs:
        return findings
    ctx.prefetch(configs)
    old_ref = ctx.from_ref or "HEAD"
    for path in configs:
        try:
            data = ctx.read_source(path)
            if data is None:
                continue
            old = None if ctx.all_files else ctx.committed_at(old_ref, path)
            findings.violations.extend(
                check_config(
                    path,
                    decode(data, path),
                    None if old is None else decode(old, path),
                    ctx.config,
                ),
            )
        except ToolError as exc:
            findings.errors.append(str(exc))
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "guard-atlas-config",
        "Guard Atlas's policy in atlas.hcl: drop protection, the source it applies, no secrets.",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())

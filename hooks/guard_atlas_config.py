"""guard-atlas-config: Atlas's own policy stays as strong as the workflow needs.

`atlas.hcl` carries the safety rules: protected environments refuse destructive changes
(`diff { skip { drop_schema = true … } }`), every environment applies the schema source, and
credentials come from the environment. This hook parses every `atlas.hcl` / `*.atlas.hcl` in
the change (or the tree) with a maintained HCL parser (python-hcl2, imported only then),
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

from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import ToolError
from hooks._report import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from hooks._config import Config
    from hooks._hook import Context
    from hooks._patterns import PathMatcher

WEAK = "AF701"
SECRET = "AF702"
NOT_SOURCE = "AF703"
GETENV = "\0getenv"  # a value Atlas reads from the environment at run time
UNKNOWN = "\0unknown"  # an expression this hook does not evaluate
_REFERENCE = re.compile(r"\$\{\s*(local|var)\.([A-Za-z_][\w-]*)\s*\}")
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_atlas_config(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return name == "atlas.hcl" or name.endswith(".atlas.hcl")


def parse_hcl(text: str, path: str) -> dict[str, Any]:
    """The document, or ToolError with the parser's line and column."""
    import hcl2
    from lark.exceptions import LarkError

    try:
        parsed: dict[str, Any] = hcl2.loads(text)
    except LarkError as exc:
        line = getattr(exc, "line", None)
        col = getattr(exc, "column", None)
        where = f"{path}:{line}:{col}" if line else path
        first = str(exc).split("\n", 1)[0]
        raise ToolError(f"{where}: invalid HCL: {first}") from None
    except (RecursionError, ValueError) as exc:
        raise ToolError(f"{path}: invalid HCL: {exc}") from None
    return parsed


def _label(key: str) -> str:
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] == '"' else key


def _blocks(doc: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """Labelled blocks of one kind: `env "production" {…}` -> {"production": {…}}."""
    found: dict[str, dict[str, Any]] = {}
    for entry in doc.get(kind, []) or []:
        if isinstance(entry, dict):
            for key, body in entry.items():
                if isinstance(body, dict):
                    found[_label(key)] = body
    return found


class Resolver:
    """Values as Atlas resolves them: string literals, `local.x`, `var.x` (defaults),
    interpolation inside strings, and `getenv(…)` (a run-time value: GETENV)."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.locals: dict[str, Any] = {}
        for entry in doc.get("locals", []) or []:
            if isinstance(entry, dict):
                self.locals.update({k: v for k, v in entry.items() if k != "__is_block__"})
        self.variables = {
            name: body.get("default", UNKNOWN) for name, body in _blocks(doc, "variable").items()
        }

    def value(self, raw: Any, depth: int = 0) -> Any:
        if isinstance(raw, list):
            return [self.value(item, depth) for item in raw]
        if not isinstance(raw, str):
            return raw
        if depth > 16:
            return UNKNOWN
        text = raw
        if len(text) >= 2 and text[0] == text[-1] == '"':
            text = text[1:-1]
        elif text.startswith("${") and text.endswith("}") and text.count("${") == 1:
            inner = text[2:-1].strip()
            if inner.startswith("getenv("):
                return GETENV
            match = re.fullmatch(r"(local|var)\.([A-Za-z_][\w-]*)", inner)
            if match is None:
                return UNKNOWN
            return self._reference(match.group(1), match.group(2), depth)

        def substitute(match: re.Match[str]) -> str:
            found = self._reference(match.group(1), match.group(2), depth)
            return found if isinstance(found, str) else "\0"

        text = _REFERENCE.sub(substitute, text)
        if "${" in text:
            text = re.sub(
                r"\$\{[^}]*\}", lambda m: GETENV if "getenv(" in m.group() else "\0", text
            )
        return text

    def _reference(self, kind: str, name: str, depth: int) -> Any:
        table = self.locals if kind == "local" else self.variables
        if name not in table:
            return UNKNOWN
        return self.value(table[name], depth + 1)


def _true(value: Any) -> bool:
    return value is True


def literal_password(url: str) -> str | None:
    """The password written into a database URL, unless it is a run-time value or the
    host is a throwaway local database."""
    from urllib.parse import urlsplit

    if not isinstance(url, str) or "://" not in url or url.startswith("docker://"):
        return None
    try:
        parts = urlsplit(url.replace("\0", ""))
        host = (parts.hostname or "").lower()
        password = parts.password
    except ValueError:
        return None
    if password is None or host in _LOOPBACK:
        return None
    raw_password = url.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
    if "\0" in raw_password:
        return None  # from getenv() or an unresolved variable: not written here
    return password


def check_config(
    path: str,
    text: str,
    old_text: str | None,
    config: Config,
) -> list[Violation]:
    """The findings for one Atlas config (and its previous version, when there is one)."""
    from hooks._sources import Positions

    doc = parse_hcl(text, path)
    resolve = Resolver(doc)
    envs = _blocks(doc, "env")
    positions = Positions(text)

    def at(name: str, kind: str = "env") -> tuple[int | None, int | None]:
        match = re.search(rf'(?m)^[ \t]*{kind}[ \t]+"{re.escape(name)}"', text)
        return positions.at(match.start()) if match else (None, None)

    def violation(
        code: str, where: tuple[int | None, int | None], message: str, hint: str
    ) -> Violation:
        return Violation(path, code, message, hint, line=where[0], col=where[1])

    found: list[Violation] = []
    protected = config.names("protected-envs")
    required = config.names("required-skips")
    for name in protected:
        body = envs.get(name)
        if body is None:
            continue
        skip: dict[str, Any] = {}
        for diff in body.get("diff", []) or []:
            for block in (diff or {}).get("skip", []) or []:
                skip.update(block or {})
        weak = [key for key in required if not _true(skip.get(key))]
        if weak:
            found.append(
                violation(
                    WEAK,
                    at(name),
                    f'protected env "{name}" does not skip {", ".join(weak)}: Atlas would drop'
                    " what the source no longer lists, with its data",
                    f"restore diff {{ skip {{ {' '.join(f'{k} = true' for k in weak)} }} }} in"
                    f' env "{name}" (a literal true; a comment does not count)',
                ),
            )
    if old_text is not None:
        try:
            old_envs = _blocks(parse_hcl(old_text, path), "env")
        except ToolError:
            old_envs = {}
        for name in protected:
            if name in old_envs and name not in envs:
                found.append(
                    violation(
                        WEAK,
                        (None, None),
                        f'protected env "{name}" is gone (removed or renamed): its drop'
                        " protection no longer applies",
                        f'keep env "{name}"; to protect another name, list it in protected-envs',
                    ),
                )
    found += _secrets(path, text, doc, resolve, envs, violation, at)
    found += _sources(path, envs, resolve, config, violation, at)
    return found


def _secrets(
    path: str,
    text: str,
    doc: dict[str, Any],
    resolve: Resolver,
    envs: dict[str, dict[str, Any]],
    violation: Any,
    at: Any,
) -> list[Violation]:
    found: list[Violation] = []
    reported: set[str] = set()
    hint = 'read it from the environment: url = getenv("DATABASE_URL"), or a variable with default = getenv(…)'
    for name, body in sorted(envs.items()):
        for key in ("url", "dev"):
            url = resolve.value(body.get(key))
            password = literal_password(url) if isinstance(url, str) else None
            if password and password not in reported:
                reported.add(password)
                found.append(
                    violation(
                        SECRET,
                        at(name),
                        f'env "{name}" {key} has a password written into the file',
                        hint,
                    ),
                )
    for table, kind in ((resolve.locals, "locals"), (resolve.variables, "variable")):
        for name, raw in sorted(table.items()):
            value = resolve.value(raw)
            password = literal_password(value) if isinstance(value, str) else None
            if password and password not in reported:
                used = any(
                    re.search(
                        rf"\b{'local' if kind == 'locals' else 'var'}\.{re.escape(name)}\b", str(b)
                    )
                    for b in envs.values()
                )
                if used:
                    reported.add(password)
                    where = at(name, "variable") if kind == "variable" else (None, None)
                    found.append(
                        violation(
                            SECRET,
                            where,
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
    envs: dict[str, dict[str, Any]],
    resolve: Resolver,
    config: Config,
    violation: Any,
    at: Any,
) -> list[Violation]:
    found: list[Violation] = []
    base = posixpath.dirname(path)
    sources, names = _own_sources(path, config)
    for name, body in sorted(envs.items()):
        if body.get("migration"):
            found.append(
                violation(
                    NOT_SOURCE,
                    at(name),
                    f'env "{name}" uses versioned migration files (migration {{ dir = … }}): the workflow applies the schema source declaratively',
                    'remove the migration block; keep src = "file://schema.sql"',
                ),
            )
        if "src" not in body:
            continue
        raw = body.get("src")
        raws = raw if isinstance(raw, list) else [raw]
        values = resolve.value(raws)
        ok = False
        for raw_item, value in zip(raws, values, strict=False):
            if isinstance(raw_item, str) and "data.external_schema" in raw_item:
                found.append(
                    violation(
                        NOT_SOURCE,
                        at(name),
                        f'env "{name}" applies data.external_schema (the Drizzle TypeScript schema): the opposite direction of this workflow',
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
                    at(name),
                    f'env "{name}" src ({shown}) names no schema source ({", ".join(names)})',
                    'point src at the schema source: src = "file://schema.sql"',
                ),
            )
    return found


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks._sources import decode

    findings = Findings()
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

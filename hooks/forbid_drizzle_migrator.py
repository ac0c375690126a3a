"""forbid-drizzle-migrator: no runtime use of Drizzle's migrator.

`migrate()` from `drizzle-orm/<driver>/migrator` applies Drizzle migrations when the app
starts: a second, competing migration path next to Atlas. Static imports, re-exports,
`require(...)` and dynamic `import(...)` count; `import type` and mentions in comments or
ordinary strings do not.
"""

from __future__ import annotations

import re

from hooks._hook import Findings
from hooks._hook import hook_main
from hooks._report import ToolError
from hooks._report import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks._config import Config
    from hooks._hook import Context

CODE = "AF401"
SUFFIXES = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")

# drizzle-orm/migrator, drizzle-orm/<driver>/migrator, drizzle-orm/aws-data-api/pg/migrator
MIGRATOR = re.compile(r"drizzle-orm/(?:[A-Za-z0-9_.-]+/){0,2}migrator(?:\.[cm]?js)?\Z")


def is_migrator(specifier: str) -> bool:
    return MIGRATOR.match(specifier) is not None


def find_migrator_imports(path: str, text: str, config: Config) -> list[Violation]:
    from hooks._js import module_specifiers
    from hooks._sources import Positions

    positions: Positions | None = None
    violations = []
    for spec in module_specifiers(text):
        if spec.type_only or not is_migrator(spec.value):
            continue
        positions = positions or Positions(text)
        line, col = positions.at(spec.offset)
        how = {"require": "requires", "import()": "dynamically imports"}.get(spec.kind, "imports")
        if spec.kind == "export":
            how = "re-exports"
        violations.append(
            Violation(
                path,
                CODE,
                f'{how} Drizzle\'s migrator "{spec.value}": runtime Drizzle migrations are banned',
                f"remove the migrate() call; schema changes go through Atlas: {config.hint}",
                line=line,
                col=col,
            ),
        )
    return violations


# From this many files on, `git grep` finds the few that mention the migrator faster than
# Python can open them all (a pre-commit --all-files run hands over thousands at a time).
GREP_THRESHOLD = 200


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks._sources import decode
    from hooks._sources import read_bytes

    findings = Findings()
    sources = sorted({p for p in filenames if p.lower().endswith(SUFFIXES)})
    if ctx.all_files:
        mentioning = ctx.repo.tracked_files_containing("migrator") | ctx.symlinks
        sources = [p for p in sources if p in mentioning]
    elif len(sources) >= GREP_THRESHOLD:
        sources = _mentioning_migrator(ctx, sources)
    for path in sources:
        try:
            data = read_bytes(ctx.repo.root, path)
            if data is None or b"migrator" not in data or b"drizzle-orm" not in data:
                continue  # the common case: no need to decode or lex
            text = decode(data, path)
        except ToolError as exc:
            findings.errors.append(str(exc))
            continue
        findings.violations.extend(find_migrator_imports(path, text, ctx.config))
    return findings


def _mentioning_migrator(ctx: Context, sources: list[str]) -> list[str]:
    """The sources that can import the migrator, plus every symbolic link (git grep would
    follow a link out of the repository; read_bytes refuses to, loudly)."""
    import os

    links = {p for p in sources if os.path.islink(ctx.repo.abspath(p))}
    plain = [p for p in sources if p not in links]
    return sorted(ctx.repo.files_containing(plain, "migrator") | links)


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-drizzle-migrator",
        "Block runtime use of Drizzle's migrator (drizzle-orm/*/migrator).",
        check,
        argv,
    )


if __name__ == "__main__":
    raise SystemExit(main())

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


# A migrator import has this text in its module specifier; files without it are not lexed.
# (`\/` is a JS string escape for `/`.) The same pattern, as a POSIX ERE, for `git grep`.
_MENTION = re.compile(rb"drizzle-orm[/\\][-\w./\\]*migrator")
_MENTION_ERE = r"drizzle-orm[/\][-A-Za-z0-9_./\]*migrator"


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks._sources import decode

    findings = Findings()
    sources = sorted({p for p in filenames if p.lower().endswith(SUFFIXES)})
    if ctx.all_files and sources:
        # Every tracked file is under check: one `git grep` instead of opening them all.
        # Links are read from the work tree, never followed out of the repository.
        mentioning = ctx.repo.tracked_files_matching(_MENTION_ERE) | ctx.symlinks
        sources = [p for p in sources if p in mentioning]
    ctx.prefetch(sources)
    for path in sources:
        try:
            data = ctx.read_source(path)
            if data is None or not _MENTION.search(data):
                continue  # the common case: no need to decode or lex
            text = decode(data, path)
        except ToolError as exc:
            findings.errors.append(str(exc))
            continue
        findings.violations.extend(find_migrator_imports(path, text, ctx.config))
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-drizzle-migrator",
        "Block runtime use of Drizzle's migrator (drizzle-orm/*/migrator).",
        check,
        argv,
        uses_folders=False,  # only the hint names a folder
    )


if __name__ == "__main__":
    raise SystemExit(main())

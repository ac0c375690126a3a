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


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks._sources import decode
    from hooks._sources import read_bytes

    findings = Findings()
    for path in sorted(set(filenames)):
        if not path.lower().endswith(SUFFIXES):
            continue
        try:
            data = read_bytes(ctx.repo.abspath(path), path)
            if data is None or b"migrator" not in data or b"drizzle-orm" not in data:
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
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""forbid-drizzle-migrator: no runtime path to Drizzle migrations.

`migrate()` from `drizzle-orm/<driver>/migrator` applies Drizzle migrations when the app
starts (AF401), and `drizzle-kit/api` is drizzle-kit itself as a library: `pushSchema`,
`generateMigration` and friends push or compute migrations from the TypeScript schema (AF402).
Both are migration paths beside Atlas. Static imports, re-exports, `require(...)`, functions
made by `createRequire(...)`, and dynamic `import(...)` (also of a template whose static text
names the module) count; `import type`, type queries, mocks (`vi.mock("…")`) and mentions in
comments or ordinary strings do not.
"""

from __future__ import annotations

import re

from hooks.drizzle.versions import kit_entry_points
from hooks.drizzle.versions import migrator_pattern
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

    from hooks.commands.js import Specifier
    from hooks.project.config import Config
    from hooks.runner.hook import Context

CODE = "AF401"
API_CODE = "AF402"
_MIGRATE_TS = "packages/database/src/migrate.ts"


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks)."""
    return [
        Code(
            CODE,
            "Runtime use of Drizzle's migrator",
            why="`migrate()` from drizzle-orm/<driver>/migrator applies Drizzle migrations when the"
            " application starts: a second migration path beside Atlas, reaching every database"
            " the application runs against. Imports, re-exports, require (also through"
            " createRequire) and dynamic imports all count.",
            when_not="the import is `import type`, a test mock, or the specifier only appears in"
            " a string or a comment.",
            fix="remove it; schema changes go through schema.sql and Atlas",
            fires=Example(
                {
                    _MIGRATE_TS: 'import { migrate } from "drizzle-orm/node-postgres/migrator";\n'
                    'await migrate(db, { migrationsFolder: "./migrations" });\n'
                }
            ),
            passes=Example(
                {
                    _MIGRATE_TS: 'import type { MigrationConfig } from "drizzle-orm/migrator";\n'
                    "export type Options = MigrationConfig;\n"
                }
            ),
        ),
        Code(
            API_CODE,
            "Runtime use of drizzle-kit's programmatic API",
            why="drizzle-kit/api (pushSchema, generateMigration…) pushes or computes Drizzle"
            " migrations from the TypeScript schema, as `drizzle-kit push` does from a script.",
            when_not="the file matches `allow-drizzle-kit-api` in .atlas-first.toml (throwaway"
            " test setups).",
            fix="apply schema.sql instead (Atlas; for a test database psql -f schema.sql)",
            accept='allow-drizzle-kit-api = ["**/*.test.ts"] in .atlas-first.toml, for test'
            " databases only",
            fires=Example({_MIGRATE_TS: 'const { pushSchema } = require("drizzle-kit/api");\n'}),
            passes=Example(
                {_MIGRATE_TS: 'export const docs = "https://orm.drizzle.team/kit-docs";\n'}
            ),
        ),
    ]


register(
    "forbid-drizzle-migrator",
    (
        CODE,
        API_CODE,
    ),
    _catalogue,
)
# Code, and the components whose script blocks run on the server (Vue/Nuxt, Svelte, Astro's
# frontmatter): a migrate() there runs as surely as in a .ts file.
SUFFIXES = (
    ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".vue", ".svelte", ".astro",
)  # fmt: skip

# drizzle-orm/migrator, drizzle-orm/<driver>/migrator, drizzle-orm/aws-data-api/pg/migrator;
# 1.0's deeper and prefixed ones: drizzle-orm/pg-core/async/dsql/migrator,
# drizzle-orm/tursodatabase/wasm-migrator (and migrator.utils, readMigrationFiles' home).
MIGRATOR = migrator_pattern()  # (compiled on first use, by `re`'s cache)
# drizzle-kit as a library, every line's entry points (hooks/drizzle/versions.py): 0.31's
# drizzle-kit/api; 1.0's api-<dialect>, cli (push, generate, up as functions) and
# payload/<dialect> (the same push for Payload CMS), and a future dialect of either. The main
# entry, `drizzle-kit` (defineConfig, Config), stays allowed.
KIT_API = (
    r"drizzle-kit/(?:api(?:-[a-z0-9]+)?|payload(?:/[a-z0-9-]+)?|cli|"
    + "|".join(re.escape(entry) for entry in kit_entry_points())
    + r")(?:\.[cm]?js)?\Z"
)


_COMPONENTS = (".vue", ".svelte", ".astro")
_SCRIPT = r"(?is)<script\b[^>]*>(.*?)</script\s*>"
_FRONTMATTER = r"(?s)\A\ufeff?[ \t]*---[ \t]*\r?\n(.*?)\r?\n[ \t]*---"


def script_blocks(text: str) -> str:
    """A component's code alone, at its own offsets: its `<script>` blocks and Astro's
    frontmatter; the template (text a person reads, where an import is only words) blanked,
    line breaks kept."""
    keep = [(m.start(1), m.end(1)) for m in re.finditer(_SCRIPT, text)]
    front = re.match(_FRONTMATTER, text)
    if front is not None:
        keep.append((front.start(1), front.end(1)))
    out = [c if c in "\r\n" else " " for c in text]
    for start, end in keep:
        out[start:end] = text[start:end]
    return "".join(out)


def _filled(specifier: str) -> str:
    """A template's holes as one harmless path segment: only its static text can match."""
    from hooks.commands.js import HOLE

    return specifier.replace(HOLE, "x")


def is_migrator(specifier: str) -> bool:
    return re.match(MIGRATOR, _filled(specifier)) is not None


def is_kit_api(specifier: str) -> bool:
    return re.match(KIT_API, _filled(specifier)) is not None


def studio_only(names: tuple[str, ...]) -> bool:
    """Whether a load of drizzle-kit's API binds only Drizzle Studio's servers
    (`startStudioPostgresServer`, … : a data browser, as `drizzle-kit studio` is), which
    migrates nothing. A namespace, default or side-effect load may reach anything."""
    return bool(names) and all(n.startswith("startStudio") for n in names)


def _how(spec: Specifier) -> str:
    if spec.kind == "export":
        return "re-exports"
    return {"require": "requires", "import()": "dynamically imports"}.get(spec.kind, "imports")


def find_migrator_imports(
    path: str,
    text: str,
    config: Config,
    *,
    allow_kit_api: bool = False,
) -> list[Violation]:
    """Loads of the migrator (AF401) and of drizzle-kit's API (AF402, unless allowed)."""
    from hooks.commands.js import module_specifiers
    from hooks.report.positions import Positions

    positions: Positions | None = None
    violations = []
    for spec in module_specifiers(text):
        if spec.type_only:
            continue
        if is_migrator(spec.value):
            code = CODE
            message = (
                f'{_how(spec)} Drizzle\'s migrator "{spec.value}":'
                " runtime Drizzle migrations are banned"
            )
            hint = f"remove the migrate() call; schema changes go through Atlas: {config.hint}"
        elif is_kit_api(spec.value) and not allow_kit_api and not studio_only(spec.names):
            code = API_CODE
            named = [n for n in spec.names if n not in ("*", "default")]
            what = f" ({', '.join(named)})" if named else ""
            message = (
                f'{_how(spec)} drizzle-kit\'s programmatic API "{spec.value}"{what}:'
                " drizzle-kit push/generate as a function call bypasses Atlas"
            )
            hint = (
                "apply schema.sql instead (Atlas; for a test database psql -f schema.sql or the"
                " database driver). For throwaway test databases only: allow-drizzle-kit-api ="
                ' ["**/*.test.ts"] in .atlas-first.toml'
            )
        else:
            continue
        positions = positions or Positions(text)
        line, col = positions.at(spec.offset)
        violations.append(Violation(path, code, message, hint, line=line, col=col))
    return violations


# A load has this text on one line of its module specifier; files without it are not lexed.
# (`\/` is a JS string escape for `/`; a template's hole or a concatenation may sit between:
# `"drizzle-orm/" + driver + "/migrator"`.) The same pattern, as a POSIX ERE, for `git grep`.
_MENTION = rb"drizzle-orm[/\\].{0,160}migrator|drizzle-kit[/\\]+(?:api|payload|cli)"


def mentions_a_runtime_path(data: bytes) -> bool:
    """Whether a file's bytes load the migrator or the kit's API (`_MENTION`). Both of its
    spellings start `drizzle-`: a file without it is told by one byte search, and a commit
    of such files never compiles the pattern."""
    if b"drizzle-" not in data:
        return False
    from hooks.report.run import pattern

    return pattern(_MENTION).search(data) is not None


MENTION_ERE = r"drizzle-orm[/\].{0,160}migrator|drizzle-kit[/\]+(api|payload|cli)"


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks.repo.files import decode

    findings = Findings()
    sources = sorted({p for p in filenames if p.lower().endswith(SUFFIXES)})
    # Many files (the whole tree, a runner's long list): `git grep` picks the ones to open.
    sources = ctx.worth_opening(sources, MENTION_ERE, within=SUFFIXES)
    ctx.prefetch(sources)
    for path in sources:
        try:
            data = ctx.read_source(path)
            if data is None or not mentions_a_runtime_path(data):
                continue  # the common case: no need to decode or lex
            text = decode(data, path)
        except ToolError as exc:
            findings.errors.append(str(exc))
            continue
        if path.lower().endswith(_COMPONENTS):
            text = script_blocks(text)
        allowed = ctx.config.allow_drizzle_kit_api  # compiled only once a file needs it
        findings.violations.extend(
            find_migrator_imports(
                path,
                text,
                ctx.config,
                allow_kit_api=bool(allowed) and allowed.match(path),
            ),
        )
    migrating = sorted({v.path for v in findings.violations if v.code == CODE})
    if migrating:
        tails = _run_sites(ctx, migrating)
        for violation in findings.violations:
            if violation.code == CODE:
                violation.message += tails[violation.path]
    return findings


def _run_sites(ctx: Context, modules: list[str]) -> dict[str, str]:
    """What runs each file that loads the migrator, as its report's tail (asked only once an
    AF401 is found; files are picked by `git grep`, one for every module's importers)."""
    from hooks.commands.run_sites import RunSites

    files = sorted(ctx.tracked_entries())
    sites = RunSites(files, ctx.read_text, ctx.tracked_matching, ctx.caller_index())
    sites.expect(modules)
    return {module: sites.of(module) for module in modules}


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-drizzle-migrator",
        "Block runtime paths to Drizzle migrations: drizzle-orm/*/migrator and drizzle-kit/api.",
        check,
        argv,
        uses_folders=False,  # only the hint names a folder
    )


if __name__ == "__main__":
    raise SystemExit(main())

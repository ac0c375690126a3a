"""`atlas-first demo`: the guards at work in a throwaway monorepo laid out like the seed's."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile

from hooks.project.baseline import write_baseline
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping

SCHEMA_SQL = """\
-- Source of truth for the database schema. Atlas applies it; drizzle-kit pull mirrors it.
CREATE TABLE "users" (
  "id" serial PRIMARY KEY,
  "name" text NOT NULL
);
"""

SCHEMA_TS = """\
import { pgTable, serial, text } from "drizzle-orm/pg-core"

export const users = pgTable("users", {
\tid: serial().primaryKey().notNull(),
\tname: text().notNull(),
});
"""

RELATIONS_TS = """\
import { relations } from "drizzle-orm/relations";
"""

LEGACY_MIGRATION = """\
CREATE TABLE IF NOT EXISTS "users" (
\t"id" serial PRIMARY KEY NOT NULL,
\t"name" text NOT NULL
);
"""

JOURNAL = """\
{
  "version": "7",
  "dialect": "postgresql",
  "entries": [
    {
      "idx": 0, "version": "7", "when": 1700000000000, "tag": "0000_legacy_init",
      "breakpoints": true
    }
  ]
}
"""

SYNC_PS1 = """\
# Atlas applies schema.sql to the local database, then drizzle-kit pull regenerates the types.
$ErrorActionPreference = "Stop"
Push-Location packages/database
atlas schema apply --env local --auto-approve
npx drizzle-kit pull
Pop-Location
"""

PACKAGE_JSON = """\
{
  "name": "@acme/database",
  "private": true,
  "scripts": {
    "db:pull": "drizzle-kit pull",
    "db:sync": "pwsh ../../scripts/sync-schema.ps1"
  }
}
"""

ATLAS_HCL = """\
env "production" {
  src = "file://schema.sql"
  url = getenv("DATABASE_URL")
  diff {
    skip {
      drop_schema = true
    }
  }
}
"""

MONOREPO: dict[str, str] = {
    "packages/database/schema.sql": SCHEMA_SQL,
    "packages/database/src/schema/schema.ts": SCHEMA_TS,
    "packages/database/src/schema/relations.ts": RELATIONS_TS,
    "packages/database/migrations/0000_legacy_init.sql": LEGACY_MIGRATION,
    "packages/database/migrations/meta/_journal.json": JOURNAL,
    "packages/database/package.json": PACKAGE_JSON,
    "scripts/sync-schema.ps1": SYNC_PS1,
    "README.md": "# acme monorepo\n",
}


def write_files(root: str, files: Mapping[str, str | None]) -> None:
    """Write (or, for None, delete) files given by root-relative POSIX paths."""
    for rel, text in files.items():
        path = os.path.join(root, *rel.split("/"))
        if text is None:
            os.remove(path)
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)


def git(root: str, *args: str) -> str:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="atlas-first demo",
        GIT_AUTHOR_EMAIL="demo@example.invalid",
        GIT_COMMITTER_NAME="atlas-first demo",
        GIT_COMMITTER_EMAIL="demo@example.invalid",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    try:
        proc = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
            cwd=root,
            env=env,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise ToolError("git was not found on PATH; install git to run the demo") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip() or "no message"
        raise ToolError(f"the demo's `git {args[0]}` failed: {message}")
    return proc.stdout.decode("utf-8", "replace")


def build_monorepo(root: str) -> None:
    """A committed Atlas-first monorepo with its legacy migrations baselined."""
    write_files(root, MONOREPO)
    git(root, "init", "-q")
    git(root, "add", "-A")
    index = git(root, "ls-files", "-s", "--", "packages/database/migrations")
    frozen = {}
    for line in index.splitlines():
        meta, path = line.split("\t", 1)
        frozen[path] = meta.split()[1]
    write_baseline(root, ".atlas-first-baseline.json", frozen)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "Atlas-first monorepo")


_DROP_NAME_SQL = SCHEMA_SQL.replace('  "name" text NOT NULL\n', "").replace(
    '"id" serial PRIMARY KEY,', '"id" serial PRIMARY KEY'
)
_DROP_NAME_TS = SCHEMA_TS.replace("\tname: text().notNull(),\n", "")
REGENERATED: dict[str, str | None] = {
    "packages/database/schema.sql": SCHEMA_SQL.replace(
        '"name" text NOT NULL', '"name" text NOT NULL,\n  "email" text'
    ),
    "packages/database/src/schema/schema.ts": SCHEMA_TS.replace(
        "\tname: text().notNull(),", "\tname: text().notNull(),\n\temail: text(),"
    ),
}

# (title, files to write or delete, the codes the commit must report: none = it passes)
SCENARIOS: list[tuple[str, dict[str, str | None], frozenset[str]]] = [
    (
        "a hand edit to a generated file (drizzle-kit pull would overwrite it)",
        {"packages/database/src/schema/schema.ts": SCHEMA_TS + "// TODO: add email\n"},
        frozenset({"AF101"}),
    ),
    (
        "the sanctioned regeneration: schema.sql edited, sync script re-ran drizzle-kit pull",
        REGENERATED,
        frozenset(),
    ),
    (
        "schema.sql changed, but committed with the old pull (the types no longer match)",
        {"packages/database/schema.sql": REGENERATED["packages/database/schema.sql"]},
        frozenset({"AF102"}),
    ),
    (
        "drizzle-kit generate output: a new migration and an updated journal",
        {
            "packages/database/migrations/0001_add_email.sql": (
                'ALTER TABLE "users" ADD COLUMN "email" text;\n'
            ),
            "packages/database/migrations/meta/_journal.json": JOURNAL.replace(
                "true\n    }\n", 'true\n    },\n    { "idx": 1, "tag": "0001_add_email" }\n'
            ),
        },
        frozenset({"AF201", "AF202"}),
    ),
    (
        "an edit to a frozen legacy migration",
        {"packages/database/migrations/0000_legacy_init.sql": LEGACY_MIGRATION + "-- tweak\n"},
        frozenset({"AF202"}),
    ),
    (
        "deleting a legacy migration (allowed: it no longer exists to run)",
        {"packages/database/migrations/0000_legacy_init.sql": None},
        frozenset(),
    ),
    (
        "drizzle-kit push creeping back into package.json, wrapped in a loader",
        {
            "packages/database/package.json": PACKAGE_JSON.replace(
                '"db:pull": "drizzle-kit pull",',
                '"db:pull": "drizzle-kit pull",\n'
                '    "with-env": "dotenv -e ../../.env --",\n'
                '    "db:push": "pnpm with-env drizzle-kit push",\n'
                '    "db:reset": "pnpm db:push --force",',
            ),
        },
        frozenset({"AF301"}),
    ),
    (
        "drizzle-kit mentioned, not run: an echo and drizzle-kit pull",
        {
            "packages/database/package.json": PACKAGE_JSON.replace(
                '"db:pull": "drizzle-kit pull",',
                '"db:pull": "drizzle-kit pull && echo \'never drizzle-kit push\'",',
            ),
        },
        frozenset(),
    ),
    (
        "a deploy pipeline that migrates: a GitHub Actions step runs drizzle-kit migrate",
        {
            ".github/workflows/deploy.yml": (
                "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - run: pnpm install && npx drizzle-kit migrate\n"
            ),
        },
        frozenset({"AF301"}),
    ),
    (
        "through a wrapper: a reset script pushes inside the running container",
        {"scripts/reset-db.sh": "#!/bin/sh\ndocker compose exec api npx drizzle-kit push -f\n"},
        frozenset({"AF301"}),
    ),
    (
        "code that shells out: a setup script runs drizzle-kit push with execSync",
        {
            "packages/database/src/setup.ts": (
                'import { execSync } from "node:child_process";\n'
                'execSync("npx drizzle-kit push", { stdio: "inherit" });\n'
            ),
        },
        frozenset({"AF303"}),
    ),
    (
        "schema.sql drops a column that holds data (Atlas would apply DROP COLUMN)",
        {
            "packages/database/schema.sql": _DROP_NAME_SQL,
            "packages/database/src/schema/schema.ts": _DROP_NAME_TS,
        },
        frozenset({"AF614"}),
    ),
    (
        "the same drop, accepted deliberately with a directive a reviewer can read",
        {
            "packages/database/schema.sql": "-- atlas-first:allow AF614 users.name (data moved"
            " to profiles in #123)\n" + _DROP_NAME_SQL,
            "packages/database/src/schema/schema.ts": _DROP_NAME_TS,
        },
        frozenset(),
    ),
    (
        "atlas.hcl: the production env no longer skips drop_table",
        {"packages/database/atlas.hcl": ATLAS_HCL},
        frozenset({"AF701"}),
    ),
    (
        "runtime migrations: the app imports Drizzle's migrator",
        {
            "packages/database/src/migrate.ts": (
                'import { migrate } from "drizzle-orm/node-postgres/migrator";\n'
                'import { db } from "./client";\n\n'
                'await migrate(db, { migrationsFolder: "./migrations" });\n'
            ),
        },
        frozenset({"AF401"}),
    ),
    (
        "a test setup that pushes the TypeScript schema through drizzle-kit's API",
        {"apps/api/test/setup.ts": 'const { pushSchema } = require("drizzle-kit/api");\n'},
        frozenset({"AF402"}),
    ),
]

_CODE_IN_REPORT = re.compile(r"^\S.*?: (AF\d{3})\b", re.M)


def run_scenario(
    root: str, files: Mapping[str, str | None], entry: Callable[[list[str]], int]
) -> tuple[int, str]:
    """Stage the change and check it twice, as a commit would: through the all-in-one hook's
    entry with the staged files (what pre-commit and prek run) and through `check` (a plain
    git hook). The two must agree; a difference is reported as such. `entry` is the command
    line's main (passed in: the demo sits below the command line, which imports it)."""

    git(root, "reset", "-q", "--hard")
    git(root, "clean", "-q", "-fd")
    write_files(root, files)
    git(root, "add", "-A")
    staged = git(root, "diff", "--cached", "--name-only", "--diff-filter=d", "-z").split("\0")
    results = []
    here = os.getcwd()
    try:
        os.chdir(root)
        for argv in (["hook", *filter(None, staged)], ["check"]):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
                results.append((entry(argv), buffer.getvalue()))
    finally:
        os.chdir(here)
    (hook_code, hook_out), (check_code, check_out) = results
    if (hook_code, hook_out) != (check_code, check_out):
        return -1, f"the all-in-one hook and check disagree:\n{hook_out}---\n{check_out}"
    return hook_code, hook_out


def run_demo(entry: Callable[[list[str]], int], *, keep: bool = False) -> int:
    out = sys.stdout
    root = tempfile.mkdtemp(prefix="atlas-first-demo-")
    surprises = 0
    try:
        build_monorepo(root)
        out.write(f"A throwaway Atlas-first monorepo (the seed's layout) in {root}\n")
        out.write(
            "Each change is staged and checked as `git commit` would check it, through the"
            " all-in-one hook (`- id: atlas-first`) and through `atlas-first check`.\n\n",
        )
        for number, (title, files, codes) in enumerate(SCENARIOS, 1):
            code, report = run_scenario(root, files, entry)
            verdict = {0: "ALLOWED", 1: "BLOCKED", -1: "DISAGREE"}.get(code, f"ERROR (exit {code})")
            reported = frozenset(_CODE_IN_REPORT.findall(report))
            expected = code == (1 if codes else 0) and reported == codes
            surprises += not expected
            wanted = ", ".join(sorted(codes)) or "nothing"
            mark = f"as expected: {wanted}" if expected else f"UNEXPECTED: expected {wanted}"
            out.write(f"[{number}/{len(SCENARIOS)}] {title}\n")
            for rel, text in files.items():
                out.write(f"      {'deleted' if text is None else 'staged '}  {rel}\n")
            out.write(f"    => {verdict} ({mark})\n")
            for line in report.splitlines():
                out.write(f"       {line}\n")
            out.write("\n")
    finally:
        if keep:
            out.write(f"kept: {root}\n")
        else:
            shutil.rmtree(root, ignore_errors=True)
    if surprises:
        out.write(f"{surprises} scenario(s) did not behave as expected.\n")
        return 1
    out.write("Every banned change was blocked and the sanctioned regeneration passed.\n")
    return 0

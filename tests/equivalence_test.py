"""One promise, one verdict (issue 18): the all-in-one hook, the six hooks and `atlas-first
check` as a plain git hook report the same findings, each exactly once, for the same change:
staged, as a range, and over the whole tree; under pre-commit and under prek, with the file
list split into several invocations (prek runs them in parallel).

Each case is a change to the example monorepo and the codes it must produce, so a table row
cannot pass by all three paths agreeing on nothing. The consumer's config holds the
all-in-one hook, the six hooks and a local hook that counts its own invocations: one runner
run answers for both configurations, and proves that the runner really split the list.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tests.conftest import GitRepo
from tests.conftest import checkout_example
from tests.conftest import clean_env
from tests.e2e_test import HOOK_IDS
from tests.e2e_test import RUNNERS
from tests.e2e_test import Runner

pytestmark = [pytest.mark.e2e, pytest.mark.equivalence]

ALL_IN_ONE = "atlas-first"
COUNTER = "count-invocations"
FILLERS = 40  # staged beside every case: enough for both runners to split the file list

GEN = "packages/database/src/schema/schema.ts"
RELATIONS = "packages/database/src/schema/relations.ts"
SQL = "packages/database/schema.sql"
HCL = "packages/database/atlas.hcl"
PKG = "packages/database/package.json"
LEGACY = "packages/database/migrations/0000_legacy_init.sql"
JOURNAL = "packages/database/migrations/meta/_journal.json"
NEW_MIGRATION = "packages/database/migrations/0001_add_slug.sql"

_SCHEMA = (EXAMPLE / SQL).read_text()
_ATLAS = (EXAMPLE / HCL).read_text()
_PACKAGE = (EXAMPLE / PKG).read_text()
_GENERATED = (EXAMPLE / GEN).read_text()
_TWO_DATABASES = (
    'baseline = ".atlas-first-baseline.json"\nregenerate = ["sh", "scripts/sync-schema.sh"]\n'
    '[[database]]\nname = "main"\nsources = ["packages/database/schema.sql"]\n'
    'generated = ["packages/database/src/schema/"]\nmigrations = ["packages/database/migrations/"]\n'
    '[[database]]\nname = "auth"\nsources = ["packages/auth/schema.sql"]\n'
    'generated = ["packages/auth/src/schema/"]\n'
)
_JOURNAL = (EXAMPLE / JOURNAL).read_text()
_TS = "20261206043046"
_SNAPSHOT_1_0 = (
    '{"type": "diff", "version": "9", "dialect": "postgres", "id": "a", "prevIds": ["b"]}'
)


def schema(*edits: tuple[str, str], append: str = "") -> str:
    text = _SCHEMA
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text + append


def atlas(old: str, new: str) -> str:
    assert old in _ATLAS, old
    return _ATLAS.replace(old, new)


_DEV = '"docker://postgres/15/dev?search_path=public"'


def _sqlite_atlas() -> str:
    text = atlas(_DEV, '"sqlite://file?mode=memory"')
    assert 'sandbox_url = "postgres://' in text
    return text.replace('sandbox_url = "postgres://', 'sandbox_url = "libsql://')


def script(name: str, command: str) -> str:
    return _PACKAGE.replace('"scripts": {', f'"scripts": {{\n    "{name}": "{command}",', 1)


# Every positive row of the carrier table, each in a folder of its own: one banned command in
# each carrier family (the atlas.hcl row also names no schema source: AF703).
def _every_carrier() -> dict[str, str | None]:
    from tests.carriers_test import CASES as CARRIERS

    files: dict[str, str | None] = {}
    for number, row in enumerate(CARRIERS):
        path, text, expected = row.values
        if expected and not path.endswith(".pre-commit-config.yaml"):
            # (a nested .pre-commit-config.yaml is a project of its own to prek's workspace
            # mode, which would try to install its hooks; its row is a unit test)
            files[f"carriers/{number:02d}/{path}"] = text
    return files


# A table the schema rules can be applied to, beside the example's own two.
_ACCOUNTS = """
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id int PRIMARY KEY);
CREATE TYPE status AS ENUM ('new', 'open', 'closed');
CREATE TABLE accounts (
  id int PRIMARY KEY,
  handle varchar(64) NOT NULL,
  nickname text,
  age int,
  score int,
  label text,
  state status,
  owner_id int,
  legacy_a int,
  CONSTRAINT accounts_age_check CHECK (age >= 0),
  CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)
);
CREATE TABLE audit (id int PRIMARY KEY, note text);
CREATE TABLE old_log (id int PRIMARY KEY, line text);
CREATE VIEW account_handles AS SELECT id, handle FROM accounts;
CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM accounts';
"""


def accounts(*edits: tuple[str, str]) -> str:
    text = _ACCOUNTS
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def base_with_accounts() -> dict[str, str | None]:
    """Committed before the schema rows: the example plus the accounts schema."""
    return {SQL: _SCHEMA + _ACCOUNTS}


class Link(str):
    """A file that is a symbolic link to this target (Nix's git-hooks commit one)."""


class Case:
    def __init__(
        self,
        case_id: str,
        files: dict[str, str | None],
        codes: list[str],
        *,
        all_files: list[str] | None = None,
        base: dict[str, str | None] | None = None,
    ) -> None:
        self.id = case_id
        self.files = files
        self.codes = sorted(codes)  # staged and range: every code, as often as it is reported
        self.all_files = sorted(codes if all_files is None else all_files)  # the whole tree
        self.base = base or {}


WARNINGS = {"AF304", "AF609", "AF641", "AF642", "AF643", "AF644", "AF645", "AF646"}

CASES = [
    Case("clean-change", {"README.md": "# docs\n"}, []),
    # --- git setups (issue 38): a link out of the repository is not read, never a stop ----
    Case(
        "carriers-linked-into-the-nix-store",
        {
            "Dockerfile": Link("/nix/store/0000-dockerfile"),
            ".github/workflows/nix.yml": Link("/nix/store/0000-workflow.yml"),
        },
        [],
    ),
    Case(
        "a-link-out-beside-a-new-migration",
        {"Dockerfile": Link("/nix/store/0000-dockerfile"), NEW_MIGRATION: "select 1;\n"},
        ["AF201"],
    ),
    # --- generated files (AF101) ----------------------------------------------------------
    Case("hand-edit-to-generated", {GEN: _GENERATED + "// hand edit\n"}, ["AF101"], all_files=[]),
    Case("generated-file-deleted", {RELATIONS: None}, ["AF101"], all_files=[]),
    Case(
        "sanctioned-regeneration",
        {
            SQL: schema(append='\nCREATE TABLE "tags" ("id" serial PRIMARY KEY);\n'),
            GEN: _GENERATED
            + '\nexport const tags = pgTable("tags", {\n\tid: serial().primaryKey().notNull(),\n});\n',
        },
        [],
    ),
    Case(
        "hand-edit-beside-a-cosmetic-source-change",
        {
            SQL: schema(append="\n-- cosmetic\n"),
            GEN: _GENERATED.replace("\tname: text().notNull(),", "\tname: text(),"),
        },
        ["AF102"],
    ),
    Case(
        "source-change-with-the-old-pull",
        {SQL: schema(append='\nCREATE TABLE "tags" ("id" serial PRIMARY KEY);\n')},
        ["AF102"],
    ),
    Case(
        "another-databases-source-does-not-sanction",
        {
            SQL: schema(append="\n-- a comment\n"),
            "packages/auth/src/schema/schema.ts": "export const sessions = 1;\n// hand edit\n",
        },
        ["AF101"],
        all_files=[],
        base={
            ".atlas-first.toml": _TWO_DATABASES,
            "packages/auth/schema.sql": "CREATE TABLE sessions (id bigint PRIMARY KEY);\n",
            "packages/auth/src/schema/schema.ts": "export const sessions = 1;\n",
        },
    ),
    # --- migrations (AF201, AF202) ----------------------------------------------------------
    Case(
        "drizzle-kit-generate-output",
        {
            NEW_MIGRATION: 'ALTER TABLE "users" ADD COLUMN "slug" text;\n',
            JOURNAL: _JOURNAL.replace('"entries": [', '"entries": [{"idx": 1},', 1),
        },
        ["AF201", "AF202"],
    ),
    Case("legacy-migration-edited", {LEGACY: "-- tweak\n"}, ["AF202"]),
    # Issue 36: Drizzle's artefacts by what they are, wherever they stand, in either line's
    # layout; what is not one passes.
    Case(
        "drizzle-1-0-migration-in-the-default-folder",
        {
            f"packages/database/drizzle/{_TS}_add_slug/migration.sql": (
                'ALTER TABLE "users" ADD COLUMN "slug" text;'
            ),
            f"packages/database/drizzle/{_TS}_add_slug/snapshot.json": _SNAPSHOT_1_0,
        },
        ["AF201", "AF201"],
    ),
    Case(
        "drizzle-0-31-journal-in-a-folder-nothing-names",
        {
            "tools/db/0000_init.sql": 'CREATE TABLE "t" ("id" int);',
            "tools/db/meta/_journal.json": _JOURNAL,
        },
        ["AF201", "AF201"],
    ),
    Case(
        "not-drizzle-migrations-pass",
        {
            f"prisma/migrations/{_TS}_init/migration.sql": '-- CreateTable\nCREATE TABLE "a" ();\n',
            "packages/database/migrations/README.md": "# frozen legacy migrations\n",
            "packages/database/migrations/dump.sql": 'CREATE TABLE "users" ("id" int);\n',
            "db/migrations/000001_init.up.sql": "CREATE TABLE t (id int);\n",
            "packages/database/src/schema/index.ts": "export * from './schema';\n",
        },
        [],
    ),
    Case(
        "mcp-server-config",
        {".mcp.json": '{"mcpServers": {"db": {"command": "npx", "args": ["drizzle-kit", "mcp"]}}}'},
        ["AF301"],
    ),
    Case(
        # Deliberate exemptions (issue 24): a package script by config entry and a workflow
        # step by directive pass; a directive left behind warns (AF304) on every path.
        "exempted-throwaway-test-database-push",
        {
            PKG: script("test:db", "drizzle-kit push --config=drizzle.config.test.ts --force"),
            ".github/workflows/test.yml": (
                "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      # atlas-first: allow AF301 the throwaway CI test database\n"
                "      - run: npx drizzle-kit push --force\n"
                "      # atlas-first: allow AF301 a step that was removed\n"
                "      - run: pnpm test\n"
            ),
        },
        ["AF304"],
        base={
            ".atlas-first.toml": (EXAMPLE / ".atlas-first.toml").read_text()
            + '[[allow-drizzle-kit-script]]\nfile = "packages/database/package.json"\n'
            'script = "test:db"\nreason = "the throwaway CI test database"\n'
        },
    ),
    Case(
        # Text folds a folder's AF201s into one line (issue 24); the machine formats keep one
        # result per file: the verdict reader compares them per folder, by count.
        "a-folder-of-migrations-and-no-baseline",
        {f"packages/database/migrations/000{i}_more.sql": f"-- {i}\n" for i in range(1, 6)},
        ["AF201"] * 5,
        all_files=["AF201"] * 8,  # and the three legacy files no baseline freezes
        base={".atlas-first-baseline.json": None},
    ),
    Case("legacy-migration-deleted", {LEGACY: None}, []),
    # --- commands (AF301-AF303) --------------------------------------------------------------
    Case("package-json-script", {PKG: script("db:push", "npx drizzle-kit push")}, ["AF301"]),
    Case(
        "package-json-mention-only",
        {PKG: script("db:help", "echo drizzle-kit push is banned")},
        [],
    ),
    Case(
        "shell-and-powershell-scripts",
        {
            "scripts/deploy.sh": "#!/bin/sh\nset -e\ntimeout 120 npx drizzle-kit migrate\n",
            "scripts/deploy.ps1": "pnpm exec drizzle-kit push --force\n",
            "Makefile": "migrate:\n\tnpx drizzle-kit migrate\n",
        },
        ["AF301", "AF301", "AF301"],
    ),
    Case(
        "ci-workflows",
        {
            ".github/workflows/deploy.yml": (
                "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - run: npx drizzle-kit migrate\n"
            ),
            ".gitlab-ci.yml": "migrate:\n  script:\n    - npx drizzle-kit push\n",
        },
        ["AF301", "AF301"],
    ),
    Case(
        "wrapped-in-containers-remote-hosts-and-unknown-programs",
        {
            "scripts/deploy.sh": "#!/bin/sh\ndocker compose exec -T api npx drizzle-kit migrate\n"
            "ssh prod 'kubectl exec deploy/api -- npx drizzle-kit push'\n"
            "remote-run prod 'npx drizzle-kit migrate'\n"
            "log_info 'Running npx drizzle-kit migrate'\n",
        },
        ["AF301", "AF301", "AF301"],
    ),
    Case("unreadable-script", {"scripts/db.sh": "echo 'drizzle-kit push\n"}, ["AF302"]),
    Case(
        "code-and-python-that-shell-out",
        {
            "scripts/setup.ts": 'import { execSync as sh } from "node:child_process";\n'
            'sh("npx drizzle-kit push");\n',
            "tools/migrate.py": 'import subprocess\nsubprocess.run(["npx", "drizzle-kit", "migrate"])\n',
        },
        ["AF303", "AF303"],
    ),
    Case(
        "files-no-reader-knows",
        {
            "deploy/api.service": "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit migrate\n",
            "infra/main.tf": 'provisioner "local-exec" {\n  command = "npx drizzle-kit push"\n}\n',
            "docs/setup.yml": "- npx drizzle-kit push\n",
            "locales/en.json": '{"hint": "Run `npx drizzle-kit push` to sync"}\n',
        },
        ["AF305", "AF305"],
    ),
    Case(
        "subcommand-from-a-workflow-input",
        {
            ".github/workflows/db.yml": (
                "on:\n  workflow_dispatch:\n    inputs:\n      command:\n        type: choice\n"
                "        options: [pull, push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - run: npx drizzle-kit ${{ inputs.command }}\n"
            ),
        },
        ["AF301"],
    ),
    Case(
        "quote-left-open-still-runs", {"scripts/up.sh": "npx drizzle-kit push 'oops\n"}, ["AF301"]
    ),
    Case("every-carrier-family", _every_carrier(), [], all_files=None),  # codes filled below
    # --- runtime paths (AF401, AF402) --------------------------------------------------------
    Case(
        "migrator-import",
        {
            "apps/api/src/migrate.ts": 'import { migrate } from "drizzle-orm/postgres-js/migrator";\n'
        },
        ["AF401"],
    ),
    Case(
        # The report names its run sites (issue 24): the same tail on every path and runner.
        "migrator-with-its-run-sites",
        {
            "apps/worker/src/db/migrate.ts": (
                'import { migrate } from "drizzle-orm/node-postgres/migrator";\n'
            ),
            "apps/worker/package.json": (
                '{"name": "worker", "scripts": {"migrate": "tsx src/db/migrate.ts",'
                ' "start": "pnpm migrate && node dist/index.js"}}\n'
            ),
            "apps/worker/src/instrumentation.ts": 'await import("./db/migrate");\n',
        },
        ["AF401"],
    ),
    Case(
        "drizzle-kit-api-load",
        {"apps/api/test/setup.ts": 'const { pushSchema } = require("drizzle-kit/api");\n'},
        ["AF402"],
    ),
    Case(
        "type-only-import",
        {"apps/api/src/types.ts": 'import type { X } from "drizzle-orm/pg-core/migrator";\n'},
        [],
    ),
    # --- the schema source (AF601-AF646) -----------------------------------------------------
    Case(
        "schema-does-not-parse",
        {SQL: schema(append="CREATE TABLE broken (id int,,);\n")},
        ["AF601"],
    ),
    Case(
        "schema-add-not-null-column",
        {SQL: schema(('"name" text NOT NULL,', '"name" text NOT NULL,\n  "slug" text NOT NULL,'))},
        ["AF631", "AF102"],
        all_files=["AF102"],  # the pull is not regenerated: AF102
    ),
    Case(
        "schema-drop-column",
        {SQL: schema(('  "body" text NOT NULL,\n', ""))},
        ["AF614", "AF102"],
        all_files=["AF102"],  # the pull is not regenerated: AF102
    ),
    Case(
        "schema-errors-drops-and-renames",
        {
            SQL: _SCHEMA
            + accounts(
                (
                    "CREATE SCHEMA billing;\nCREATE TABLE billing.invoices (id int PRIMARY KEY);\n",
                    "",
                ),
                ("'new', 'open', 'closed'", "'new', 'closed'"),
                ("  legacy_a int,\n", "  legacy_b int,\n"),
                ("  nickname text,\n", ""),
                ("CREATE TABLE audit (id int PRIMARY KEY, note text);\n", ""),
                ("CREATE TABLE old_log", "CREATE TABLE new_log"),
            )
        },
        ["AF611", "AF612", "AF613", "AF614", "AF615", "AF616", *["AF102"] * 4],
        # The pull is not regenerated: AF102 for the enum, two tables and the view it lacks.
        all_files=["AF102"] * 4,
        base=base_with_accounts(),
    ),
    Case(
        "schema-errors-types-and-constraints",
        {
            SQL: _SCHEMA
            + accounts(
                ("'new', 'open', 'closed'", "'open', 'new', 'closed'"),
                ("handle varchar(64)", "handle varchar(16)"),
                ("label text,", "label uuid,"),
                ("  age int,\n", "  age int,\n  tier int NOT NULL,\n"),
                ("  score int,\n", "  score int NOT NULL,\n"),
                ("nickname text,", "nickname text UNIQUE,"),
                ("  owner_id int,\n", "  owner_id int,\n  CHECK (score > 0),\n"),
                ("legacy_a int,", "legacy_a int REFERENCES audit (id),"),
            )
        },
        [
            "AF617",
            "AF621",
            "AF622",
            "AF631",
            "AF632",
            "AF633",
            "AF634",
            "AF635",
            "AF651",  # accounts is rewritten (handle narrows, label becomes uuid)
            "AF652",  # audit is read to validate the new foreign key
            *["AF102"] * 5,
        ],
        # The pull is not regenerated: AF102 for the enum, three tables and the view it lacks.
        all_files=["AF102"] * 5,
        base=base_with_accounts(),
    ),
    Case(
        "schema-warnings",
        {
            SQL: _SCHEMA
            + accounts(
                ("  legacy_a int,\n", "  -- atlas:renamed_from legacy_a\n  legacy_z int,\n"),
                ("  CONSTRAINT accounts_age_check CHECK (age >= 0),\n", ""),
                (
                    ",\n  CONSTRAINT accounts_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id)",
                    "",
                ),
                ("CREATE VIEW account_handles AS SELECT id, handle FROM accounts;\n", ""),
                (
                    "CREATE FUNCTION account_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM accounts';\n",
                    "",
                ),
                ("CREATE TABLE old_log", "-- atlas:renamed_from old_log\nCREATE TABLE event_log"),
            )
            + "-- atlas-first:allow AF614 public.accounts.gone\n"
        },
        ["AF609", "AF641", "AF642", "AF643", "AF644", "AF645", "AF646", *["AF102"] * 4],
        # The pull is not regenerated: AF102 for the enum and three tables it lacks.
        all_files=["AF102"] * 4,
        base=base_with_accounts(),
    ),
    Case(
        "schema-drop-accepted-by-directive",
        {
            SQL: schema(('  "body" text NOT NULL,\n', ""))
            + "-- atlas-first:allow AF614 public.posts.body\n",
            GEN: _GENERATED.replace("\tbody: text().notNull(),\n", ""),  # the sync
        },
        [],
    ),
    # --- lock and rewrite hazards (AF651-AF653, issue 40): warnings unless the table is large --
    Case(
        "schema-hazards-warn-by-default",
        {
            SQL: schema(
                ('"author_id" integer NOT NULL', '"author_id" bigint NOT NULL'),
                append='CREATE INDEX "posts_title_idx" ON "posts" ("title");\n',
            )
        },
        # posts is rewritten (its new index is built with the copy: one code for the table),
        # and users is read to validate the foreign key again
        ["AF651", "AF652", "AF102", "AF102"],
        all_files=["AF102", "AF102"],  # the pull is not regenerated: the type, the index
    ),
    Case(
        "schema-hazards-on-a-large-table-are-errors",
        {
            SQL: schema(append='CREATE INDEX "posts_title_idx" ON "posts" ("title");\n'),
            ".atlas-first.toml": (EXAMPLE / ".atlas-first.toml").read_text()
            + 'large-tables = ["posts"]\n',
        },
        ["AF653", "AF102"],
        all_files=["AF102"],
    ),
    Case(
        "schema-hazard-the-env-policy-builds-concurrently",
        {
            SQL: schema(append='CREATE INDEX "posts_title_idx" ON "posts" ("title");\n'),
            HCL: atlas(
                "  diff {\n", "  diff {\n    concurrent_index {\n      create = true\n    }\n"
            ),
        },
        ["AF102"],
        all_files=["AF102"],
    ),
    Case(
        "schema-hazard-accepted-by-directive",
        {
            SQL: schema(
                append='-- atlas-first:allow AF653 public.posts\nCREATE INDEX "posts_title_idx" ON'
                ' "posts" ("title");\n'
            )
        },
        ["AF102"],
        all_files=["AF102"],
    ),
    # --- Atlas's policy (AF701-AF703) --------------------------------------------------------
    Case(
        "atlas-drop-protection-removed", {HCL: atlas("      drop_table  = true\n", "")}, ["AF701"]
    ),
    Case(
        "atlas-password-and-migration-dir",
        {
            HCL: atlas(
                'url = getenv("PRODUCTION_DATABASE_URL")',
                'url = "postgres://app:hunter2@db.example.com/app"',
            )
            + 'env "ci" {\n  url = getenv("CI_URL")\n  migration {\n    dir = "file://migrations"\n  }\n}\n'
        },
        ["AF702", "AF703"],
    ),
    # An unlabeled env serves every --env, production included (found on a real repository).
    Case(
        "atlas-unlabeled-env-without-drop-protection",
        {HCL: _ATLAS + 'env {\n  name = atlas.env\n  src  = "file://schema.sql"\n}\n'},
        ["AF701"],
    ),
    # A source every env applies to SQLite is not linted as PostgreSQL (a real repository's
    # SQLite schema.sql was AF601); one env for PostgreSQL, and it is.
    Case(
        "schema-for-sqlite-set-aside",
        {
            HCL: _sqlite_atlas(),
            SQL: schema(append="CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"),
        },
        [],
    ),
    Case(
        "schema-for-sqlite-and-postgres-linted",
        {
            HCL: atlas(_DEV, '"sqlite://file?mode=memory"'),  # sandbox's url is still postgres://
            SQL: schema(append="CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"),
        },
        ["AF601"],
    ),
    Case(
        "atlas-protected-env-removed",
        {HCL: _ATLAS[: _ATLAS.index('env "production"')]},
        ["AF701"],
        all_files=[],
    ),
]


def _all_at_once() -> Case:
    files: dict[str, str | None] = {}
    codes: list[str] = []
    all_files: list[str] = []
    for case in CASES:
        if case.base or set(case.files) & set(files) or case.id == "every-carrier-family":
            continue
        files.update(case.files)
        codes += case.codes
        all_files += case.all_files
    # The schema source changes too, so the generated files' change is a regeneration.
    codes = [c for c in codes if c != "AF101"]
    return Case("all-of-them-at-once", files, codes, all_files=all_files)


def _fill_carrier_codes() -> None:
    from tests.carriers_test import CASES as CARRIERS

    (case,) = [c for c in CASES if c.id == "every-carrier-family"]
    codes = [
        f.split()[1]
        for row in CARRIERS
        for f in row.values[2]
        if not row.values[0].endswith(".pre-commit-config.yaml")
    ]
    case.codes = case.all_files = sorted(codes)


_fill_carrier_codes()
CASES.append(_all_at_once())


# --- reading what each path printed ------------------------------------------------------------

FINDING = re.compile(
    r"^(?P<path>\S.*?)(?::(?P<line>\d+):(?P<col>\d+))?: (?P<code>AF\d{3})"
    r"(?: \((?P<severity>warning)\))? (?P<message>.*)$"
)
ERROR_LINE = re.compile(r"^[\w-]+(?: hook| check)?: error: (?P<error>.*)$")


def findings_in(text: str) -> Counter[str]:
    """Each finding as `location: CODE message` (with its severity), counted."""
    found: Counter[str] = Counter()
    for line in text.splitlines():
        match = FINDING.match(line)
        if match:
            found[line] += 1
    return per_folder(found)


FOLDED = re.compile(r"(?P<count>\d+) Drizzle migration files and no baseline \(")
PER_FOLDER = " (per folder)"


def per_folder(found: Counter[str]) -> Counter[str]:
    """The verdict reader's rule for AF201: the text format may show a folder's new migration
    files as one line with their count, so every format's AF201s are compared as a count per
    folder (drizzle-kit's meta/ counted with its parent)."""
    out: Counter[str] = Counter()
    for line, n in found.items():
        match = FINDING.match(line)
        if match is None or match.group("code") != "AF201":
            out[line] += n
            continue
        folded = FOLDED.match(match.group("message"))
        if folded:
            folder, n = match.group("path"), n * int(folded.group("count"))
        else:
            parts = match.group("path").split("/")[:-1]
            if parts[-1:] == ["meta"]:
                parts = parts[:-1]
            folder = "/".join(parts) + "/"
        out[f"{folder}: AF201{PER_FOLDER}"] += n
    return out


def errors_in(text: str) -> Counter[str]:
    return Counter(m.group("error") for line in text.splitlines() if (m := ERROR_LINE.match(line)))


def by_hook(output: str) -> dict[str, tuple[str, int]]:
    """A runner's --verbose output, cut into each hook's (output, exit code)."""
    sections: dict[str, list[str]] = {}
    codes: dict[str, int] = {}
    current = None
    for raw in output.splitlines():
        line = raw[2:] if raw.startswith("  ") and not raw.startswith("    ") else raw  # prek
        if line.startswith("- hook id: "):
            current = line.removeprefix("- hook id: ").strip()
            sections[current] = []
            codes[current] = 0
        elif current and line.startswith("- exit code: "):
            codes[current] = int(line.removeprefix("- exit code: "))
        elif current and not re.match(r"^.*\.{3,}.*(Passed|Failed|Skipped)$", line):
            sections[current].append(line)
    return {hook: ("\n".join(lines), codes[hook]) for hook, lines in sections.items()}


def combined_exit(codes: list[int]) -> int:
    return 2 if 2 in codes else 1 if 1 in codes else 0


class Verdict:
    def __init__(self, findings: Counter[str], errors: Counter[str], code: int) -> None:
        self.findings = findings
        self.errors = errors
        self.code = code

    def codes(self) -> list[str]:
        return sorted(FINDING.match(f).group("code") for f in self.findings.elements())  # type: ignore[union-attr]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Verdict) and (self.findings, self.errors, self.code) == (
            other.findings,
            other.errors,
            other.code,
        )

    def __repr__(self) -> str:
        lines = [f"exit {self.code}", *sorted(self.findings.elements()), *self.errors]
        return "\n  ".join(lines)


# --- the three paths -----------------------------------------------------------------------------


class Consumer:
    """The example monorepo with every hook configured, under one runner."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.repo = runner.repo

    def runner_verdicts(self, *args: str) -> tuple[Verdict, Verdict, int]:
        """(the all-in-one hook, the union of the six hooks, invocations of the counter)."""
        counter = Path(self.repo.git("rev-parse", "--absolute-git-dir").strip()) / "invocations"
        counter.unlink(missing_ok=True)
        proc = self.runner("run", "--verbose", *args)
        sections = by_hook(proc.stdout)
        assert ALL_IN_ONE in sections, proc.stdout
        text, code = sections[ALL_IN_ONE]
        one = Verdict(findings_in(text), errors_in(text), code)
        six_findings: Counter[str] = Counter()
        six_errors: Counter[str] = Counter()
        six_codes = []
        for hook_id in HOOK_IDS:
            text, code = sections.get(hook_id, ("", 0))
            six_findings += findings_in(text)
            six_errors += errors_in(text)
            six_codes.append(code)
        six = Verdict(six_findings, six_errors, combined_exit(six_codes))
        invocations = len(counter.read_text().splitlines()) if counter.exists() else 0
        return one, six, invocations

    def check(self, *args: str, fmt: str = "text") -> Verdict:
        """`atlas-first check` as a plain git hook (husky, lefthook, CI) runs it: no runner."""
        proc = subprocess.run(
            [sys.executable, "-m", "hooks.cli", "check", "--format", fmt, *args],
            cwd=self.repo.path,
            env=clean_env(NO_COLOR="1"),
            capture_output=True,
            text=True,
            check=False,
        )
        if fmt == "text":
            return Verdict(findings_in(proc.stdout), errors_in(proc.stderr), proc.returncode)
        return Verdict(machine_findings(fmt, proc.stdout), errors_in(proc.stderr), proc.returncode)


def machine_findings(fmt: str, out: str) -> Counter[str]:
    """A machine format's findings, written back as the text format's first line."""

    def line(path: str, row: int | None, col: int | None, code: str, level: str, msg: str) -> str:
        where = path if row is None else f"{path}:{row}:{col or 1}"
        label = code if level == "error" else f"{code} ({level})"
        return f"{where}: {label} {msg}"

    found: Counter[str] = Counter()
    if fmt == "json":
        for v in json.loads(out)["violations"]:
            found[
                line(v["path"], v["line"], v["column"], v["code"], v["severity"], v["message"])
            ] += 1
    elif fmt == "sarif":
        from urllib.parse import unquote

        for r in json.loads(out)["runs"][0]["results"]:
            loc = r["locations"][0]["physicalLocation"]
            region = loc.get("region", {})
            msg = r["message"]["text"].split("\n", 1)[0]
            found[
                line(
                    unquote(loc["artifactLocation"]["uri"]),
                    region.get("startLine"),
                    region.get("startColumn"),
                    r["ruleId"],
                    r["level"],
                    msg,
                )
            ] += 1
    else:  # github workflow commands
        command = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<data>.*)$")

        def unescape(text: str) -> str:
            return (
                text.replace("%0A", "\n")
                .replace("%0D", "\r")
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%25", "%")
            )

        for raw in out.splitlines():
            match = command.match(raw)
            if not match or "title=atlas-first could not check" in raw:
                continue
            props = dict(p.split("=", 1) for p in match.group("props").split(","))
            title = unescape(props["title"]).split()[0]
            msg = unescape(match.group("data")).split("\n", 1)[0]
            row = int(props["line"]) if "line" in props else None
            col = int(props["col"]) if "col" in props else None
            found[line(unescape(props["file"]), row, col, title, match.group(1), msg)] += 1
    return per_folder(found)


def _configure(repo: GitRepo, hook_repo: tuple[str, str]) -> None:
    hooks = "".join(f"      - id: {hook_id}\n" for hook_id in (ALL_IN_ONE, *HOOK_IDS))
    counter = (
        "  - repo: local\n    hooks:\n"
        f"      - id: {COUNTER}\n        name: {COUNTER}\n        language: system\n"
        '        entry: sh -c \'echo "$#" >> "$(git rev-parse --absolute-git-dir)/invocations"\' --\n'
        "        always_run: true\n"
        "        stages: [pre-commit, pre-push, manual]\n"
    )
    repo.stage(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_repo[0]}\n    rev: {hook_repo[1]}\n    hooks:\n{hooks}{counter}",
    )


@pytest.fixture(params=RUNNERS)
def consumer(request, hook_repo, runner_homes, tmp_path, monkeypatch) -> Consumer:
    path = tmp_path / "consumer"
    repo = checkout_example(path)
    _configure(repo, hook_repo)
    repo.commit("every hook, and an invocation counter")
    monkeypatch.chdir(path)
    return Consumer(Runner(request.param, runner_homes[request.param], repo))


def _apply(repo: GitRepo, files: dict[str, str | None]) -> None:
    for rel, text in files.items():
        if text is None:
            repo.git("rm", "-q", "--", rel)
        elif isinstance(text, Link):
            (repo.path / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo.path / rel).symlink_to(str(text))
            repo.add(rel)
        else:
            repo.stage(rel, text)


def _agree(label: str, one: Verdict, six: Verdict, plain: Verdict) -> None:
    assert one == six, f"{label}: all-in-one\n  {one}\nsix hooks\n  {six}"
    assert one == plain, f"{label}: all-in-one\n  {one}\ncheck\n  {plain}"
    twice = [f for f, n in one.findings.items() if n > 1 and not f.endswith(PER_FOLDER)]
    assert not twice, f"{label}: reported more than once: {twice}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_every_path_reports_the_same_findings_once(consumer: Consumer, case: Case) -> None:
    repo = consumer.repo
    if case.base:
        _apply(repo, case.base)
        repo.commit("the base of this case")
    base = repo.head()
    for n in range(FILLERS):
        repo.stage(f"apps/web/src/page-{n:02d}.ts", "export {};\n")
    _apply(repo, case.files)

    # Staged, as `git commit` runs the hooks.
    one, six, invocations = consumer.runner_verdicts()
    assert invocations >= 2, "the runner did not split the file list: the case proves nothing"
    plain = consumer.check()
    _agree("staged", one, six, plain)
    assert one.codes() == case.codes, one
    assert one.code == (1 if set(case.codes) - WARNINGS else 0), one
    for fmt in ("json", "github", "sarif"):
        machine = consumer.check(fmt=fmt)
        assert machine == plain, f"{fmt}\n  {machine}\ntext\n  {plain}"

    # The same change as a range (pre-push, CI on a pull request).
    repo.commit("the case, committed without hooks")
    one, six, invocations = consumer.runner_verdicts("--from-ref", base, "--to-ref", "HEAD")
    assert invocations >= 2
    plain = consumer.check("--from-ref", base, "--to-ref", "HEAD")
    _agree("range", one, six, plain)
    assert one.codes() == case.codes, one

    # The whole tree (`pre-commit run --all-files` in CI): no "before" to compare with.
    one, six, invocations = consumer.runner_verdicts("--all-files")
    assert invocations >= 2
    plain = consumer.check("--all-files")
    _agree("all files", one, six, plain)
    assert one.codes() == case.all_files, one

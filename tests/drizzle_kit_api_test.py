"""Runtime paths to Drizzle migrations the migrator guard follows (issue 14): drizzle-kit's
programmatic API (AF402), `createRequire` loaders, and dynamic imports of templates."""

from __future__ import annotations

import pytest

from hooks.cli import main as cli_main
from hooks.forbid_drizzle_migrator import find_migrator_imports
from hooks.forbid_drizzle_migrator import is_kit_api
from hooks.forbid_drizzle_migrator import main as migrator_main
from hooks.project.config import Config
from hooks.project.config import validate


def config() -> Config:
    return Config(validate({}, "t"), "t")


def found(source: str) -> list[tuple[str, str]]:
    """(code, message up to the colon) of each finding."""
    return [
        (v.code, v.message.split(":")[0]) for v in find_migrator_imports("a.ts", source, config())
    ]


API = "drizzle-kit's programmatic API"

LOADS = [
    pytest.param(
        'import { pushSchema } from "drizzle-kit/api";\nconst { apply } = await pushSchema(schema, db);\nawait apply();',
        [("AF402", f'imports {API} "drizzle-kit/api" (pushSchema)')],
        id="push-schema-then-apply",
    ),
    pytest.param(
        'import { pushSchema as kitPushSchema } from "drizzle-kit/api";',
        [("AF402", f'imports {API} "drizzle-kit/api" (pushSchema)')],
        id="renamed",
    ),
    pytest.param(
        "import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';",
        [("AF402", f'imports {API} "drizzle-kit/api" (generateDrizzleJson, generateMigration)')],
        id="generate-migration",
    ),
    pytest.param(
        'import * as kit from "drizzle-kit/api";',
        [("AF402", f'imports {API} "drizzle-kit/api"')],
        id="namespace",
    ),
    pytest.param(
        'export * from "drizzle-kit/api";',
        [("AF402", f're-exports {API} "drizzle-kit/api"')],
        id="export-star",
    ),
    pytest.param(
        'export { pushSQLiteSchema } from "drizzle-kit/api";',
        [("AF402", f're-exports {API} "drizzle-kit/api" (pushSQLiteSchema)')],
        id="re-export",
    ),
    pytest.param(
        'const { pushMySQLSchema } = require("drizzle-kit/api");',
        [("AF402", f'requires {API} "drizzle-kit/api" (pushMySQLSchema)')],
        id="require-destructured",
    ),
    pytest.param(
        'const { pushSchema } = await import("drizzle-kit/api");',
        [("AF402", f'dynamically imports {API} "drizzle-kit/api" (pushSchema)')],
        id="dynamic-import",
    ),
    pytest.param(
        'import { createRequire } from "node:module";\n'
        "const require = createRequire(import.meta.url);\n"
        'const { pushSchema: push } =\n  require("drizzle-kit/api") as typeof import("drizzle-kit/api");\n',
        [("AF402", f'requires {API} "drizzle-kit/api" (pushSchema)')],
        id="create-require-named-require-and-a-type-query",
    ),
    pytest.param(
        'import { createRequire } from "module";\nconst load = createRequire(import.meta.url);\n'
        'const kit = load("drizzle-kit/api");',
        [("AF402", f'requires {API} "drizzle-kit/api"')],
        id="create-require-any-name",
    ),
    pytest.param(
        'import module from "node:module";\nconst req: NodeRequire = module.createRequire(import.meta.url);\n'
        'const { migrate } = req("drizzle-orm/node-postgres/migrator");',
        [("AF401", 'requires Drizzle\'s migrator "drizzle-orm/node-postgres/migrator"')],
        id="create-require-migrator-annotated",
    ),
    pytest.param(
        'const kit = createRequire(import.meta.url)("drizzle-kit/api");',
        [("AF402", f'requires {API} "drizzle-kit/api"')],
        id="create-require-called-at-once",
    ),
    pytest.param(
        "const { migrate } = await import(`drizzle-orm/${driver}/migrator`);",
        [("AF401", 'dynamically imports Drizzle\'s migrator "drizzle-orm/${…}/migrator"')],
        id="template-names-the-migrator",
    ),
    pytest.param(
        "const m = await import(`drizzle-orm/${kind}-${dialect}/migrator`);",
        [("AF401", 'dynamically imports Drizzle\'s migrator "drizzle-orm/${…}-${…}/migrator"')],
        id="template-two-holes",
    ),
    pytest.param(
        "const { pushSchema } = require(`drizzle-kit/api`);",
        [("AF402", f'requires {API} "drizzle-kit/api" (pushSchema)')],
        id="plain-template",
    ),
    pytest.param(
        "const { pushSchema } = require('drizzle-kit/payload');",
        [("AF402", f'requires {API} "drizzle-kit/payload" (pushSchema)')],
        id="payload-entry",
    ),
    pytest.param(
        'import { type Config, pushSchema } from "drizzle-kit/api";',
        [("AF402", f'imports {API} "drizzle-kit/api" (Config, pushSchema)')],
        id="mixed-inline-type-still-loads",
    ),
    # Studio beside something that pushes: the load reaches the push (found in nuxt-hub/core).
    pytest.param(
        'import { startStudioPostgresServer, pushSchema } from "drizzle-kit/api";',
        [("AF402", f'imports {API} "drizzle-kit/api" (startStudioPostgresServer, pushSchema)')],
        id="studio-and-push",
    ),
    pytest.param(
        'const kit = await import("drizzle-kit/api");\nawait kit.startStudioSQLiteServer(db);',
        [("AF402", f'dynamically imports {API} "drizzle-kit/api"')],
        id="studio-through-a-namespace-may-reach-anything",
    ),
]

NOT_LOADS = [
    pytest.param('import type { DrizzleSnapshotJSON } from "drizzle-kit/api";', id="import-type"),
    pytest.param('import type * as Kit from "drizzle-kit/api";', id="import-type-namespace"),
    pytest.param('export type { DrizzleSnapshotJSON } from "drizzle-kit/api";', id="export-type"),
    pytest.param('import { type A, type B } from "drizzle-kit/api";', id="all-inline-types"),
    pytest.param('type Kit = typeof import("drizzle-kit/api");', id="type-query"),
    pytest.param('import { defineConfig } from "drizzle-kit";', id="main-entry-for-the-config"),
    pytest.param('import type { Config } from "drizzle-kit";', id="main-entry-type"),
    pytest.param('vi.mock("drizzle-kit/api", () => ({ pushSchema: vi.fn() }));', id="vitest-mock"),
    pytest.param('jest.mock("drizzle-kit/api");', id="jest-mock"),
    pytest.param(
        "const external = ['drizzle-kit/api', 'drizzle-orm/pglite/migrator'];", id="array"
    ),
    pytest.param("export default { optimizeDeps: { exclude: ['drizzle-kit/api'] } };", id="object"),
    pytest.param('// const { pushSchema } = require("drizzle-kit/api");', id="comment"),
    pytest.param('const doc = "use require(\\"drizzle-kit/api\\") to push";', id="doc-string"),
    pytest.param('import { x } from "my-drizzle-kit/api";', id="look-alike-kit"),
    pytest.param('import { x } from "drizzle-orm-extra/pg/migrator";', id="look-alike-orm"),
    pytest.param('import { x } from "drizzle-kit/api-docs-site";', id="not-an-api-entry"),
    pytest.param("const m = await import(`${base}/migrator`);", id="computed-template"),
    pytest.param("const m = await import(`drizzle-orm/${a}/${b}`);", id="template-not-naming-it"),
    pytest.param("const m = await import(spec);", id="computed-specifier"),
    pytest.param(
        'const load = createRequire(import.meta.url);\nload.resolve("drizzle-kit/api");',
        id="resolve-is-not-a-load",
    ),
    pytest.param('other("drizzle-kit/api");', id="unbound-function"),
    # Drizzle Studio's servers, as nuxt-hub/core's devtools start them: a data browser, as
    # `drizzle-kit studio` is, never a migration (a false alarm found on a real repository).
    pytest.param(
        'import { startStudioPostgresServer, startStudioSQLiteServer } from "drizzle-kit/api";',
        id="studio-servers-only",
    ),
    pytest.param(
        'const { startStudioMySQLServer } = await import("drizzle-kit/api");', id="studio-dynamic"
    ),
    pytest.param(
        'const { startStudioSingleStoreServer: start } = require("drizzle-kit/api");',
        id="studio-renamed",
    ),
    pytest.param(
        "const n = `${a}` / 2; const r = /drizzle-kit\\/api/;", id="division-after-template"
    ),
]


@pytest.mark.parametrize(("source", "expected"), LOADS)
def test_loads_are_reported(source, expected) -> None:
    assert found(source) == expected


@pytest.mark.parametrize("source", NOT_LOADS)
def test_not_loads_pass(source) -> None:
    assert found(source) == []


@pytest.mark.parametrize(
    ("specifier", "expected"),
    [
        ("drizzle-kit/api", True),
        ("drizzle-kit/api.js", True),
        ("drizzle-kit/api-postgres", True),
        ("drizzle-kit/payload", True),
        ("drizzle-kit", False),
        ("drizzle-kit/api/x", False),
        ("@scope/drizzle-kit/api", False),
    ],
)
def test_kit_api_specifiers(specifier, expected) -> None:
    assert is_kit_api(specifier) is expected


def test_prefilter_lets_every_load_through() -> None:
    from hooks.forbid_drizzle_migrator import mentions_a_runtime_path

    for param in LOADS:
        assert mentions_a_runtime_path(param.values[0].encode()), param.id


SETUP = (
    'import { pushSchema } from "drizzle-kit/api";\n'
    'import { migrate } from "drizzle-orm/pglite/migrator";\n'
)


def test_hook_reports_with_position_and_hint(monorepo, capsys) -> None:
    monorepo.stage("apps/api/test/setup.ts", SETUP)
    assert migrator_main(["apps/api/test/setup.ts"]) == 1
    out = capsys.readouterr().out
    assert (
        f'apps/api/test/setup.ts:1:28: AF402 imports {API} "drizzle-kit/api" (pushSchema):'
        " drizzle-kit push/generate as a function call bypasses Atlas\n"
        "    apply schema.sql instead" in out
    )
    assert "apps/api/test/setup.ts:2:25: AF401" in out


def test_allow_drizzle_kit_api_exempts_only_the_api_and_only_there(monorepo, capsys) -> None:
    monorepo.write(".atlas-first.toml", 'allow-drizzle-kit-api = ["**/*.test.ts", "test/"]\n')
    monorepo.stage("apps/api/db.test.ts", SETUP)
    monorepo.stage("test/global-setup.ts", SETUP)
    monorepo.stage("apps/api/src/boot.ts", SETUP)
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert "apps/api/db.test.ts:1:28: AF402" not in out
    assert "test/global-setup.ts:1:28: AF402" not in out
    assert "apps/api/db.test.ts:2:25: AF401" in out  # the migrator is never exempt
    assert "apps/api/src/boot.ts:1:28: AF402" in out


def test_all_files_mode_finds_api_loads_through_git_grep(monorepo, capsys) -> None:
    monorepo.write(
        "scripts/bootstrap.mjs", "const { pushSchema } = await import('drizzle-kit/api');\n"
    )
    monorepo.write("scripts/dyn.mjs", "await import(`drizzle-orm/${d}/migrator`);\n")
    monorepo.add()
    monorepo.commit("no-verify")
    assert cli_main(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "scripts/bootstrap.mjs:1:37: AF402" in out
    assert "scripts/dyn.mjs:1:14: AF401" in out


def test_sarif_and_json_know_the_new_code(monorepo, capsys) -> None:
    import json

    monorepo.stage("src/push.ts", SETUP)
    assert migrator_main(["--format", "json", "src/push.ts"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [v["code"] for v in report["violations"]] == ["AF402", "AF401"]
    assert {v["hook"] for v in report["violations"]} == {"forbid-drizzle-migrator"}
    assert migrator_main(["--format", "sarif", "src/push.ts"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "AF402" in rules

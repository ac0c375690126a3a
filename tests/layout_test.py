"""Reading a repository's layout from its own files: drizzle configs, journals, atlas.hcl."""

from __future__ import annotations

import pytest

from hooks.project.drizzle_config import UnreadableConfig
from hooks.project.drizzle_config import is_drizzle_config
from hooks.project.drizzle_config import read_drizzle_config
from hooks.project.layout import detect_layout


@pytest.mark.parametrize(
    ("text", "outs", "schemas"),
    [
        pytest.param(
            "import type { Config } from 'drizzle-kit';\n"
            "export default {\n  schema: './src/schema/index.ts',\n  out: './drizzle',\n"
            "  dialect: 'postgresql',\n  dbCredentials: { url: process.env.URL! },\n"
            "} satisfies Config;\n",
            ["./drizzle"],
            ["./src/schema/index.ts"],
            id="livermore-satisfies",
        ),
        pytest.param(
            'import { defineConfig } from "drizzle-kit";\n'
            'export default defineConfig({ dialect: "postgresql", out: "./src/schema" });\n',
            ["./src/schema"],
            [],
            id="define-config",
        ),
        pytest.param(
            'export default defineConfig({ dialect: "postgresql", schema: "./src/db/schema.ts" });',
            ["drizzle"],
            ["./src/db/schema.ts"],
            id="no-out-is-drizzle-kit-default",
        ),
        pytest.param(
            "export default defineConfig({\n  // out: './not-this',\n  /* out: 'nor-this' */\n"
            '  dialect: "postgresql",\n  out: `./migrations`,\n});\n',
            ["./migrations"],
            [],
            id="comments-and-plain-template",
        ),
        pytest.param(
            'export default defineConfig({ "out": "./db", "dialect": "sqlite" });',
            ["./db"],
            [],
            id="quoted-keys",
        ),
        pytest.param(
            'export default defineConfig({ dialect: "postgresql", out: "./drizzle",'
            ' migrations: { schema: "drizzle", table: "__migrations" },'
            ' schema: ["./src/a.ts", "./src/b/*"] });',
            ["./drizzle"],
            ["./src/a.ts", "./src/b/*"],
            id="nested-migrations-schema-is-not-the-schema",
        ),
        pytest.param(
            "const base = { dialect: 'postgresql' } as const;\n"
            "export default process.env.CI\n"
            "  ? defineConfig({ ...base, out: './drizzle-ci' })\n"
            "  : defineConfig({ ...base, out: './drizzle' });\n",
            ["./drizzle-ci", "./drizzle"],
            [],
            id="two-configs-both-guarded",
        ),
        pytest.param(
            "module.exports = { driver: 'pg', schema: './schema.ts', out: './migrations' };\n",
            ["./migrations"],
            ["./schema.ts"],
            id="commonjs-legacy-driver",
        ),
    ],
)
def test_read_drizzle_config(text, outs, schemas) -> None:
    config = read_drizzle_config("drizzle.config.ts", text)
    assert config.outs == outs
    assert config.schemas == schemas


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(
            "export default defineConfig({ dialect: 'postgresql',"
            " out: path.join(__dirname, 'drizzle') });",
            "`out` is computed",
            id="call",
        ),
        pytest.param(
            "export default defineConfig({ dialect: 'postgresql', out: `./${dir}/drizzle` });",
            "`out` is computed",
            id="template-with-interpolation",
        ),
        pytest.param(
            "const out = './x';\nexport default defineConfig({ dialect: 'postgresql', out });",
            "`out` is computed",
            id="shorthand",
        ),
        pytest.param(
            "export default defineConfig({ dialect: 'postgresql', out: process.env.OUT ?? 'd' });",
            "`out` is computed",
            id="env-fallback",
        ),
        pytest.param(
            "import base from '../../drizzle.base';\n"
            "export default defineConfig({ ...base, dialect: 'postgresql' });",
            "spreads another object",
            id="spread-may-set-out",
        ),
        pytest.param(
            "export default defineConfig({ out: './a', dialect: 'postgresql', ...overrides });",
            "spreads another object",
            id="spread-after-out",
        ),
        pytest.param(
            "import config from './shared';\nexport default config;\n",
            "no drizzle-kit config object",
            id="re-exported-from-elsewhere",
        ),
    ],
)
def test_unreadable_drizzle_config_is_never_guessed(text, reason) -> None:
    with pytest.raises(UnreadableConfig, match=reason):
        read_drizzle_config("drizzle.config.ts", text)


@pytest.mark.parametrize(
    ("text", "outs"),
    [
        ('{"dialect": "postgresql", "out": "./migrations"}', ["./migrations"]),
        ('{"dialect": "postgresql"}', ["drizzle"]),
    ],
)
def test_json_config(text, outs) -> None:
    assert read_drizzle_config("drizzle.config.json", text).outs == outs


@pytest.mark.parametrize("text", ['{"out": 3}', "[1]", "{not json"])
def test_unreadable_json_config(text) -> None:
    with pytest.raises(UnreadableConfig):
        read_drizzle_config("drizzle.config.json", text)


@pytest.mark.parametrize(
    ("name", "matches"),
    [
        ("drizzle.config.ts", True),
        ("drizzle.config.json", True),
        ("drizzle.config.mjs", True),
        ("drizzle.config.prod.ts", True),
        ("drizzle.test.config.ts", True),
        ("drizzle.config.ts.bak", False),
        ("my-drizzle.config.ts", False),
        ("drizzle.ts", False),
    ],
)
def test_drizzle_config_names(name, matches) -> None:
    assert is_drizzle_config(name) is matches


def _layout(files: list[str], texts: dict[str, str]):
    return detect_layout(files, lambda p: texts.get(p, ""))


PG = "dialect: 'postgresql'"


@pytest.mark.parametrize(
    ("files", "config", "generated", "migrations"),
    [
        pytest.param(
            ["db/drizzle/0000_a.sql", "db/drizzle/meta/_journal.json"],
            f"export default {{ {PG}, out: './drizzle' }}",
            [],
            ["db/drizzle/"],
            id="journal-only-is-migrations",
        ),
        pytest.param(
            ["db/drizzle/0000_a.sql", "db/drizzle/meta/_journal.json"],
            f"export default {{ {PG}, out: 'drizzle/' }}",
            [],
            ["db/drizzle/"],
            id="trailing-slash",
        ),
        pytest.param(
            ["db/src/schema/schema.ts", "db/src/schema/relations.ts"],
            f"export default {{ {PG}, out: './src/schema' }}",
            ["db/src/schema/"],
            [],
            id="pulled-only-is-generated",
        ),
        pytest.param(
            [
                "db/drizzle/0000_a.sql",
                "db/drizzle/meta/_journal.json",
                "db/drizzle/schema.ts",
                "db/drizzle/relations.ts",
                "db/src/schema/index.ts",
                "db/src/schema/users.ts",
            ],
            f"export default {{ schema: './src/schema/index.ts', out: './drizzle', {PG} }}",
            ["db/drizzle/"],  # `schema` is read by generate and push; pull writes to `out`
            ["db/drizzle/*.sql", "db/drizzle/meta/"],
            id="livermore-both-in-one-folder",
        ),
        pytest.param(
            [],
            f"export default {{ {PG}, schema: './src/db/schema.ts' }}",
            ["db/drizzle/"],
            ["db/drizzle/*.sql", "db/drizzle/meta/"],
            id="nothing-written-yet-is-guarded-both-ways",
        ),
        pytest.param(
            [],
            f"export default {{ {PG}, schema: './src/db/schema/*.ts' }}",
            ["db/drizzle/"],
            ["db/drizzle/*.sql", "db/drizzle/meta/"],
            id="schema-glob-is-not-generated",
        ),
    ],
)
def test_out_folder_classification(files, config, generated, migrations) -> None:
    layout = _layout(["db/drizzle.config.ts", *files], {"db/drizzle.config.ts": config})
    assert layout.generated == generated
    assert layout.migrations == migrations
    assert layout.problems == []
    for key in ("generated", "migrations"):
        if layout.patterns(key):
            assert layout.found_in[key] == ["db/drizzle.config.ts"]


def test_unreadable_config_is_a_problem_not_a_guess() -> None:
    layout = _layout(
        ["db/drizzle.config.ts"],
        {"db/drizzle.config.ts": f"export default {{ {PG}, out: path.resolve('x') }}"},
    )
    assert layout.generated == layout.migrations == []
    assert layout.problems == [
        "db/drizzle.config.ts: cannot tell where drizzle-kit writes: its `out` is computed,"
        " not a plain string"
    ]


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        ("../../elsewhere", "outside the repository"),
        ("/abs/drizzle", "outside the repository"),
        ("..", "repository root"),
    ],
)
def test_out_outside_the_repository_is_a_problem(out, problem) -> None:
    layout = _layout(
        ["db/drizzle.config.ts"],
        {"db/drizzle.config.ts": f"export default {{ {PG}, out: '{out}' }}"},
    )
    assert problem in layout.problems[0]


def test_atlas_src_list_and_relative_paths() -> None:
    layout = _layout(
        ["db/atlas.hcl"],
        {
            "db/atlas.hcl": 'env "local" {\n  src = ["file://schema.sql", "file://../shared/types.sql"]\n}\n'
        },
    )
    assert layout.sources == ["db/schema.sql", "shared/types.sql"]
    assert layout.found_in["sources"] == ["db/atlas.hcl"]


def test_monorepo_with_two_drizzle_configs() -> None:
    files = [
        "apps/api/drizzle.config.ts",
        "apps/api/migrations/0000_a.sql",
        "apps/api/migrations/meta/_journal.json",
        "apps/worker/drizzle.config.json",
        "apps/worker/src/generated/schema.ts",
    ]
    layout = _layout(
        files,
        {
            "apps/api/drizzle.config.ts": f"export default {{ {PG}, out: './migrations' }}",
            "apps/worker/drizzle.config.json": '{"dialect": "postgresql", "out": "src/generated"}',
        },
    )
    assert layout.migrations == ["apps/api/migrations/"]
    assert layout.generated == ["apps/worker/src/generated/"]


_SERVER_CONFIG = (
    "import { defineConfig } from 'drizzle-kit';\n"
    f"export default defineConfig({{ {PG}, schema: './server/db/schema', out: './server/db/migrations' }});\n"
)


# What drizzle-kit really uses (its `out`: pull writes nowhere else, so the config's `schema`
# folder is no generated folder, issue 36), and the same read from the config's own folder.
RESOLVED = ["server/db/migrations/"]
BESIDE = ["server/db/server/db/migrations/"]


@pytest.mark.parametrize(
    ("scripts", "guarded", "not_guarded", "evidence"),
    [
        pytest.param(
            {
                "package.json": {
                    "db:gen": "drizzle-kit generate --config ./server/db/drizzle.config.ts"
                }
            },
            RESOLVED,
            "server/db/server/",
            "is run from . (a package script",
            id="run-from-the-package-root-with-config",
        ),
        pytest.param(
            {
                "package.json": {
                    "db": "tsx x.ts && drizzle-kit push --config=server/db/drizzle.config.ts"
                }
            },
            RESOLVED,
            "server/db/server/",
            "is run from .",
            id="config-equals-form-after-another-command",
        ),
        pytest.param(
            {},
            BESIDE,
            None,
            "",
            id="no-script-names-it-its-own-folder",
        ),
        pytest.param(
            {"package.json": {"db": "drizzle-kit generate --config $DRIZZLE_CONFIG"}},
            BESIDE,
            None,
            'CHECK BY HAND:     package.json script "db" runs drizzle-kit with a computed --config',
            id="computed-config-is-said-not-guessed",
        ),
        pytest.param(
            {
                "package.json": {"db": "drizzle-kit generate --config server/db/drizzle.config.ts"},
                "server/package.json": {
                    "db": "drizzle-kit generate --config ./db/drizzle.config.ts"
                },
            },
            [*RESOLVED, "server/server/db/migrations/"],
            None,
            "they disagree: each is guarded",
            id="scripts-disagree-each-result-guarded",
        ),
        pytest.param(
            {"package.json": {"other": "drizzle-kit generate --config ./other/drizzle.config.ts"}},
            BESIDE,
            None,
            "",
            id="a-script-for-another-config-changes-nothing",
        ),
    ],
)
def test_drizzle_kit_resolves_paths_against_the_folder_it_runs_in(
    scripts, guarded, not_guarded, evidence
) -> None:
    """drizzle-kit resolves `out` and `schema` against the folder it runs in: the package
    whose script passes the config as --config (issue 24), else the config's own folder."""
    import json

    texts = {"server/db/drizzle.config.ts": _SERVER_CONFIG}
    texts.update({p: json.dumps({"scripts": s}) for p, s in scripts.items()})
    files = sorted([*texts, "server/db/migrations/meta/_journal.json"])
    layout = _layout(files, texts)
    patterns = [*layout.generated, *layout.migrations]
    for folder in guarded:
        assert any(p.startswith(folder) for p in patterns), (folder, patterns)
    if not_guarded is not None:
        assert not any(p.startswith(not_guarded) for p in patterns), patterns
    assert not layout.problems
    assert evidence in "\n".join(layout.evidence)


@pytest.mark.parametrize(
    ("script", "flags"),
    [
        ("drizzle-kit push --config ./db/drizzle.config.ts", ["./db/drizzle.config.ts"]),
        (
            "drizzle-kit generate --config=db/a.ts && drizzle-kit migrate --config b.ts",
            ["db/a.ts", "b.ts"],
        ),
        ('cross-env X=1 npx drizzle-kit push --config "./my db/c.ts"', ["./my db/c.ts"]),
        ("dotenv -e .env -- drizzle-kit push --config=$CONFIG", [None]),
        ("drizzle-kit push --config `pick`", [None]),
        ("sh -c 'drizzle-kit push --config inner.ts'", ["inner.ts"]),
        ("drizzle-kit push", []),
        ("echo --config a.ts; tsc --config b.json", []),  # no drizzle-kit run
        ("drizzle-kit push --config", []),  # no value: drizzle-kit's default applies
    ],
)
def test_config_flags_are_read_from_the_shell_words(script, flags) -> None:
    from hooks.project.layout import config_flags

    assert config_flags(script) == flags

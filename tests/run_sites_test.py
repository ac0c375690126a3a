"""AF401 names what runs the file that loads Drizzle's migrator (issue 24): the commands that
hand it to a JavaScript runner in any carrier, compiled paths where the build says so, the
scripts and files that call those scripts, and the code that imports it."""

from __future__ import annotations

import json
import re

import pytest

from hooks.commands.run_sites import RunSites
from hooks.commands.run_sites import runner_args
from hooks.commands.run_sites import stem
from hooks.forbid_drizzle_migrator import main

MIGRATE = 'import { migrate } from "drizzle-orm/postgres-js/migrator";\nawait migrate(db, {});\n'


def _scripts(**scripts: str) -> str:
    return json.dumps({"name": "web", "scripts": scripts}, indent=2) + "\n"


TSCONFIG = '{\n  // tsc builds src/ into dist/\n  "compilerOptions": {"outDir": "dist", "rootDir": "src"},\n}\n'

# (files, the module that loads the migrator, the tail of its AF401 message)
CASES = {
    "a script runs it, and the build calls the script (every deploy migrates)": (
        {
            "package.json": _scripts(
                **{"db:migrate": "tsx lib/db/migrate", "build": "pnpm db:migrate && next build"}
            )
        },
        "lib/db/migrate.ts",
        ' (run by package.json:4 "db:migrate", package.json:5 "build")',
    ),
    "the build script runs it itself": (
        {"package.json": _scripts(build="tsx lib/db/migrate && next build")},
        "lib/db/migrate.ts",
        ' (run by package.json:4 "build")',
    ),
    "a pre hook runs it before the build": (
        {"package.json": _scripts(prebuild="node ./scripts/migrate.mjs", build="next build")},
        "scripts/migrate.mjs",
        ' (run by package.json:4 "prebuild", package.json:5 "build")',
    ),
    "a container runs the compiled file (tsconfig outDir/rootDir)": (
        {
            "tsconfig.json": TSCONFIG,
            "Dockerfile": 'FROM node:22\nWORKDIR /app\nCMD ["sh","-c","node dist/migration.mjs && node dist/server.mjs"]\n',
        },
        "src/migration.ts",
        " (run by Dockerfile:3)",
    ),
    "tsconfig's one include folder stands for rootDir": (
        {
            "tsconfig.json": '{"compilerOptions": {"outDir": "build"}, "include": ["src/**/*"]}\n',
            "Procfile": "release: node build/migrate.js\nweb: node build/server.js\n",
        },
        "src/migrate.ts",
        " (run by Procfile:1)",
    ),
    "a bundler's build script names the entry (esbuild --outfile)": (
        {
            "package.json": _scripts(build="esbuild src/migrate.ts --bundle --outfile=out/m.cjs"),
            "compose.yaml": "services:\n  migrate:\n    image: app\n    command: node out/m.cjs\n",
        },
        "src/migrate.ts",
        " (run by compose.yaml:4)",
    ),
    "a tsup config names the entry": (
        {
            "tsup.config.ts": 'export default { entry: ["src/migrate.ts", "src/index.ts"] };\n',
            ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: node dist/migrate.js\n",
        },
        "src/migrate.ts",
        " (run by .github/workflows/deploy.yml:6)",
    ),
    "esbuild's entryPoints name the output (Dokploy's start script)": (
        {
            "apps/app/esbuild.config.ts": 'esbuild.build({\n  entryPoints: {\n    server: "server/server.ts",\n    migration: "migration.ts",\n  },\n  outExtension: { ".js": ".mjs" },\n  outdir: "dist",\n});\n',
            "apps/app/package.json": _scripts(
                start="node -r dotenv/config dist/migration.mjs && node dist/server.mjs",
                **{"build-server": "tsx esbuild.config.ts"},
            ),
        },
        "apps/app/migration.ts",
        ' (run by apps/app/package.json:4 "start")',
    ),
    "a workflow step calls the script that runs it": (
        {
            "package.json": _scripts(migrate="tsx src/db/migrate.ts"),
            ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm migrate\n",
        },
        "src/db/migrate.ts",
        ' (run by package.json:4 "migrate", .github/workflows/deploy.yml:6)',
    ),
    "another package's script calls it through the workspace": (
        {
            "pnpm-workspace.yaml": "packages: ['packages/*', 'apps/*']\n",
            "packages/db/package.json": json.dumps(
                {"name": "@acme/db", "scripts": {"migrate": "bun src/migrate.ts"}}
            )
            + "\n",
            "apps/web/package.json": json.dumps(
                {
                    "name": "web",
                    "scripts": {"deploy": "pnpm --filter @acme/db migrate && next build"},
                }
            )
            + "\n",
        },
        "packages/db/src/migrate.ts",
        ' (run by packages/db/package.json:1 "migrate", apps/web/package.json:1)',
    ),
    "an init script runs it (an extensionless shebang file)": (
        {
            "docker/entrypoint": "#!/bin/sh\nset -e\nnode ./scripts/migrate.mjs\nexec node server.js\n"
        },
        "scripts/migrate.mjs",
        " (run by docker/entrypoint:3)",
    ),
    "a wrapper hands it on (dotenv, timeout)": (
        {
            "package.json": _scripts(
                **{"db:up": "dotenv -e .env -- timeout 60 npx tsx ./src/migrate"}
            )
        },
        "src/migrate.ts",
        ' (run by package.json:4 "db:up")',
    ),
    "server start code imports it (Next.js instrumentation)": (
        {
            "src/instrumentation.ts": 'export async function register() {\n  if (process.env.NEXT_RUNTIME === "nodejs") {\n    await import("./lib/db/migrate");\n  }\n}\n'
        },
        "src/lib/db/migrate.ts",
        " (imported by src/instrumentation.ts:3)",
    ),
    "an import through a tsconfig paths alias": (
        {
            "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"]}}}\n',
            "src/server.ts": 'import "@/db/migrate";\nimport { app } from "./app";\n',
        },
        "src/db/migrate.ts",
        " (imported by src/server.ts:1)",
    ),
    "code that imports it is run by a container (named with what it runs)": (
        {
            "tsconfig.json": TSCONFIG,
            "src/index.ts": 'import { runMigrations } from "./migrate.js";\nawait runMigrations();\n',
            "Dockerfile": "FROM node:22\nCMD node dist/index.js\n",
        },
        "src/migrate.ts",
        " (run by Dockerfile:2 (runs src/index.ts); imported by src/index.ts:1)",
    ),
    # Negatives: nothing here runs the module.
    "copying, linting or compiling it does not run it": (
        {
            "package.json": _scripts(
                lint="eslint src/migrate.ts",
                copy="cp src/migrate.ts /tmp/",
                tsc="tsc src/migrate.ts",
            )
        },
        "src/migrate.ts",
        "",
    ),
    "a compiled path with no build that says so is not guessed": (
        {"Dockerfile": "FROM node:22\nCMD node dist/migrate.js\n"},
        "src/migrate.ts",
        "",
    ),
    "a module of a similar name is another module": (
        {
            "src/a.ts": 'import { x } from "./migrate-utils";\nimport "../migrate";\n',
            "package.json": _scripts(x="tsx src/migrate-utils.ts"),
        },
        "src/migrate.ts",
        "",
    ),
    "a type-only import runs nothing": (
        {"src/types.ts": 'import type { Options } from "./migrate";\n'},
        "src/migrate.ts",
        "",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_migrator_report_names_what_runs_the_file(repo, capsys, case) -> None:
    files, module, tail = CASES[case]
    for path, text in {**files, module: MIGRATE}.items():
        repo.write(path, text)
    repo.add()
    repo.commit("a project that migrates with drizzle-orm")
    assert main([module]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert re.match(rf"{re.escape(module)}:1:25: AF401 ", first), first
    assert first.endswith("runtime Drizzle migrations are banned" + tail), first


def test_run_sites_agree_across_staged_range_and_all_files(repo, capsys) -> None:
    """One promise, one verdict: the chain is the same whichever way the change is checked."""
    from hooks.cli import main as cli

    files, module, tail = CASES[
        "code that imports it is run by a container (named with what it runs)"
    ]
    repo.commit("root")
    for path, text in {**files, module: MIGRATE}.items():
        repo.write(path, text)
    repo.add()
    outputs = []
    assert cli(["check"]) == 1
    outputs.append(capsys.readouterr().out)
    repo.commit("migrate")
    assert cli(["check", "--from-ref", "HEAD^", "--to-ref", "HEAD"]) == 1
    outputs.append(capsys.readouterr().out)
    assert cli(["check", "--all-files"]) == 1
    outputs.append(capsys.readouterr().out)
    lines = [[x for x in out.splitlines() if "AF401" in x] for out in outputs]
    assert lines[0] == lines[1] == lines[2]
    assert lines[0][0].endswith(tail)


@pytest.mark.parametrize(
    ("words", "args"),
    [
        (["node", "dist/m.js"], ["dist/m.js"]),
        (["npx", "tsx", "m.ts"], ["m.ts"]),
        (["pnpm", "exec", "tsx", "m.ts"], ["m.ts"]),
        (["yarn", "dlx", "tsx", "m.ts"], ["m.ts"]),
        (["pnpm", "tsx", "m.ts"], ["m.ts"]),
        (["bun", "run", "m.ts"], ["run", "m.ts"]),
        (["/usr/local/bin/node", "--import", "tsx", "m.ts"], ["--import", "tsx", "m.ts"]),
        (["pnpm", "db:migrate"], None),  # a script call: the caller index's job
        (["cp", "m.ts", "x"], None),
        (["tsc", "m.ts"], None),
        ([], None),
    ],
)
def test_runner_args(words, args) -> None:
    assert runner_args(words) == args


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("src/m.ts", "src/m"),
        ("src/db/index.mts", "src/db"),
        ("m.json", "m.json"),
        ("index.js", "index"),
    ],
)
def test_stem(path, expected) -> None:
    assert stem(path) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("pnpm start", "start", True),
        ('{"startWith": 1}', "start", False),  # a snapshot's sequence: no script named
        ("turbo run web#start", "start", True),
        ("nx run web:start", "start", True),
        ("pnpm start-dev", "start", False),
        ("restart; start", "start", True),
        ("", "start", False),
    ],
)
def test_a_script_is_looked_for_as_a_word(text, word, expected) -> None:
    from hooks.commands.callers import _has_word

    assert _has_word(text, word) is expected


def test_a_missing_or_unreadable_file_is_no_run_site() -> None:
    texts = {"package.json": '{"scripts": {"m": "tsx src/m.ts"}', "src/m.ts": MIGRATE}

    def read(path: str) -> str | None:
        return texts.get(path)

    sites = RunSites(["package.json", "src/gone.ts", "src/m.ts"], read)
    assert sites.of("src/m.ts") == ""  # the broken package.json is its own check's error

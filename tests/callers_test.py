"""A banned script's report names its callers in other files, across the workspace's
packages (issue 10); a caller alone, whose target is not banned, is never a finding."""

from __future__ import annotations

import json

import pytest

from hooks.cli import main as cli_main
from hooks.commands.callers import ALL
from hooks.commands.callers import HERE
from hooks.commands.callers import Package
from hooks.commands.callers import in_workspace
from hooks.commands.callers import refers_to
from hooks.commands.callers import script_calls


@pytest.mark.parametrize(
    ("command", "calls"),
    [
        ("pnpm --filter @acme/database db:migrate", [("@acme/database", "db:migrate")]),
        ("pnpm -F @acme/database run db:migrate", [("@acme/database", "db:migrate")]),
        ("pnpm --filter=./packages/database db:migrate", [("./packages/database", "db:migrate")]),
        ("pnpm -r run db:migrate", [(ALL, "db:migrate")]),
        ("pnpm -C packages/database db:migrate", [("./packages/database", "db:migrate")]),
        ("npm run db:migrate -w packages/database", [("packages/database", "db:migrate")]),
        ("npm run db:migrate --workspace=@acme/database", [("@acme/database", "db:migrate")]),
        ("npm run db:migrate --workspaces", [(ALL, "db:migrate")]),
        ("npm run db:migrate", [(HERE, "db:migrate")]),
        ("npm --prefix packages/database run db:migrate", [("./packages/database", "db:migrate")]),
        ("yarn workspace @acme/database db:migrate", [("@acme/database", "db:migrate")]),
        ("yarn workspaces foreach -A run db:migrate", [(ALL, "db:migrate")]),
        ("yarn db:migrate", [(HERE, "db:migrate")]),
        ("bun run db:migrate", [(HERE, "db:migrate")]),
        ("turbo run db:migrate", [(ALL, "db:migrate")]),
        (
            "turbo run build db:migrate --filter=@acme/database",
            [("@acme/database", "build"), ("@acme/database", "db:migrate")],
        ),
        ("npx turbo @acme/database#db:migrate", [("@acme/database", "db:migrate")]),
        ("nx run database:db:migrate", [("database", "db")]),
        ("nx run database:migrate", [("database", "migrate")]),
        ("nx run-many -t migrate -p database,api", [("database", "migrate"), ("api", "migrate")]),
        ("npm install", []),
        ("npm ci", []),
        ("bun x.ts", []),
        ("echo pnpm --filter x db:migrate", []),
        ("nx graph", []),
    ],
)
def test_script_calls(command, calls) -> None:
    from hooks.commands.callers import commands_of

    found = [call for words in commands_of(command, "sh") for call in script_calls(words)]
    assert found == calls


DB = Package("packages/database", "@acme/database")


@pytest.mark.parametrize(
    ("reference", "caller", "expected"),
    [
        ("@acme/database", None, True),
        ("@acme/*", None, True),
        ("...@acme/database", None, True),
        ("{packages/database}", None, True),
        ("./packages/database", "", True),
        ("../database", "packages/api", True),
        ("database", None, True),  # an Nx project name drops the scope
        ("@acme/api", None, False),
        ("!@acme/database", None, False),
        (ALL, None, True),
        (HERE, "packages/database", True),
        (HERE, "packages/api", False),
    ],
)
def test_refers_to(reference, caller, expected) -> None:
    assert refers_to(reference, DB, caller) is expected


def test_in_workspace() -> None:
    assert in_workspace("packages/database", ["packages/*"])
    assert in_workspace("apps/a/b", ["apps/**"])
    assert not in_workspace("packages/database", ["apps/*"])
    assert not in_workspace("packages/database", ["packages/*", "!packages/database"])


def _monorepo(repo, *, workspace: bool = True):
    files = {
        "package.json": json.dumps(
            {"private": True, "scripts": {"deploy": "pnpm --filter @acme/database db:migrate"}}
        ),
        "packages/database/package.json": json.dumps(
            {
                "name": "@acme/database",
                "scripts": {"db:migrate": "drizzle-kit migrate", "db:pull": "drizzle-kit pull"},
            },
            indent=2,
        ),
        "packages/database/Procfile": "release: npm run db:migrate\nweb: node .\n",
        "packages/database/project.json": json.dumps(
            {
                "targets": {
                    "migrate": {"executor": "nx:run-script", "options": {"script": "db:migrate"}}
                }
            },
            indent=2,
        ),
        "apps/api/package.json": json.dumps(
            {"name": "@acme/api", "scripts": {"db": "npm run db:migrate"}}
        ),
        ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: pnpm turbo run db:migrate\n      - run: pnpm --filter @acme/api db:pull\n",
        "Dockerfile": 'FROM node:20\nCMD ["sh", "-c", "yarn workspace @acme/database db:migrate && node ."]\n',
    }
    if workspace:
        files["pnpm-workspace.yaml"] = "packages:\n  - 'packages/*'\n  - 'apps/*'\n"
    for path, text in files.items():
        repo.write(path, text)
    repo.add()
    repo.commit("monorepo")
    return repo


def test_callers_in_other_files_are_named(repo, capsys) -> None:
    _monorepo(repo)
    assert cli_main(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if ": AF301 " in ln]
    assert lines == [
        'packages/database/package.json:4:5: AF301 script "db:migrate" runs "drizzle-kit migrate"'
        " (called by .github/workflows/deploy.yml:6, Dockerfile:2, package.json:1,"
        " packages/database/Procfile:1, packages/database/project.json:6)"
    ]


def test_outside_the_workspace_named_references_do_not_resolve(repo, capsys) -> None:
    _monorepo(repo, workspace=False)
    assert cli_main(["check", "--all-files"]) == 1
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ": AF301 " in ln)
    assert "Procfile:1" in line  # beside the package: still its caller
    assert "package.json:1," not in line
    assert "Dockerfile" not in line


def test_a_caller_alone_is_never_a_finding(repo, capsys) -> None:
    _monorepo(repo)
    repo.stage(
        "packages/database/package.json",
        json.dumps(
            {"name": "@acme/database", "scripts": {"db:migrate": "atlas schema apply --env local"}}
        ),
    )
    repo.commit("atlas")
    assert cli_main(["check", "--all-files"]) == 0, capsys.readouterr().out


def test_staged_change_names_callers_too(repo, capsys) -> None:
    _monorepo(repo)
    repo.stage(
        "packages/database/package.json",
        json.dumps({"name": "@acme/database", "scripts": {"db:migrate": "drizzle-kit push"}}),
    )
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        'script "db:migrate" runs "drizzle-kit push" (called by .github/workflows/deploy.yml:6'
        in out
    )


@pytest.mark.parametrize(
    ("command", "calls"),
    [
        ("pnpm turbo run db:migrate", [(ALL, "db:migrate")]),
        ("pnpm exec nx run database:migrate", [("database", "migrate")]),
        ("yarn dlx turbo db:migrate --filter @acme/database", [("@acme/database", "db:migrate")]),
        ("sh -c 'pnpm --filter @acme/database db:migrate'", [("@acme/database", "db:migrate")]),
        ("DATABASE_URL=x pnpm -F @acme/database db:migrate", [("@acme/database", "db:migrate")]),
    ],
)
def test_task_runners_through_package_runners(command, calls) -> None:
    from hooks.commands.callers import commands_of

    found = [call for words in commands_of(command, "sh") for call in script_calls(words)]
    assert found == calls


WORKSPACE = {
    "package.json": '{"name": "root", "workspaces": ["packages/*"], "scripts": {"all": "pnpm -r db:push"}}',
    "packages/api/package.json": '{"name": "@acme/api", "scripts": {"db:push": "drizzle-kit push"}}',
    "packages/web/package.json": '{"name": "web", "scripts": {"db:push": "drizzle-kit push", "dev": "pnpm db:push"}}',
    "tools/x/package.json": '{"name": "x", "scripts": {"db:push": "drizzle-kit push"}}',
    "tools/x/project.json": '{"targets": {"p": {"executor": "nx:run-script", "options": {"script": "db:push"}}}}',
    "deploy-name.sh": "#!/bin/sh\npnpm --filter @acme/api db:push\n",
    "deploy-rel.sh": "#!/bin/sh\npnpm --filter './packages/web' db:push\n",
    "deploy-glob.sh": "#!/bin/sh\npnpm --filter 'packages/*' db:push\n",
    "deploy-x.sh": "#!/bin/sh\npnpm --filter x db:push\n",
    "deploy-neg.sh": "#!/bin/sh\npnpm --filter '!web' db:push\n",
    "packages/web/Procfile": "release: npm run db:push\n",
}
WORKSPACE_CALLERS = {
    "packages/api": ["deploy-glob.sh:1", "deploy-name.sh:1", "package.json:1"],
    "packages/web": [
        "deploy-glob.sh:1", "deploy-rel.sh:1", "package.json:1", "packages/web/Procfile:1",
    ],
    "tools/x": ["package.json:1", "tools/x/project.json:1"],  # outside: by -r and nx only
}  # fmt: skip


def test_one_index_for_every_package_answers_as_a_fresh_one_per_package() -> None:
    """The caller index is built once per run (issue 21: a walk of the index per package was
    quadratic); asked for package after package it names exactly what a new index names."""
    from hooks.commands.callers import CallerIndex

    files = sorted(WORKSPACE)
    shared = CallerIndex(files, WORKSPACE.get)
    names = {"packages/api": "@acme/api", "packages/web": "web", "tools/x": "x"}
    for folder, expected in WORKSPACE_CALLERS.items():
        package = Package(folder, names[folder])
        alone = CallerIndex(files, WORKSPACE.get).callers(package, {"db:push"})
        assert shared.callers(package, {"db:push"}) == alone == {"db:push": expected}

"""Each file is parsed at most once per run (issue 42), however many guards and searches ask
for it: the guard that reads a file's commands, the resolver of script names, the caller
index, the run sites of a migrator, the migrator guard itself. Counted, not timed: every
parser the run can reach is wrapped, and `atlas-first check --all-files` runs with every guard
on over a tree that makes each search run (a banned script with callers, a migrator run by a
script and a container, files read by content, prose that names the weather)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from hooks.cli import main as cli

_K8S = """apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: api
          command: ["node", "dist/migrate.js"]
        - name: push
          image: api
          command: ["npx", "drizzle-kit", "push"]
"""
_ECS = {
    "family": "api",
    "containerDefinitions": [
        {"name": "m", "image": "api", "command": ["pnpm", "db:migrate"]},
        {"name": "w", "image": "api", "command": ["node", "dist/migrate.js"]},
    ],
}
_TREE = {
    "packages/database/package.json": json.dumps(
        {
            "name": "@acme/database",
            "scripts": {
                "db:migrate": "drizzle-kit migrate",
                "db:run": "tsx src/migrate.ts",
                "build": "tsc",
            },
        },
        indent=2,
    ),
    "packages/database/src/migrate.ts": (
        'import { migrate } from "drizzle-orm/node-postgres/migrator";\n'
        'import { db } from "./db";\nawait migrate(db, { migrationsFolder: "drizzle" });\n'
    ),
    "packages/database/src/boot.ts": 'import "./migrate";\nexport const ready = true;\n',
    "packages/database/src/shell.ts": (
        'import { execSync } from "node:child_process";\nimport { kit } from "./kit";\n'
        'execSync("npx drizzle-kit push");\nkit();\n'
    ),
    "packages/database/src/kit.ts": (
        'import { execSync } from "node:child_process";\n'
        'export function kit() { execSync("npx drizzle-kit generate"); }\n'
    ),
    "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n  - 'apps/*'\n",
    "packages/database/tsconfig.json": json.dumps(
        {"compilerOptions": {"outDir": "dist", "rootDir": "src"}}
    ),
    "packages/database/Dockerfile": 'FROM node:20\nCMD ["node", "dist/migrate.js"]\n',
    "apps/api/package.json": json.dumps(
        {"name": "@acme/api", "scripts": {"start": "node ../../packages/database/dist/migrate.js"}}
    ),
    "deploy/job.yaml": _K8S,
    "deploy/task.json": json.dumps(_ECS, indent=2),
    "apps/web/messages/en.json": json.dumps(
        {"weather": {"drizzle": "Drizzle", "freezingDrizzle": "Freezing drizzle"}}, indent=2
    ),
    "docs/weather.yaml": "title: Light drizzle\nbody: a light drizzle, then sun\n",
    ".github/workflows/deploy.yml": (
        "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: pnpm --filter @acme/database db:migrate\n      - run: node dist/migrate.js\n"
    ),
    "scripts/db.sh": "#!/bin/sh\nset -e\npnpm db:migrate\nnpx drizzle-kit pull\n",
    "Dockerfile": 'FROM node:20\nCMD ["sh", "-c", "pnpm db:migrate && node dist/migrate.js"]\n',
    "docker-compose.yml": "services:\n  api:\n    command: npx drizzle-kit push\n",
}


def _count(monkeypatch, module: str, name: str, key) -> Counter:
    import importlib

    target = importlib.import_module(module)
    original = getattr(target, name)
    counted: Counter = Counter()

    def counting(*args, **kwargs):
        counted[key(*args)] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, counting)
    return counted


@pytest.fixture
def tree(monorepo):
    for path, text in _TREE.items():
        monorepo.write(path, text)
    monorepo.add()
    monorepo.commit("every search has something to find")
    return monorepo


def test_each_file_is_parsed_at_most_once_per_run_with_every_guard_on(
    tree, monkeypatch, capsys
) -> None:
    # (By path and reader: a file read by content is also searched line by line where its
    # reader found nothing, a search and no second parse.)
    carriers = _count(monkeypatch, "hooks.commands.carriers", "parse", lambda k, t, p: (p, k))
    manifests = _count(
        monkeypatch, "hooks.commands.carriers.package_json", "parse_package_json", lambda t, p: p
    )
    lexed = _count(monkeypatch, "hooks.commands.js", "tokens", lambda t: t)
    yaml_docs = _count(monkeypatch, "hooks.commands.carriers._yaml", "documents", lambda t, p: p)
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    # Every search ran: the banned script's callers, the migrator's run sites, the containers.
    assert "called by" in out, out
    assert "run by" in out, out
    for counted in (carriers, manifests, lexed, yaml_docs):
        assert counted, "the parser was never asked: the test no longer measures it"
        twice = {k if len(k) < 80 else k[:80] for k, n in counted.items() if n > 1}
        assert not twice, twice
    # Prose that names the weather is never parsed.
    read = {path for path, _ in carriers}
    assert "deploy/job.yaml" in read
    assert "deploy/task.json" in read
    assert "apps/web/messages/en.json" not in read
    assert "docs/weather.yaml" not in read

"""Generate a synthetic Atlas-first monorepo as a real git repository.

    python bench/make_repo.py DEST --files 10000

The seed's layout (packages/database with schema.sql, the generated schema, legacy Drizzle
migrations and a baseline, the sync scripts) plus N app packages, each a package.json and
TypeScript sources, until the tree holds about the requested number of files.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

FILES_PER_APP = 50

GIT = [
    "git",
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@example.invalid",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "core.autocrlf=false",
]


def _write(root: str, rel: str, text: str) -> None:
    path = os.path.join(root, *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def carrier_files(base: str, index: int) -> dict[str, str]:
    """What an app package of a deployed monorepo carries besides package.json: a Dockerfile,
    a compose file, a Procfile, an Nx project, a Kubernetes manifest and an Azure pipeline
    (allowed drizzle-kit uses only)."""
    name = f"app-{index:04d}"
    return {
        f"{base}/Dockerfile": (
            "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY . .\n"
            "RUN corepack enable && pnpm install --frozen-lockfile \\\n    && pnpm build\n\n"
            "FROM node:20-alpine\nWORKDIR /app\nCOPY --from=build /app/dist ./dist\n"
            'CMD ["sh", "-c", "npx drizzle-kit check && node dist/index.js"]\n'
        ),
        f"{base}/compose.yaml": (
            f"services:\n  {name}:\n    build: .\n    command: node dist/index.js\n"
            "    depends_on: [db]\n  db:\n    image: postgres:16\n"
            "    command: postgres -c log_statement=all\n"
        ),
        f"{base}/Procfile": "web: node dist/index.js\nrelease: npx drizzle-kit check\n",
        f"{base}/deploy/k8s.yaml": (
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n"
            "  template:\n    spec:\n      initContainers:\n        - name: check\n"
            f"          image: acme/{name}\n"
            '          command: ["npx", "drizzle-kit", "check"]\n      containers:\n'
            f"        - name: {name}\n          image: acme/{name}\n"
            '          args: ["node", "dist/index.js"]\n---\napiVersion: v1\nkind: Service\n'
            f"metadata:\n  name: {name}\nspec:\n  ports: [{{port: 80}}]\n"
        ),
        f"{base}/azure-pipelines.yml": (
            "trigger: [main]\nstages:\n  - stage: build\n    jobs:\n      - job: build\n"
            "        steps:\n          - script: pnpm install --frozen-lockfile\n"
            "          - bash: npx drizzle-kit pull && pnpm build\n"
        ),
        f"{base}/project.json": json.dumps(
            {
                "name": name,
                "targets": {
                    "types": {
                        "executor": "nx:run-commands",
                        "options": {"command": "drizzle-kit pull"},
                    },
                    "build": {"executor": "nx:run-script", "options": {"script": "build"}},
                },
            },
            indent=2,
        )
        + "\n",
    }


def app_files(index: int, *, carriers: bool = False) -> dict[str, str]:
    base = f"apps/app-{index:04d}"
    scripts = {
        "dev": "next dev",
        "build": "cross-env NODE_ENV=production next build",
        "lint": "eslint . && tsc --noEmit",
        "test": "vitest run",
        "db:types": "pnpm --filter @acme/database exec drizzle-kit pull",
    }
    files = {
        f"{base}/package.json": json.dumps(
            {
                "name": f"@acme/app-{index:04d}",
                "private": True,
                "scripts": scripts,
                "dependencies": {"@acme/database": "workspace:*"},
            },
            indent=2,
        )
        + "\n",
        f"{base}/README.md": f"# app {index}\n",
    }
    if carriers:
        files.update(carrier_files(base, index))
    for n in range(FILES_PER_APP - len(files)):
        files[f"{base}/src/module-{n:03d}.ts"] = (
            'import { db, users } from "@acme/database";\n'
            'import { eq } from "drizzle-orm";\n\n'
            f"export async function load{n}(id: number) {{\n"
            "  // note: the app never runs drizzle-kit push or the migrator\n"
            "  return db.select().from(users).where(eq(users.id, id));\n"
            "}\n"
        )
    return files


def database_files(legacy: int) -> dict[str, str]:
    files = {
        "packages/database/schema.sql": 'CREATE TABLE "users" ("id" serial PRIMARY KEY);\n',
        "packages/database/src/schema/schema.ts": (
            'import { pgTable, serial } from "drizzle-orm/pg-core"\n\n'
            'export const users = pgTable("users", {\n\tid: serial().primaryKey().notNull(),\n});\n'
        ),
        "packages/database/src/schema/relations.ts": "export {};\n",
        "packages/database/src/index.ts": 'export * from "./schema/schema";\n',
        "packages/database/package.json": json.dumps(
            {
                "name": "@acme/database",
                "scripts": {
                    "db:pull": "drizzle-kit pull",
                    "db:sync": "pwsh ../../scripts/sync-schema.ps1",
                },
            },
            indent=2,
        )
        + "\n",
        "scripts/sync-schema.ps1": "atlas schema apply --env local --auto-approve\nnpx drizzle-kit pull\n",
        "scripts/sync-schema.sh": "#!/bin/sh\natlas schema apply --env local --auto-approve\nnpx drizzle-kit pull\n",
        "package.json": json.dumps({"private": True, "scripts": {"lint": "turbo lint"}}, indent=2)
        + "\n",
    }
    for n in range(legacy):
        files[f"packages/database/migrations/{n:04d}_legacy.sql"] = f"-- legacy {n}\nSELECT {n};\n"
    files["packages/database/migrations/meta/_journal.json"] = '{"entries": []}\n'
    return files


def prose_files(translations: int = 40, pages: int = 200) -> dict[str, str]:
    """What real repositories hold that names drizzle and runs nothing (issue 42, homarr's
    shape): app translation files (~250 KB of nested JSON each, the weather's "drizzle"
    among their strings as in homarr's, escapes, more than 2,000 objects in some) and YAML
    docs pages whose prose mentions a light drizzle. (A file that says drizzle thousands of
    times is tests/scaling_test.py's worst case for the gate.)"""
    files = {}
    for n in range(translations):
        groups = {}
        for g in range(160 + 20 * (n % 3)):  # 160-200 groups of 12 objects
            groups[f"group{g}"] = {
                f"item{i}": {
                    "label": f"Item {i} of group {g} \u00e9",
                    "description": f"Shown when the forecast says rain ({g}.{i}).",
                }
                for i in range(12)
            }
        groups["weather"] = {"drizzle": "Drizzle", "freezingDrizzle": "Freezing drizzle"}
        files[f"apps/web/messages/lang-{n:02d}.json"] = json.dumps(groups, indent=2) + "\n"
    for n in range(pages):
        files[f"docs/pages/page-{n:03d}.yaml"] = (
            f"title: Page {n}\nsummary: >\n  A light drizzle over the dashboard, then sun.\n"
            "sections:\n"
            + "".join(
                f"  - heading: Part {k}\n    body: It may rain on day {k}.\n" for k in range(30)
            )
        )
    return files


def migrator_files() -> dict[str, str]:
    """A runtime migrator, run by a script: AF401 and its run-site search (homarr has nine)."""
    return {
        "packages/database/src/migrate.ts": (
            'import { migrate } from "drizzle-orm/node-postgres/migrator";\n'
            'import { db } from "./index";\n'
            'await migrate(db, { migrationsFolder: "./migrations" });\n'
        ),
        "packages/database/src/boot.ts": 'import "./migrate";\n',
    }


def make_repo(
    dest: str,
    total: int,
    *,
    legacy: int = 20,
    carriers: bool = False,
    prose: bool = False,
    migrator: bool = False,
) -> None:
    os.makedirs(dest, exist_ok=True)
    files = database_files(legacy)
    if migrator:
        files.update(migrator_files())
    index = 0
    while len(files) < total:
        files.update(app_files(index, carriers=carriers))
        index += 1
    if prose:  # on top: the same tree, and these
        files.update(prose_files())
    for rel, text in files.items():
        _write(dest, rel, text)
    subprocess.run([*GIT, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=dest, check=True)
    subprocess.run(
        [sys.executable, "-m", "hooks.cli", "baseline"],
        cwd=dest,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([*GIT, "add", "-A"], cwd=dest, check=True)
    subprocess.run(
        [*GIT, "commit", "-q", "--no-verify", "-m", "synthetic monorepo"], cwd=dest, check=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest")
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    make_repo(args.dest, args.files)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

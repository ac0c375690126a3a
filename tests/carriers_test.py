"""Every carrier of commands (issue 10): containers, deploy platforms, task runners, git hooks,
dev environments, Atlas's own config and code that shells out. Each row is a file as projects
really write it; the expected findings are `line:col CODE command` (nothing: a negative)."""

from __future__ import annotations

import pytest

from hooks.commands.carriers import carrier_for
from hooks.commands.script_files import find_in_script_file
from hooks.forbid_drizzle_kit_scripts import main
from hooks.project.config import Config
from hooks.project.config import validate


def found(path: str, text: str) -> list[str]:
    kind = carrier_for(path)
    assert kind is not None, path
    if kind == "shebang":
        kind = "powershell" if "pwsh" in text.split("\n", 1)[0] else "shell"
    config = Config(validate({}, "t"), "t")
    return [
        f"{v.line}:{v.col} {v.code} {v.message.split(chr(34))[1]}"
        for v in find_in_script_file(path, kind, text, config)
    ]


CASES = [
    # --- Dockerfile ------------------------------------------------------------------------
    pytest.param(
        "Dockerfile",
        "FROM node:20-alpine AS build\nWORKDIR /app\nRUN npm ci\n"
        'CMD ["sh", "-c", "npx drizzle-kit migrate && node dist/index.js"]\n',
        ["4:5 AF301 drizzle-kit migrate"],
        id="docker-cmd-exec-sh-c",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20\nENTRYPOINT ["npx", "drizzle-kit", "push"]\n',
        ["2:12 AF301 drizzle-kit push"],
        id="docker-entrypoint-exec",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20\nCMD ["npx drizzle-kit push"]\n',
        [],
        id="docker-one-element-exec-names-a-program",
    ),
    pytest.param(
        "apps/api/Dockerfile.prod",
        "FROM node:20 AS deps\nRUN pnpm install\n\nFROM node:20 AS runner\n"
        "RUN --mount=type=cache,target=/root/.npm \\\n    npm ci && \\\n"
        "    # migrate at build time\n    npx drizzle-kit migrate\n",
        ["8:5 AF301 drizzle-kit migrate"],
        id="docker-continuation-comment-flags-second-stage",
    ),
    pytest.param(
        "Dockerfile",
        "FROM node:20\nRUN <<EOF\nset -e\nnpx drizzle-kit push --force\nEOF\nCMD node x.js\n",
        ["4:1 AF301 drizzle-kit push --force"],
        id="docker-heredoc",
    ),
    pytest.param(
        "Dockerfile",
        "# escape=`\nFROM mcr.microsoft.com/powershell\n"
        'SHELL ["pwsh", "-Command"]\nRUN npm ci; `\n    npx drizzle-kit migrate\n',
        ["5:5 AF301 drizzle-kit migrate"],
        id="docker-escape-directive-and-pwsh-shell",
    ),
    pytest.param(
        "docker/api.Dockerfile",
        "FROM node:20\nONBUILD RUN npx drizzle-kit generate\nCMD npx drizzle-kit pull\n",
        ["2:13 AF301 drizzle-kit generate"],
        id="docker-onbuild-and-allowed-pull",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20\nLABEL note="drizzle-kit push is banned"\nRUN echo "drizzle-kit push"\n',
        [],
        id="docker-mentions-only",
    ),
    # --- compose ---------------------------------------------------------------------------
    pytest.param(
        "docker-compose.yml",
        "services:\n  migrate:\n    image: node:20\n    command: npx drizzle-kit migrate\n"
        '  api:\n    image: api\n    entrypoint: ["sh", "-c", "npx drizzle-kit push && node ."]\n',
        ["4:14 AF301 drizzle-kit migrate", "7:17 AF301 drizzle-kit push"],
        id="compose-string-and-list",
    ),
    pytest.param(
        "compose.yaml",
        "x-migrate: &migrate\n  command: >\n    sh -c 'npx drizzle-kit migrate'\n"
        "services:\n  a:\n    <<: *migrate\n    image: x\n  b:\n    <<: *migrate\n",
        ["3:5 AF301 drizzle-kit migrate"],
        id="compose-extension-field-merged-reported-once",
    ),
    pytest.param(
        "compose.yaml",
        "x-unused:\n  command: npx drizzle-kit push\nservices:\n  db:\n    image: postgres\n"
        "    command: |\n      postgres -c log_statement=all\n",
        [],
        id="compose-unreferenced-extension-field",
    ),
    # --- Procfile, platforms -----------------------------------------------------------------
    pytest.param(
        "Procfile",
        "web: node dist/server.js\nrelease: npx drizzle-kit migrate\nworker: node worker.js\n",
        ["2:10 AF301 drizzle-kit migrate"],
        id="procfile-release",
    ),
    pytest.param(
        "fly.toml",
        'app = "api"\n\n[deploy]\n  release_command = "npx drizzle-kit migrate"\n\n'
        '[processes]\n  app = "node dist/index.js"\n  migrate = "pnpm drizzle-kit push"\n\n'
        '[experimental]\n  cmd = ["npx", "drizzle-kit", "up"]\n',
        [
            "4:22 AF301 drizzle-kit migrate",
            "8:14 AF301 drizzle-kit push",
            "11:11 AF301 drizzle-kit up",
        ],
        id="fly",
    ),
    pytest.param(
        "railway.json",
        '{\n  "$schema": "https://railway.com/railway.schema.json",\n'
        '  "build": {"builder": "NIXPACKS", "buildCommand": "pnpm build"},\n'
        '  "deploy": {\n    "preDeployCommand": ["pnpm drizzle-kit migrate"],\n'
        '    "startCommand": "node dist/index.js"\n  }\n}\n',
        ["5:27 AF301 drizzle-kit migrate"],
        id="railway-json-list",
    ),
    pytest.param(
        "railway.toml",
        '[build]\nbuilder = "NIXPACKS"\n\n[deploy]\npreDeployCommand = "npx drizzle-kit push"\n',
        ["5:21 AF301 drizzle-kit push"],
        id="railway-toml",
    ),
    pytest.param(
        "render.yaml",
        "services:\n  - type: web\n    name: api\n    runtime: node\n"
        "    buildCommand: pnpm install && pnpm build\n"
        "    preDeployCommand: pnpm drizzle-kit migrate\n    startCommand: node dist/index.js\n",
        ["6:23 AF301 drizzle-kit migrate"],
        id="render",
    ),
    pytest.param(
        "vercel.json",
        '{\n  "buildCommand": "drizzle-kit push && next build",\n  "installCommand": "pnpm i"\n}\n',
        ["2:20 AF301 drizzle-kit push"],
        id="vercel",
    ),
    pytest.param(
        "netlify.toml",
        '[build]\n  command = "npm run build"\n\n[context.production]\n'
        '  command = "npx drizzle-kit migrate && npm run build"\n',
        ["5:14 AF301 drizzle-kit migrate"],
        id="netlify-context",
    ),
    pytest.param(
        "nixpacks.toml",
        '[phases.build]\ncmds = ["...", "npx drizzle-kit generate"]\n\n[start]\ncmd = "node ."\n',
        ["2:17 AF301 drizzle-kit generate"],
        id="nixpacks",
    ),
    pytest.param(
        "app.json",
        '{\n  "name": "api",\n  "scripts": {\n    "postdeploy": "npx drizzle-kit push"\n  }\n}\n',
        ["4:20 AF301 drizzle-kit push"],
        id="heroku-app-json",
    ),
    pytest.param(
        ".kamal/hooks/pre-deploy",
        "#!/usr/bin/env bash\nset -e\nkamal app exec -p 'npx drizzle-kit migrate'\n"
        "npx drizzle-kit migrate\n",
        [
            "3:1 AF301 drizzle-kit migrate",
            "4:1 AF301 drizzle-kit migrate",
        ],  # kamal app exec: issue 20
        id="kamal-hook",
    ),
    # --- task runners ------------------------------------------------------------------------
    pytest.param(
        "packages/database/project.json",
        '{\n  "name": "database",\n  "targets": {\n    "migrate": {\n'
        '      "executor": "nx:run-commands",\n'
        '      "options": {"command": "drizzle-kit migrate", "cwd": "packages/database"}\n    },\n'
        '    "reset": {"executor": "nx:run-commands", "options": {"commands": '
        '["echo reset", {"command": "drizzle-kit drop"}]}},\n'
        '    "pull": {"command": "drizzle-kit pull"},\n'
        '    "push": {"command": "npx drizzle-kit push"}\n  }\n}\n',
        [
            "6:31 AF301 drizzle-kit migrate",
            "8:98 AF301 drizzle-kit drop",
            "10:26 AF301 drizzle-kit push",
        ],
        id="nx-run-commands",
    ),
    pytest.param(
        "Taskfile.yml",
        "version: '3'\ntasks:\n  db:migrate:\n    cmds:\n      - npx drizzle-kit migrate\n"
        "      - cmd: pnpm drizzle-kit push\n      - task: other\n  quick: npx drizzle-kit up\n",
        [
            "5:9 AF301 drizzle-kit migrate",
            "6:14 AF301 drizzle-kit push",
            "8:10 AF301 drizzle-kit up",
        ],
        id="taskfile",
    ),
    pytest.param(
        "mise.toml",
        '[tasks.migrate]\nrun = "npx drizzle-kit migrate"\n\n[tasks.reset]\n'
        'run = ["echo", "pnpm drizzle-kit drop"]\n\n[tasks]\npull = "drizzle-kit pull"\n',
        ["2:8 AF301 drizzle-kit migrate", "5:17 AF301 drizzle-kit drop"],
        id="mise",
    ),
    pytest.param(
        ".mise/tasks/db/migrate",
        '#!/usr/bin/env bash\n#MISE description="migrate"\nnpx drizzle-kit migrate\n',
        ["3:1 AF301 drizzle-kit migrate"],
        id="mise-file-task",
    ),
    pytest.param(
        "deno.jsonc",
        '{\n  // tasks\n  "tasks": {\n    "migrate": "deno run -A npm:drizzle-kit migrate",\n'
        '    "push": {"command": "npx drizzle-kit push", "description": "x"},\n  },\n}\n',
        [
            "4:17 AF301 drizzle-kit migrate",
            "5:26 AF301 drizzle-kit push",
        ],  # npm:drizzle-kit: issue 20
        id="deno-jsonc",
    ),
    pytest.param(
        "Tiltfile",
        "load('ext://restart_process', 'docker_build_with_restart')\n"
        "local_resource('migrate', cmd='npx drizzle-kit migrate', deps=['schema.sql'])\n"
        "local_resource('push', ['pnpm', 'drizzle-kit', 'push'])\n"
        "local('npx drizzle-kit pull')\n",
        ["2:31 AF301 drizzle-kit migrate", "3:24 AF301 drizzle-kit push"],
        id="tiltfile",
    ),
    # --- git hooks and dev environments -------------------------------------------------------
    pytest.param(
        ".husky/pre-commit",
        "pnpm lint-staged\npnpm drizzle-kit generate\n",
        ["2:1 AF301 drizzle-kit generate"],
        id="husky-no-shebang",
    ),
    pytest.param(
        ".githooks/post-merge",
        "#!/bin/sh\nnpx drizzle-kit push\n",
        ["2:1 AF301 drizzle-kit push"],
        id="githooks",
    ),
    pytest.param(
        ".githooks/post-merge",
        "#!/usr/bin/env node\nrequire('child_process').execSync('npx drizzle-kit push')\n",
        [],
        id="githooks-node-is-no-shell",
    ),
    pytest.param(
        "lefthook.yml",
        "pre-push:\n  commands:\n    migrate:\n      run: npx drizzle-kit migrate\n"
        "post-merge:\n  jobs:\n    - name: db\n      group:\n        jobs:\n"
        "          - run: pnpm drizzle-kit push\n",
        ["4:12 AF301 drizzle-kit migrate", "10:18 AF301 drizzle-kit push"],
        id="lefthook-commands-and-nested-jobs",
    ),
    pytest.param(
        ".pre-commit-config.yaml",
        "repos:\n  - repo: local\n    hooks:\n      - id: push\n        name: push\n"
        "        entry: npx drizzle-kit\n        args: [push]\n        language: system\n"
        "  - repo: https://github.com/x/y\n    rev: v1\n    hooks:\n      - id: drizzle-kit\n",
        ["6:16 AF301 drizzle-kit push"],
        id="pre-commit-local-entry-with-args",
    ),
    pytest.param(
        ".devcontainer/devcontainer.json",
        '{\n  "image": "mcr.microsoft.com/devcontainers/typescript-node",\n'
        '  "postCreateCommand": "pnpm install && pnpm drizzle-kit push",\n'
        '  "postStartCommand": ["npx", "drizzle-kit", "migrate"],\n'
        '  "postAttachCommand": {"db": "npx drizzle-kit up", "web": "pnpm dev"},\n}\n',
        [
            "3:41 AF301 drizzle-kit push",
            "4:23 AF301 drizzle-kit migrate",
            "5:32 AF301 drizzle-kit up",
        ],
        id="devcontainer-string-array-object",
    ),
    # --- issue 37: Windows batch files, git-hook tools, VS Code tasks ------------------------
    pytest.param(
        "scripts/db.cmd",
        "@echo off\r\nREM drizzle-kit push is banned\r\n:: npx drizzle-kit push\r\ncall npx drizzle-kit migrate\r\n"
        "if exist .env (npx drizzle-kit push --force) else (echo no env)\r\nfor %%f in (a b) do npx drizzle-kit up\r\n"
        '"%~dp0node_modules\\.bin\\drizzle-kit.cmd" generate\r\nnode_modules\\.bin\\drizzle-kit pull\r\n'
        'echo don\'t run drizzle-kit push ^& exit\r\nnpx drizzle-kit ^\r\n  push\r\nstart "" npx drizzle-kit studio\r\n',
        [
            "4:6 AF301 drizzle-kit migrate",
            "5:1 AF301 drizzle-kit push --force",
            "6:1 AF301 drizzle-kit up",
            "7:1 AF301 drizzle-kit generate",
            "10:1 AF301 drizzle-kit push",
        ],
        id="windows-cmd",
    ),
    pytest.param(
        "tools/migrate.bat",
        "@ECHO OFF\nSET DATABASE_URL=%1\n@call pnpm exec drizzle-kit push & echo done\n",
        ["3:7 AF301 drizzle-kit push"],
        id="windows-bat-call-and-ampersand",
    ),
    pytest.param(
        "Makefile",
        "DRIZZLE = npx drizzle-kit\nKIT := $(DRIZZLE) --config db.ts\nDB ?= x\n\npush:\n\t@$(DRIZZLE) push\n"
        "mig:\n\t${KIT} migrate\ntypes:\n\t$(DRIZZLE) pull\nshell:\n\techo $$HOME $(DB)\n",
        ["6:3 AF301 drizzle-kit push", "8:2 AF301 drizzle-kit --config db.ts migrate"],
        id="makefile-variables",
    ),
    pytest.param(
        "justfile",
        "kit := \"npx drizzle-kit\"\nexport cfg := 'db.ts'\n\npush:\n    {{kit}} push --config {{ cfg }}\n"
        "pull:\n    {{ kit }} pull\n",
        ["5:5 AF301 drizzle-kit push --config db.ts"],
        id="justfile-variables",
    ),
    pytest.param(
        ".lintstagedrc",
        '{\n  "*.sql": "drizzle-kit generate",\n  "*.ts": ["eslint --fix"]\n}\n',
        ["2:13 AF301 drizzle-kit generate"],
        id="lintstagedrc-json",
    ),
    pytest.param(
        ".lintstagedrc.yaml",
        '"*.sql":\n  - prettier --write\n  - npx drizzle-kit push\n',
        ["3:5 AF301 drizzle-kit push"],
        id="lintstagedrc-yaml",
    ),
    pytest.param(
        ".simple-git-hooks.json",
        '{"pre-commit": "npx drizzle-kit migrate", "pre-push": "npm test"}',
        ["1:17 AF301 drizzle-kit migrate"],
        id="simple-git-hooks-json",
    ),
    pytest.param(
        ".vscode/tasks.json",
        '{\n  // db tasks\n  "tasks": [\n    {"label": "push", "type": "shell", "command": "npx", "args": ["drizzle-kit", "push"]},\n'
        '    {"label": "types", "type": "shell", "command": "npx drizzle-kit pull"},\n'
        '    {"label": "mig", "type": "process", "command": "node", "args": ["node_modules/drizzle-kit/bin.cjs", "migrate"],\n'
        '     "windows": {"command": "npx.cmd drizzle-kit migrate"}}\n  ]\n}\n',
        [
            "4:51 AF301 drizzle-kit push",
            "6:52 AF301 drizzle-kit migrate",
            "7:29 AF301 drizzle-kit migrate",
        ],
        id="vscode-tasks",
    ),
    # --- MCP clients (drizzle-kit 1.0's `mcp` serves push, generate and migrate) ----------
    pytest.param(
        ".mcp.json",
        '{\n  "mcpServers": {\n    "drizzle": {\n      "command": "npx",\n      "args": ["drizzle-kit", "mcp"]\n    }\n  }\n}\n',
        ["4:18 AF301 drizzle-kit mcp"],
        id="mcp-json-claude-code",
    ),
    pytest.param(
        ".vscode/mcp.json",
        '{\n  // the database tools\n  "servers": {\n    "db": {"type": "stdio", "command": "pnpm", "args": ["exec", "drizzle-kit", "mcp", "--config", "db/drizzle.config.ts"]}\n  }\n}\n',
        ["4:40 AF301 drizzle-kit mcp --config db/drizzle.config.ts"],
        id="vscode-mcp-jsonc",
    ),
    pytest.param(
        "opencode.json",
        '{"mcp": {"drizzle": {"type": "local", "command": ["bunx", "drizzle-kit", "mcp"]}}}',
        ["1:50 AF301 drizzle-kit mcp"],
        id="opencode-exec-form",
    ),
    pytest.param(
        ".codex/config.toml",
        'model = "o4"\n[mcp_servers.drizzle]\ncommand = "npx"\nargs = ["-y", "drizzle-kit", "mcp"]\n',
        ["3:12 AF301 drizzle-kit mcp"],
        id="codex-config-toml",
    ),
    pytest.param(
        ".gemini/settings.json",
        '{"theme": "x", "mcpServers": {"d": {"command": "dotenv -e .env -- drizzle-kit mcp"}}}',
        ["1:48 AF301 drizzle-kit mcp"],
        id="gemini-settings-shell-text",
    ),
    pytest.param(
        ".grok/settings.json",
        '{"mcpServers": {"drizzle": {"name": "drizzle", "transport": {"type": "stdio", "command": "npx", "args": ["--no-install", "drizzle-kit", "mcp"]}}}}',
        ["1:90 AF301 drizzle-kit mcp"],
        id="grok-transport",
    ),
    pytest.param(
        ".vscode/settings.json",
        '{\n  "editor.tabSize": 2,\n  "mcp": {"servers": {"drizzle": {"type": "stdio", "command": "npx", "args": ["drizzle-kit", "mcp"]}}}\n}\n',
        ["3:63 AF301 drizzle-kit mcp"],
        id="vscode-settings-mcp-servers",
    ),
    pytest.param(
        ".continue/mcpServers/drizzle.yaml",
        "name: Drizzle\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: drizzle\n    command: npx\n    args: [drizzle-kit, mcp]\n",
        ["6:14 AF301 drizzle-kit mcp"],
        id="continue-yaml-list",
    ),
    pytest.param(
        ".crush.json",
        '{"mcp": {"drizzle": {"type": "stdio", "command": "npx", "args": ["drizzle-kit", "mcp"]}}}',
        ["1:50 AF301 drizzle-kit mcp"],
        id="crush-json",
    ),
    pytest.param(
        ".zed/settings.json",
        '{"context_servers": {"db": {"command": {"path": "npx", "args": ["drizzle-kit", "mcp"]}}, "bad": 3, "odd": {"command": 7}}}',
        ["1:40 AF301 drizzle-kit mcp"],
        id="zed-command-object",
    ),
    pytest.param(
        ".continue/config.yaml",
        "mcpServers:\n  drizzle:\n    command: npx\n    args: [drizzle-kit, mcp]\n  other:\n    args: [x]\n  odd:\n    command: npx\n    args: [[nested]]\n",
        ["3:14 AF301 drizzle-kit mcp"],
        id="continue-yaml-map",
    ),
    pytest.param(
        ".codex/config.toml",
        '[mcp_servers.shell]\ncommand = "bash -c \'npx drizzle-kit mcp\'"\n[mcp_servers.none]\nurl = "http://x"\n',
        ["2:12 AF301 drizzle-kit mcp"],
        id="codex-shell-text-and-url-server",
    ),
    pytest.param(
        "claude_desktop_config.json",
        '{"mcpServers": {"pg": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-postgres", "postgres://localhost/db"]}, "kit": {"command": "node", "args": ["node_modules/drizzle-kit/bin.cjs", "pull"]}}}',
        [],
        id="mcp-other-servers-and-pull-pass",
    ),
    # --- shebang, Atlas, code ----------------------------------------------------------------
    pytest.param(
        "scripts/migrate",
        "#!/usr/bin/env pwsh\n$ErrorActionPreference = 'Stop'\nnpx drizzle-kit migrate\n",
        ["3:1 AF301 drizzle-kit migrate"],
        id="shebang-pwsh",
    ),
    pytest.param(
        "packages/database/atlas.hcl",
        'data "external_schema" "drizzle" {\n  program = [\n    "npx",\n    "drizzle-kit",\n'
        '    "export",\n  ]\n}\ndata "external_schema" "bad" {\n'
        '  program = ["npx", "drizzle-kit", "push", "--strict"]\n}\n',
        ["9:13 AF301 drizzle-kit push --strict"],
        id="atlas-external-schema-program",
    ),
    pytest.param(
        "scripts/setup.ts",
        'import { execSync } from "node:child_process";\n'
        'execSync("npx drizzle-kit push", { stdio: "inherit" });\n'
        'spawnSync("npx", ["drizzle-kit", "migrate"]);\n'
        'execSync("npx drizzle-kit pull");\n',
        ["2:10 AF303 drizzle-kit push", "3:11 AF303 drizzle-kit migrate"],
        id="code-child-process",
    ),
    pytest.param(
        "scripts/db.mjs",
        "import { $ } from 'zx';\nawait $`npx drizzle-kit push --config ${config}`;\n"
        "import { execa } from 'execa';\nawait execa('pnpm', ['drizzle-kit', 'generate']);\n"
        "await Bun.spawn(['bunx', 'drizzle-kit', 'up']);\n",
        [
            "2:8 AF303 drizzle-kit push --config '${…}'",
            "4:13 AF303 drizzle-kit generate",
            "5:17 AF303 drizzle-kit up",
        ],
        id="code-zx-execa-bun",
    ),
    pytest.param(
        "scripts/db.ts",
        "const cmd = `npx drizzle-kit ${sub}`;\nexecSync(cmd);\n"
        "await $`npx drizzle-kit ${sub}`;\nconsole.log('npx drizzle-kit push');\n",
        ["1:13 AF303 drizzle-kit ${…}", "3:8 AF303 drizzle-kit ${…}"],
        id="code-computed-subcommand-could-run",
    ),
    # --- TOML positions from one index of the text (issue 21: it was searched per value) --
    pytest.param(
        "mise.toml",
        '[tasks.a]\nrun = "npx drizzle-kit push"\n[tasks.b]\nrun = "echo b"\n'
        '[tasks.c]\nrun = "npx drizzle-kit push"\n[tasks.d]\nrun = "echo \\"x\\" && npx drizzle-kit migrate"\n'
        "[tasks.e]\nrun = ['npm ci', 'npx drizzle-kit up']\n",
        [
            "2:8 AF301 drizzle-kit push",
            "6:8 AF301 drizzle-kit push",
            "8:8 AF301 drizzle-kit migrate",
            "10:19 AF301 drizzle-kit up",
        ],
        id="toml-same-value-twice-escapes-and-lists-each-at-its-line",
    ),
    # --- what the tool reads: a key written twice, merges deeper than any limit (issue 21) --
    pytest.param(
        ".pre-commit-config.yaml",
        "repos:\n- repo: local\n  hooks:\n  - id: db\n    name: db\n    entry: echo ok\n"
        "    language: system\n    entry: npx drizzle-kit push\n",
        ["8:12 AF301 drizzle-kit push"],
        id="yaml-duplicate-key-last-wins-pre-commit",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  api:\n    command: npx drizzle-kit push\n    image: x\n"
        "    command: node dist/index.js\n",
        [],
        id="yaml-duplicate-key-last-wins-compose-harmless-last",
    ),
    pytest.param(
        ".github/workflows/deploy.yml",
        "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo build\n        run: npx drizzle-kit migrate\n",
        ["7:14 AF301 drizzle-kit migrate"],
        id="yaml-duplicate-key-last-wins-workflow",
    ),
    pytest.param(
        "compose.yaml",
        "x:\n  m0: &m0 {command: npx drizzle-kit push}\n"
        + "".join(f"  m{n}: &m{n} {{<<: *m{n - 1}}}\n" for n in range(1, 71))
        + "services:\n  api:\n    <<: *m70\n    image: x\n",
        ["2:21 AF301 drizzle-kit push"],
        id="compose-merge-keys-70-deep",
    ),
    pytest.param(
        "compose.yaml",
        "x:\n  a: &a {command: npx drizzle-kit push}\n  b: &b {command: node x.js}\n"
        "services:\n  api:\n    <<: [*b, *a]\n  web:\n    <<: *a\n    <<: *b\n",
        [],
        id="compose-merge-precedence-as-pyyaml",
    ),
    pytest.param(
        "lefthook.yml",
        "pre-push:\n  jobs:\n"
        + "".join(
            "  " * (n + 2) + "- group:\n" + "  " * (n + 3) + "  jobs:\n" for n in range(0, 80, 2)
        )
        + "  " * 82
        + "- run: npx drizzle-kit push\n",
        ["83:172 AF301 drizzle-kit push"],
        id="lefthook-groups-40-deep",
    ),
    pytest.param(
        "Dockerfile",
        "FROM x\nCMD " + "[" * 3000 + " ; npx drizzle-kit push\n",
        ["2:3008 AF301 drizzle-kit push"],
        id="docker-deep-brackets-are-shell-form",
    ),
    # --- Azure Pipelines (issue 23) ----------------------------------------------------
    pytest.param(
        "azure-pipelines.yml",
        "trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: npm ci\n"
        "  - script: |\n      npm run build\n      npx drizzle-kit migrate\n"
        "    displayName: migrate\n",
        ["9:7 AF301 drizzle-kit migrate"],
        id="azure-script-shortcut-block",
    ),
    pytest.param(
        "azure-pipelines.yml",
        "stages:\n  - stage: deploy\n    jobs:\n      - deployment: db\n        environment: prod\n"
        "        strategy:\n          runOnce:\n            deploy:\n              steps:\n"
        "                - bash: npx drizzle-kit push --force\n",
        ["10:25 AF301 drizzle-kit push --force"],
        id="azure-deployment-strategy-bash",
    ),
    pytest.param(
        ".azure-pipelines/templates/migrate.yml",
        "parameters:\n  - name: env\nsteps:\n  - pwsh: |\n      Set-Location packages/database\n"
        "      npx drizzle-kit migrate\n",
        ["6:7 AF301 drizzle-kit migrate"],
        id="azure-template-pwsh",
    ),
    pytest.param(
        "azure-pipelines.yml",
        "jobs:\n  - job: db\n    steps:\n      - task: Bash@3\n        inputs:\n"
        "          targetType: inline\n          script: pnpm exec drizzle-kit push\n",
        ["7:19 AF301 drizzle-kit push"],
        id="azure-bash-task-inline",
    ),
    pytest.param(
        "azure-pipelines.deploy.yml",
        "steps:\n  - task: AzureCLI@2\n    inputs:\n      azureSubscription: prod\n"
        "      scriptType: pscore\n      scriptLocation: inlineScript\n"
        "      inlineScript: |\n        $env:DATABASE_URL = az keyvault secret show --query value\n"
        "        npx drizzle-kit migrate\n",
        ["9:9 AF301 drizzle-kit migrate"],
        id="azure-cli-task-pscore",
    ),
    pytest.param(
        ".azuredevops/release.yaml",
        "steps:\n  - task: PowerShell@2\n    inputs:\n      targetType: inline\n"
        "      script: npx drizzle-kit generate\n",
        ["5:15 AF301 drizzle-kit generate"],
        id="azure-powershell-task",
    ),
    pytest.param(
        "Procfile.prod",
        "web: node dist/index.js\nrelease: npx drizzle-kit migrate\n",
        ["2:10 AF301 drizzle-kit migrate"],
        id="procfile-variant",
    ),
    # --- issue 23, part two: Kubernetes and the other CI systems, process managers, cloud ---
    pytest.param(
        "deploy/chart/templates/_init.tpl",
        '{{- define "api.initContainers.migrate" -}}\n- name: migrate\n'
        '  image: {{ include "api.image" . }}\n'
        "  imagePullPolicy: {{ .Values.init.image.pullPolicy }}\n"
        '  #command: ["sh", "-c", "echo skip"]\n  command:\n  - npx\n  - drizzle-kit\n'
        "  - migrate\n  {{- if .Values.init.verbose }}\n  - --verbose\n  {{- end }}\n"
        "  - --config={{ .Values.drizzleConfig | quote }}\n  env:\n"
        '  {{- include "api.env" . | indent 2 }}\n{{- end -}}\n',
        ["8:5 AF301 drizzle-kit migrate --verbose '--config=…'"],
        id="helm-define-list-item-conditional-args-inline-action",
    ),
    pytest.param(
        "vars/deployApp.groovy",
        "def call(Map config = [:]) {\n  node {\n    stage('migrate') {\n"
        "      sh(script: \"pnpm drizzle-kit migrate --config ${config.drizzle}\", label: 'db')\n"
        "    }\n  }\n}\n",
        ["4:19 AF301 drizzle-kit migrate --config '${config.drizzle}'"],
        id="jenkins-shared-library-step",
    ),
    pytest.param(
        "pipelines/templates/deploy.yml",
        "parameters:\n  - name: env\n    type: string\nsteps:\n  - checkout: self\n"
        "  - task: AzureCLI@2\n    inputs:\n      scriptType: bash\n"
        "      inlineScript: npx drizzle-kit migrate\n  - pwsh: npx drizzle-kit push\n",
        ["9:21 AF301 drizzle-kit migrate", "10:11 AF301 drizzle-kit push"],
        id="azure-template-outside-its-folders-known-by-shape",
    ),
    pytest.param(
        "ci/jobs/db.yaml",
        "jobs:\n  - deployment: db\n    environment: prod\n    strategy:\n      runOnce:\n"
        "        deploy:\n          steps:\n"
        "            - bash: npx drizzle-kit migrate --config ${{ parameters.config }}\n",
        ["8:21 AF301 drizzle-kit migrate --config '${{ parameters.config }}'"],
        id="azure-jobs-template-expression-kept",
    ),
    pytest.param(
        "tekton/task.yaml",
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: m\n"
        "      image: node:20\n      script: |\n        #!/bin/sh\n        npx drizzle-kit migrate\n",
        ["9:9 AF301 drizzle-kit migrate"],
        id="tekton-step-script",
    ),
    pytest.param(
        "charts/api/templates/_migrate.tpl",
        '{{/* the migration container */}}\n{{- define "api.migrate" -}}\n'
        "image: {{ .Values.image.repository }}:{{ .Values.image.tag }}\n"
        'command: ["/bin/sh", "-c"]\nargs:\n  - |-\n    pnpm install --frozen-lockfile\n'
        "    pnpm drizzle-kit push --force\n{{- end -}}\n",
        ["8:5 AF301 drizzle-kit push --force"],
        id="helm-helper-tpl-define-block-container",
    ),
    pytest.param(
        "deploy/k8s/migrate-job.yaml",
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/acme/api:1.2.3\n          command: ["npx", "drizzle-kit", "migrate"]\n',
        ["12:28 AF301 drizzle-kit migrate"],
        id="k8s-job-exec-command",
    ),
    pytest.param(
        "k8s/api.yaml",
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  note: npx drizzle-kit migrate\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: db-migrate\n          image: acme/api\n          command:\n            - /bin/sh\n            - -c\n          args:\n            - |\n              echo migrating\n              npx drizzle-kit migrate\n      containers:\n        - name: api\n          image: acme/api\n          args: ["node", "dist/server.js"]\n',
        ["24:15 AF301 drizzle-kit migrate"],
        id="k8s-multi-doc-init-container-sh-c-args-configmap-ignored",
    ),
    pytest.param(
        "infra/cron.yml",
        'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: push}\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: push\n            image: node:20\n            args:\n            - npx\n            - drizzle-kit\n            - push\n            - --force\n',
        ["15:15 AF301 drizzle-kit push --force"],
        id="k8s-cronjob-args-only",
    ),
    pytest.param(
        "charts/api/templates/migrate-job.yaml",
        '{{- if .Values.migrations.enabled }}\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ include "api.fullname" . }}-migrate\n  annotations:\n    "helm.sh/hook": pre-install,pre-upgrade\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n          command: ["pnpm", "drizzle-kit", "migrate", "--config", {{ .Values.config | quote }}]\n          {{- with .Values.env }}\n          env:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n{{- end }}\n',
        ["14:29 AF301 drizzle-kit migrate --config '…'"],
        id="helm-template-actions-blanked",
    ),
    pytest.param(
        "charts/api/templates/broken.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      containers:\n        - name: migrate\n{{ if .Values.x }}\n          image: a\n{{ else }}\n        image: b\n{{ end }}\n          command:\n            - npx\n            - drizzle-kit\n            - push\n",
        ["17:15 AF301 drizzle-kit push"],
        id="helm-template-not-yaml-read-by-lines",
    ),
    pytest.param(
        "k8s/overlays/prod/kustomization.yaml",
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\npatches:\n  - target:\n      kind: Job\n      name: migrate\n    patch: |-\n      - op: replace\n        path: /spec/template/spec/containers/0/command\n        value: ["npx", "drizzle-kit", "push"]\n',
        ["12:16 AF301 drizzle-kit push"],
        id="kustomize-inline-json6902-patch",
    ),
    pytest.param(
        "k8s/overlays/prod/patch.yaml",
        '- op: add\n  path: /spec/template/spec/initContainers/-\n  value:\n    name: migrate\n    image: acme/api\n    command: ["npx", "drizzle-kit", "migrate"]\n',
        ["6:22 AF301 drizzle-kit migrate"],
        id="kustomize-json6902-adds-init-container",
    ),
    pytest.param(
        "ecs/task-definition.json",
        '{\n\t"family": "api",\n\t"containerDefinitions": [\n\t\t{\n\t\t\t"name": "migrate",\n\t\t\t"image": "acme/api",\n\t\t\t"entryPoint": ["sh", "-c"],\n\t\t\t"command": ["npx drizzle-kit migrate && node dist/index.js"]\n\t\t}\n\t]\n}\n',
        ["8:17 AF301 drizzle-kit migrate"],
        id="ecs-task-definition-tabs-entrypoint-sh-c",
    ),
    pytest.param(
        ".circleci/config.yml",
        "version: 2.1\ncommands:\n  migrate:\n    steps:\n      - run:\n          name: Migrate\n          command: |\n            pnpm install\n            npx drizzle-kit migrate\njobs:\n  deploy:\n    docker: [{image: cimg/node:20.11}]\n    steps:\n      - checkout\n      - run: npx drizzle-kit push\n      - run:\n          shell: powershell.exe\n          command: npx drizzle-kit generate\n",
        [
            "9:13 AF301 drizzle-kit migrate",
            "15:14 AF301 drizzle-kit push",
            "18:20 AF301 drizzle-kit generate",
        ],
        id="circleci-run-string-command-and-powershell",
    ),
    pytest.param(
        "bitbucket-pipelines.yml",
        "image: node:20\ndefinitions:\n  steps:\n    - step: &migrate\n        name: Migrate\n        script:\n          - npm ci\n          - npx drizzle-kit migrate\n        after-script:\n          - npx drizzle-kit push --force\npipelines:\n  branches:\n    main:\n      - step: *migrate\n      - parallel:\n          - step:\n              script:\n                - pipe: atlassian/ssh-run:0.4.1\n                  variables: {COMMAND: 'npx drizzle-kit migrate'}\n",
        [
            "8:13 AF301 drizzle-kit migrate",
            "10:13 AF301 drizzle-kit push --force",
            "19:41 AF301 drizzle-kit migrate",
        ],
        id="bitbucket-anchored-step-after-script-ssh-pipe",
    ),
    pytest.param(
        ".buildkite/pipeline.yml",
        'steps:\n  - label: ":database: migrate"\n    command: npx drizzle-kit migrate\n  - group: deploy\n    steps:\n      - commands:\n          - pnpm i\n          - pnpm drizzle-kit push\n      - plugins:\n          - docker#v5.9.0:\n              image: node:20\n              command: ["npx", "drizzle-kit", "generate"]\n',
        [
            "3:14 AF301 drizzle-kit migrate",
            "8:13 AF301 drizzle-kit push",
            "12:24 AF301 drizzle-kit generate",
        ],
        id="buildkite-command-commands-group-docker-plugin",
    ),
    pytest.param(
        "cloudbuild.yaml",
        "steps:\n  - name: node:20\n    entrypoint: npx\n    args: ['drizzle-kit', 'migrate']\n  - name: gcr.io/cloud-builders/npx\n    args: ['drizzle-kit', 'push']\n  - name: node:20\n    script: |\n      npm ci\n      npx drizzle-kit generate\n  - name: gcr.io/cloud-builders/gcloud\n    args: ['run', 'deploy', 'api']\n",
        [
            "4:11 AF301 drizzle-kit migrate",
            "6:11 AF301 drizzle-kit push",
            "10:7 AF301 drizzle-kit generate",
        ],
        id="cloudbuild-entrypoint-builder-script",
    ),
    pytest.param(
        ".travis.yml",
        "language: node_js\nnode_js: [20]\nscript:\n  - npm test\njobs:\n  include:\n    - stage: deploy\n      before_deploy: npx drizzle-kit migrate\n      deploy:\n        provider: script\n        script: npx drizzle-kit push\n",
        ["8:22 AF301 drizzle-kit migrate", "11:17 AF301 drizzle-kit push"],
        id="travis-jobs-include-before-deploy-script-provider",
    ),
    pytest.param(
        ".woodpecker/deploy.yml",
        "steps:\n  migrate:\n    image: node:20\n    commands:\n      - npm ci\n      - npx drizzle-kit migrate\n",
        ["6:9 AF301 drizzle-kit migrate"],
        id="woodpecker-steps-map",
    ),
    pytest.param(
        ".drone.yml",
        "kind: pipeline\ntype: docker\nname: default\nsteps:\n  - name: migrate\n    image: node:20\n    commands:\n      - npx drizzle-kit push\n---\nkind: pipeline\nname: two\nsteps:\n  - name: x\n    image: node\n    commands: [npx drizzle-kit generate]\n",
        ["8:9 AF301 drizzle-kit push", "15:16 AF301 drizzle-kit generate"],
        id="drone-multi-doc",
    ),
    pytest.param(
        "Jenkinsfile",
        "pipeline {\n  agent any\n  stages {\n    stage('Migrate') {\n      steps {\n        sh 'npx drizzle-kit migrate'\n        sh \"pnpm drizzle-kit push --config ${env.CFG}\"\n        sh '''\n          npm ci\n          npx drizzle-kit generate\n        '''\n        sh(script: 'npx drizzle-kit up', label: 'up')\n        sh label: 'drop', script: \"npx drizzle-kit drop\"\n        bat 'npx drizzle-kit migrate'\n        powershell 'npx drizzle-kit push'\n        // sh 'npx drizzle-kit push'\n        sh 'npx drizzle-kit pull'\n        echo 'npx drizzle-kit migrate'\n      }\n    }\n  }\n}\n",
        [
            "6:13 AF301 drizzle-kit migrate",
            "7:13 AF301 drizzle-kit push --config '${env.CFG}'",
            "10:11 AF301 drizzle-kit generate",
            "12:21 AF301 drizzle-kit up",
            "13:36 AF301 drizzle-kit drop",
            "14:14 AF301 drizzle-kit migrate",
            "15:21 AF301 drizzle-kit push",
        ],
        id="jenkinsfile-sh-bat-powershell-forms",
    ),
    pytest.param(
        "Earthfile",
        "VERSION 0.8\nFROM node:20\nmigrate:\n    RUN --secret DATABASE_URL npx drizzle-kit migrate\ndeploy:\n    RUN --push --secret DATABASE_URL=+secrets/db npx drizzle-kit push\n    LOCALLY\n    RUN npx drizzle-kit generate\n",
        [
            "4:31 AF301 drizzle-kit migrate",
            "6:50 AF301 drizzle-kit push",
            "8:9 AF301 drizzle-kit generate",
        ],
        id="earthfile-run-secret-push-locally",
    ),
    pytest.param(
        "skaffold.yaml",
        'apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: api\n      hooks:\n        before:\n          - command: ["sh", "-c", "npx drizzle-kit generate"]\ndeploy:\n  kubectl:\n    hooks:\n      before:\n        - host:\n            command: ["npx", "drizzle-kit", "migrate"]\n      after:\n        - container:\n            command: ["npx", "drizzle-kit", "push"]\n            containerName: api\n',
        [
            "8:36 AF301 drizzle-kit generate",
            "14:30 AF301 drizzle-kit migrate",
            "17:30 AF301 drizzle-kit push",
        ],
        id="skaffold-build-host-container-hooks",
    ),
    pytest.param(
        "serverless.yml",
        "service: api\nplugins: [serverless-plugin-scripts]\ncustom:\n  scripts:\n    hooks:\n      'deploy:finalize': npx drizzle-kit migrate\n    commands:\n      push: npx drizzle-kit push\n",
        ["6:26 AF301 drizzle-kit migrate", "8:13 AF301 drizzle-kit push"],
        id="serverless-plugin-scripts-hooks-commands",
    ),
    pytest.param(
        "app.yaml",
        "runtime: nodejs20\nentrypoint: npx drizzle-kit migrate && node server.js\n",
        ["2:13 AF301 drizzle-kit migrate"],
        id="app-engine-entrypoint",
    ),
    pytest.param(
        ".do/app.yaml",
        "name: api\njobs:\n  - name: migrate\n    kind: PRE_DEPLOY\n    run_command: npx drizzle-kit migrate\nservices:\n  - name: web\n    build_command: npm run build\n    run_command: node dist/index.js\n",
        ["5:18 AF301 drizzle-kit migrate"],
        id="digitalocean-pre-deploy-job",
    ),
    pytest.param(
        "ecosystem.config.js",
        'module.exports = {\n  apps: [\n    { name: "migrate", script: "npx", args: "drizzle-kit migrate", autorestart: false },\n    { name: "api", script: "./dist/index.js" },\n    { name: "push", script: "drizzle-kit", args: ["push", "--force"], interpreter: "none" },\n  ],\n};\n',
        ["3:32 AF301 drizzle-kit migrate", "5:29 AF301 drizzle-kit push --force"],
        id="pm2-script-args-string-and-list",
    ),
    pytest.param(
        "ecosystem.config.json",
        '{"apps": [{"name": "m", "script": "npx", "args": "drizzle-kit migrate"}]}\n',
        ["1:36 AF301 drizzle-kit migrate"],
        id="pm2-json",
    ),
    pytest.param(
        "docker/supervisord.conf",
        '[supervisord]\nnodaemon=true\n\n[program:migrate]\ncommand=/bin/sh -c "npx drizzle-kit migrate"\nautorestart=false\n\n[program:api]\ncommand=node dist/index.js ; npx drizzle-kit push\n',
        ["5:9 AF301 drizzle-kit migrate"],
        id="supervisord-program-command-inline-comment",
    ),
    pytest.param(
        "root/etc/s6-overlay/s6-rc.d/migrate/up",
        "#!/command/execlineb -P\nwith-contenv\ns6-setuidgid app\nforeground { npx drizzle-kit migrate }\nnode server.js\n",
        ["4:14 AF301 drizzle-kit migrate"],
        id="s6-execline-foreground-block",
    ),
    pytest.param(
        "rootfs/etc/services.d/api/run",
        "#!/command/with-contenv sh\nnpx drizzle-kit migrate\nexec node server.js\n",
        ["2:1 AF301 drizzle-kit migrate"],
        id="s6-with-contenv-shebang",
    ),
    pytest.param(
        "infra/stack.ts",
        'import * as ecs from "aws-cdk-lib/aws-ecs";\nconst task = new ecs.FargateTaskDefinition(this, "Migrate");\ntask.addContainer("migrate", {\n  image: ecs.ContainerImage.fromRegistry("acme/api"),\n  command: ["npx", "drizzle-kit", "migrate"],\n});\n',
        ["5:12 AF303 drizzle-kit migrate"],
        id="cdk-add-container-command",
    ),
    pytest.param(
        "sst.config.ts",
        'export default $config({\n  async run() {\n    new sst.aws.Task("Migrate", { cluster, image: "acme/api", command: ["npx", "drizzle-kit", "push"] });\n    new sst.x.DevCommand("Studio", { dev: { command: "npx drizzle-kit studio" } });\n  },\n});\n',
        ["3:72 AF303 drizzle-kit push"],
        id="sst-task-command-devcommand-studio-allowed",
    ),
    pytest.param(
        "infra/index.ts",
        'import * as command from "@pulumi/command";\nnew command.local.Command("migrate", { create: "npx drizzle-kit migrate" });\n',
        ["2:48 AF303 drizzle-kit migrate"],
        id="pulumi-local-command-create",
    ),
    # --- here-documents fed to a shell are commands; fed to anything else they are data ----
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\nssh prod <<'EOF'\ncd /app\nnpx drizzle-kit migrate\nEOF\n",
        ["4:1 AF301 drizzle-kit migrate"],
        id="heredoc-to-ssh-is-run",
    ),
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\nbash <<EOF\n  pnpm drizzle-kit push --force\nEOF\n",
        ["3:3 AF301 drizzle-kit push --force"],
        id="heredoc-to-bash-is-run",
    ),
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\ndocker exec -i db sh <<-EOF\n\tnpx drizzle-kit push\n\tEOF\n",
        ["3:2 AF301 drizzle-kit push"],
        id="heredoc-tab-stripped-to-docker-exec-sh-is-run",
    ),
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\ncat <<'EOF'\nnpx drizzle-kit migrate\nEOF\n"
        "psql \"$URL\" <<'EOF'\nselect 'npx drizzle-kit push';\nEOF\n"
        "bash scripts/x.sh <<'EOF'\nnpx drizzle-kit push\nEOF\n",
        [],
        id="heredoc-to-cat-psql-or-a-script-is-data",
    ),
    # --- a subcommand computed from a variable or a CI expression ---------------------------
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\nCMD=push\nnpx drizzle-kit $CMD\nSAFE=pull\nnpx drizzle-kit $SAFE\n",
        ["3:1 AF301 drizzle-kit push"],
        id="subcommand-variable-assigned-in-the-script",
    ),
    pytest.param(
        "scripts/deploy.sh",
        "#!/bin/sh\nnpx drizzle-kit $CMD\n",
        ["2:1 AF301 drizzle-kit $CMD"],
        id="subcommand-variable-from-outside-could-run",
    ),
    pytest.param(
        "scripts/kit.sh",
        '#!/bin/sh\nnpx drizzle-kit "$@"\nnpx drizzle-kit $1 --config x.ts\nnpx drizzle-kit ${1:-pull}\n',
        [],
        id="subcommand-from-positional-is-judged-at-the-call",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      command:\n        type: choice\n"
        "        options: [pull, push, migrate]\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npx drizzle-kit ${{ inputs.command }}\n",
        ["11:14 AF301 drizzle-kit ${{ inputs.command }}"],
        id="workflow-dispatch-choice-with-push",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      command:\n        type: choice\n"
        "        options: [pull, check]\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npx drizzle-kit ${{ github.event.inputs.command }}\n",
        [],
        id="workflow-dispatch-choice-all-safe",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on:\n  workflow_call:\n    inputs:\n      command:\n        type: string\njobs:\n"
        "  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npx drizzle-kit ${{ inputs.command }}\n",
        ["10:14 AF301 drizzle-kit ${{ inputs.command }}"],
        id="workflow-free-input-could-run",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        cmd: [check, pull]\n"
        "    runs-on: ubuntu-latest\n    steps:\n      - run: npx drizzle-kit ${{ matrix.cmd }}\n",
        [],
        id="workflow-matrix-all-safe",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        cmd: [check]\n"
        "        include:\n          - cmd: migrate\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npx drizzle-kit ${{ matrix.cmd }}\n",
        ["11:14 AF301 drizzle-kit ${{ matrix.cmd }}"],
        id="workflow-matrix-include-adds-migrate",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\nenv:\n  KIT_CMD: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npx drizzle-kit $KIT_CMD\n",
        ["8:14 AF301 drizzle-kit $KIT_CMD"],
        id="workflow-env-names-push",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      KIT_CMD: check\n"
        "    steps:\n      - run: npx drizzle-kit $KIT_CMD\n",
        [],
        id="workflow-job-env-names-check",
    ),
    # --- issue 37: code, Python, JS configs and carriers found by the independent tester ---
    pytest.param(
        "scripts/x.ts",
        'import { execSync as sh } from "node:child_process";\nsh("npx drizzle-kit push");\n',
        ["2:4 AF303 drizzle-kit push"],
        id="code-alias-import-as",
    ),
    pytest.param(
        "scripts/x.cjs",
        'const { exec: run } = require("child_process");\nrun("pnpm drizzle-kit migrate");\n',
        ["2:5 AF303 drizzle-kit migrate"],
        id="code-alias-destructured-require",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { promisify } from "util";\nimport { exec } from "child_process";\nconst execAsync = promisify(exec);\nawait execAsync("npx drizzle-kit push --force");\n',
        ["4:17 AF303 drizzle-kit push --force"],
        id="code-promisify-exec",
    ),
    pytest.param(
        "scripts/x.mjs",
        'import util from "util";\nimport cp from "child_process";\nconst run = util.promisify(cp.exec);\nawait run(`npx drizzle-kit generate`);\n',
        ["4:11 AF303 drizzle-kit generate"],
        id="code-util-promisify-member",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { spawn } from "child_process";\nfunction run(cmd: string, args: string[]) {\n  return new Promise((res) => spawn(cmd, args, { stdio: "inherit" }).on("exit", res));\n}\nawait run("npx", ["drizzle-kit", "migrate"]);\nawait run("npx", ["drizzle-kit", "pull"]);\n',
        ["5:11 AF303 drizzle-kit migrate"],
        id="code-helper-program-and-args",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { execSync } from "child_process";\nconst sh = (cmd: string) => execSync(cmd, { stdio: "inherit" });\nsh("pnpm drizzle-kit push");\nsh("pnpm drizzle-kit check");\n',
        ["3:4 AF303 drizzle-kit push"],
        id="code-helper-arrow-shell-text",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { execSync } from "child_process";\nconst kit = (sub: string) => execSync(`pnpm drizzle-kit ${sub}`);\nkit("migrate");\nkit("pull");\n',
        ["3:5 AF303 drizzle-kit migrate"],
        id="code-helper-template-subcommand",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { execa } from "execa";\nclass Db {\n  async run(cmd: string) {\n    await execa(cmd, { shell: true });\n  }\n  async up() {\n    await this.run("npx drizzle-kit migrate");\n  }\n}\n',
        ["7:20 AF303 drizzle-kit migrate"],
        id="code-helper-method-this",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { execSync } from "child_process";\nfunction log(msg: string) { console.log(msg); }\nlog("npx drizzle-kit push");\n',
        [],
        id="code-helper-that-only-logs",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { spawnSync } from "child_process";\nconst npx = process.platform === "win32" ? "npx.cmd" : "npx";\nspawnSync(npx, ["drizzle-kit", "migrate"], { stdio: "inherit" });\n',
        ["2:44 AF303 drizzle-kit migrate", "2:56 AF303 drizzle-kit migrate"],
        id="code-program-ternary-constant",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { spawnSync } from "child_process";\nconst bun = Bun.which("bun");\nspawnSync(bun, ["x", "drizzle-kit", "push"]);\n',
        ["3:11 AF303 drizzle-kit push"],
        id="code-program-computed",
    ),
    pytest.param(
        "scripts/x.ts",
        'const proc = Bun.spawn({ cmd: ["bunx", "drizzle-kit", "migrate"], stdout: "inherit" });\n',
        ["1:24 AF303 drizzle-kit migrate"],
        id="code-bun-spawn-object",
    ),
    pytest.param(
        "scripts/x.ts",
        'const cmd = new Deno.Command("npx", { args: ["drizzle-kit", "push"] });\nawait cmd.output();\n',
        ["1:30 AF303 drizzle-kit push"],
        id="code-deno-command",
    ),
    pytest.param(
        "ci/index.ts",
        'const out = await client.container().from("node:20").withExec(["npx", "drizzle-kit", "migrate"]).stdout();\n',
        ["1:63 AF303 drizzle-kit migrate"],
        id="code-dagger-with-exec",
    ),
    pytest.param(
        "scripts/x.cjs",
        'const { execFileSync } = require("child_process");\nexecFileSync(process.execPath, [require.resolve("drizzle-kit/bin.cjs"), "migrate"], { stdio: "inherit" });\n',
        ["2:14 AF303 drizzle-kit migrate"],
        id="code-exec-path-require-resolve",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { execSync } from "child_process";\nexecSync("npx drizzle-kit " + command);\n',
        ["2:10 AF303 drizzle-kit ${…}"],
        id="code-concatenated-subcommand",
    ),
    pytest.param(
        "scripts/x.ts",
        'import * as exec from "@actions/exec";\nawait exec.exec("npx", ["drizzle-kit", "migrate"]);\n',
        ["2:17 AF303 drizzle-kit migrate"],
        id="code-actions-exec",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { $ } from "execa";\nconst $$ = $({ stdio: "inherit" });\nawait $$`npx drizzle-kit push`;\n',
        ["3:9 AF303 drizzle-kit push"],
        id="code-execa-bound-dollar",
    ),
    pytest.param(
        "scripts/m.js",
        "const { execSync } = require('child_process');\nexecSync(['npx', 'drizzle-kit', 'migrate'].join(' '));\n",
        ["2:10 AF303 drizzle-kit migrate"],
        id="code-array-join",
    ),
    pytest.param(
        "scripts/m.js",
        "require('cross-spawn').sync('npx', ['drizzle-kit', 'push'], { stdio: 'inherit' });\n",
        ["1:29 AF303 drizzle-kit push"],
        id="code-cross-spawn-sync",
    ),
    pytest.param(
        "scripts/x.ts",
        'import { spawn } from "child_process";\nspawn("git", ["commit", "-m", "drizzle-kit push"]);\n',
        [],
        id="code-git-commit-message-is-no-run",
    ),
    pytest.param(
        "tools/migrate.py",
        'import subprocess\nsubprocess.run(["npx", "drizzle-kit", "migrate"], check=True)\n',
        ["2:16 AF303 drizzle-kit migrate"],
        id="python-subprocess-list",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess as sp\nsp.check_call("pnpm drizzle-kit push", shell=True)\n',
        ["2:15 AF303 drizzle-kit push"],
        id="python-alias-shell-string",
    ),
    pytest.param(
        "tools/m.py",
        'from subprocess import run as sh\nCMD = ["npx", "drizzle-kit", "generate"]\nsh(CMD)\n',
        ["3:4 AF303 drizzle-kit generate"],
        id="python-imported-name-bound-list",
    ),
    pytest.param(
        "tasks.py",
        'import os\nos.system("npx drizzle-kit push --force")\n',
        ["2:11 AF303 drizzle-kit push --force"],
        id="python-os-system",
    ),
    pytest.param(
        "tools/m.py",
        'import asyncio\nasync def m():\n    await asyncio.create_subprocess_exec("npx", "drizzle-kit", "migrate")\n',
        ["3:42 AF303 drizzle-kit migrate"],
        id="python-asyncio-exec",
    ),
    pytest.param(
        "tasks.py",
        'from invoke import task\n@task\ndef migrate(c):\n    c.run("pnpm drizzle-kit migrate")\n',
        ["4:11 AF303 drizzle-kit migrate"],
        id="python-invoke-task",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nsubprocess.run(["npx", "drizzle-kit", "pull"])\nprint("npx drizzle-kit push")\n',
        [],
        id="python-print-and-pull-are-no-runs",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nsubprocess.run(f"npx drizzle-kit {cmd}", shell=True)\n',
        ["2:16 AF303 drizzle-kit ${…}"],
        id="python-fstring-subcommand-could-run",
    ),
    pytest.param(
        "lint-staged.config.js",
        "export default {\n  'src/db/schema.ts': () => 'drizzle-kit generate',\n  '*.ts': 'eslint --fix',\n};\n",
        ["2:29 AF301 drizzle-kit generate"],
        id="lint-staged-config-js",
    ),
    pytest.param(
        "simple-git-hooks.cjs",
        "module.exports = { 'pre-commit': 'npx drizzle-kit generate && npx lint-staged' };\n",
        ["1:34 AF301 drizzle-kit generate"],
        id="simple-git-hooks-cjs",
    ),
    pytest.param(
        "vercel.ts",
        "import type { VercelConfig } from '@vercel/config';\nexport const config: VercelConfig = { buildCommand: 'drizzle-kit migrate && next build' };\n",
        ["2:53 AF301 drizzle-kit migrate"],
        id="vercel-ts-build-command",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20\nENTRYPOINT ["npx", "drizzle-kit"]\nCMD ["migrate"]\n',
        ["2:12 AF301 drizzle-kit migrate"],
        id="dockerfile-entrypoint-plus-cmd",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20 AS a\nENTRYPOINT ["npx", "drizzle-kit"]\nFROM node:20\nCMD ["migrate"]\n',
        [],
        id="dockerfile-entrypoint-of-another-stage",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  migrate:\n    image: api\n    entrypoint: [npx, drizzle-kit]\n    command: [migrate, --config, drizzle.config.ts]\n",
        ["4:17 AF301 drizzle-kit migrate --config drizzle.config.ts"],
        id="compose-entrypoint-plus-command",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  migrate:\n    image: node:20\n    command: ${MIGRATE_CMD:-npx drizzle-kit migrate}\n",
        ["4:14 AF301 drizzle-kit migrate"],
        id="compose-default-value-command",
    ),
    pytest.param(
        "compose.yaml",
        "services:\n  api:\n    image: api\n    post_start:\n      - command: npx drizzle-kit migrate\n",
        ["5:18 AF301 drizzle-kit migrate"],
        id="compose-post-start-hook",
    ),
    pytest.param(
        "azure-pipelines.yml",
        "steps:\n  - task: Npm@1\n    inputs:\n      command: custom\n      customCommand: exec drizzle-kit migrate\n",
        ["5:22 AF301 drizzle-kit migrate"],
        id="azure-npm-custom-command",
    ),
    pytest.param(
        "ecosystem.config.js",
        "module.exports = {\n  apps: [{ name: 'api', script: 'dist/index.js' }],\n  deploy: { production: { 'post-deploy': 'npm ci && npx drizzle-kit migrate && pm2 reload api' } },\n};\n",
        ["3:42 AF301 drizzle-kit migrate"],
        id="pm2-deploy-hook",
    ),
    pytest.param(
        "app.json",
        '{"scripts": {"dokku": {"predeploy": "npx drizzle-kit migrate"}}}\n',
        ["1:38 AF301 drizzle-kit migrate"],
        id="app-json-dokku-predeploy",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker://node:20\n        with:\n          entrypoint: npx\n          args: drizzle-kit migrate\n",
        ["9:17 AF301 drizzle-kit migrate"],
        id="github-docker-step",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: easingthemes/ssh-deploy@main\n        with:\n          SCRIPT_AFTER: |\n            cd /app\n            npx drizzle-kit migrate\n",
        ["10:13 AF301 drizzle-kit migrate"],
        id="github-ssh-deploy-script-after",
    ),
    pytest.param(
        ".github/workflows/x.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/github-script@v7\n        with:\n          script: |\n            const { execSync } = require('child_process');\n            execSync('npx drizzle-kit migrate', { stdio: 'inherit' });\n            core.info('npx drizzle-kit push');\n",
        ["10:22 AF301 drizzle-kit migrate"],
        id="github-script-is-code",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on: push\njobs:\n  db:\n    runs-on: ubuntu-latest\n    env:\n      KIT: pnpm exec drizzle-kit\n    steps:\n      - run: $KIT push --force\n      - run: $KIT pull\n",
        ["8:14 AF301 drizzle-kit push --force"],
        id="github-job-env-holds-the-program",
    ),
    pytest.param(
        ".gitlab-ci.yml",
        "variables:\n  DRIZZLE: npx drizzle-kit\nmigrate:\n  script:\n    - $DRIZZLE migrate\ntypes:\n  script:\n    - $DRIZZLE pull\n",
        ["5:7 AF301 drizzle-kit migrate"],
        id="gitlab-variables-hold-the-program",
    ),
    pytest.param(
        "scripts/db.sh",
        '#!/bin/sh\nCMD=${1:-migrate}\nnpx drizzle-kit "$CMD"\n',
        ["3:1 AF301 drizzle-kit ${1:-migrate}"],
        id="shell-default-subcommand",
    ),
    pytest.param(
        "scripts/db.sh",
        '#!/bin/sh\nnpx drizzle-kit "${1:-check}"\n',
        [],
        id="shell-default-safe-subcommand",
    ),
    pytest.param(
        "scripts/db.sh",
        "#!/bin/sh\nfor c in check pull; do\n  npx drizzle-kit $c\ndone\n",
        [],
        id="shell-loop-over-safe-subcommands",
    ),
    pytest.param(
        "scripts/db.sh",
        "#!/bin/sh\nfor c in check push; do\n  npx drizzle-kit $c\ndone\n",
        ["3:3 AF301 drizzle-kit $c"],
        id="shell-loop-with-push",
    ),
    pytest.param(
        "scripts/s.ts",
        "import { spawnSync } from 'child_process';\nconst sub = x === 'check' ? 'check' : 'pull';\nspawnSync('npx', ['drizzle-kit', sub]);\n",
        [],
        id="code-ternary-safe-subcommand",
    ),
    # --- issue 37, second round: what a computed subcommand can be; Python's other runners ---
    pytest.param(
        "tasks/db.py",
        "from plumbum import local\nnpx = local['npx']\nnpx('drizzle-kit', 'migrate')\n",
        ["3:5 AF303 drizzle-kit migrate"],
        id="a38-python-plumbum",
    ),
    pytest.param(
        "tasks/db2.py",
        "import sh\nsh.npx('drizzle-kit', 'push')\n",
        ["2:8 AF303 drizzle-kit push"],
        id="a39-python-sh-lib",
    ),
    pytest.param(
        "scripts/ci.sh",
        '#!/bin/sh\nfor c in check pull; do\n  npx drizzle-kit "$c"\ndone\n',
        [],
        id="c07-shell-for-safe",
    ),
    pytest.param(
        "scripts/t.ts",
        'import { execSync } from "child_process";\nconst sub = process.env.CI ? "check" : "studio";\nexecSync(`npx drizzle-kit ${sub}`, { stdio: "inherit" });\n',
        [],
        id="c11-ts-ternary-safe",
    ),
    pytest.param(
        "bin/db",
        '#!/bin/bash\ncase "$1" in\n  sync) sub=push ;;\n  *) sub=check ;;\nesac\nnpx drizzle-kit $sub\n',
        ["6:1 AF301 drizzle-kit push"],
        id="c14-case-sub-shell",
    ),
    pytest.param(
        "tools/k.py",
        'import subprocess\nfor sub in ("check", "pull"):\n    subprocess.run(["npx", "drizzle-kit", sub], check=True)\n',
        [],
        id="c16-python-computed-safe",
    ),
    pytest.param(
        "Dockerfile",
        'FROM node:20\nENV MIGRATE_CMD="npx drizzle-kit migrate"\nCMD sh -c "$MIGRATE_CMD && node server.js"\n',
        ["3:5 AF301 drizzle-kit migrate"],
        id="e15-dockerfile-env-then-cmd-shell",
    ),
    pytest.param(
        "scripts/t3.ts",
        'import { execSync } from "child_process";\nconst ci = !!process.env.CI;\nconst sub = ci ? "check" : "pull";\nexecSync("npx drizzle-kit " + sub, { stdio: "inherit" });\n',
        [],
        id="f17-ts-ternary-simple-safe",
    ),
    pytest.param(
        "scripts/t4.ts",
        'import { execSync } from "child_process";\nlet sub = "check";\nif (process.argv.includes("--pull")) sub = "pull";\nexecSync(`npx drizzle-kit ${sub}`);\n',
        [],
        id="f18-ts-let-reassigned-safe",
    ),
    pytest.param(
        "scripts/t5.ts",
        'import { spawnSync } from "child_process";\nconst sub = process.env.CI ? "check" : "studio";\nspawnSync("npx", ["drizzle-kit", sub], { stdio: "inherit" });\n',
        [],
        id="g01-ternary-array-form-env",
    ),
    pytest.param(
        "scripts/t6.ts",
        'import { execSync } from "child_process";\nconst sub = x === "check" ? "check" : "pull";\nexecSync(`npx drizzle-kit ${sub}`);\n',
        [],
        id="g02-ternary-template-simple",
    ),
    pytest.param(
        "tools/run.py",
        'import subprocess\n\ndef run(cmd):\n    subprocess.run(cmd, shell=True, check=True)\n\nrun("npx drizzle-kit migrate")\n',
        ["6:5 AF303 drizzle-kit migrate"],
        id="g08-python-helper-wrapper-os",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      apply:\n        type: boolean\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx drizzle-kit ${{ inputs.apply && 'push' || 'check' }}\n",
        ["10:14 AF301 drizzle-kit ${{ inputs.apply && 'push' || 'check' }}"],
        id="j06-expr-and-or-push",
    ),
    pytest.param(
        ".github/workflows/db.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n      live:\n        type: boolean\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx drizzle-kit ${{ inputs.live && 'pull' || 'check' }}\n",
        [],
        id="j07-expr-and-or-safe",
    ),
    pytest.param(
        ".gitlab-ci.yml",
        "variables:\n  DK: drizzle-kit\ntest:\n  before_script:\n    - npx $DK migrate\n  script:\n    - npm test\n",
        ["5:7 AF301 drizzle-kit migrate"],
        id="j11-gitlab-before-script-var",
    ),
    pytest.param(
        "scripts/db.cmd",
        "@echo off\r\nset KIT=npx drizzle-kit\r\n%KIT% migrate\r\n%KIT% pull\r\n",
        ["3:1 AF301 drizzle-kit migrate"],
        id="batch-set-variable-holds-the-program",
    ),
    pytest.param(
        "scripts/db.cmd",
        "set MSG=run drizzle-kit push\r\necho %MSG%\r\n",
        [],
        id="batch-set-variable-only-echoed",
    ),
    pytest.param(
        "Taskfile.yml",
        "version: '3'\nvars:\n  KIT: npx drizzle-kit\ntasks:\n  migrate:\n    cmds:\n      - '{{.KIT}} migrate'\n  types:\n    vars:\n      KIT: pnpm drizzle-kit\n    cmds:\n      - '{{.KIT}} pull'\n",
        ["7:10 AF301 drizzle-kit migrate"],
        id="taskfile-vars-hold-the-program",
    ),
    pytest.param(
        "Jenkinsfile",
        "pipeline {\n  agent any\n  environment { KIT = 'npx drizzle-kit' }\n  stages { stage('db') { steps { sh \"${KIT} migrate\" } } }\n}\n",
        ["4:38 AF301 drizzle-kit migrate"],
        id="jenkins-environment-holds-the-program",
    ),
    pytest.param(
        "Jenkinsfile",
        "pipeline {\n  environment { MSG = 'drizzle-kit push is banned' }\n  stages { stage('x') { steps { sh \"echo ${MSG}\" } } }\n}\n",
        [],
        id="jenkins-environment-only-printed",
    ),
    pytest.param(
        "scripts/db.sh",
        '#!/bin/bash\nKIT=(npx drizzle-kit --config drizzle.config.ts)\n"${KIT[@]}" push\n"${KIT[@]}" pull\n',
        ["3:1 AF301 drizzle-kit --config drizzle.config.ts push"],
        id="bash-array-holds-the-program",
    ),
    pytest.param(
        "scripts/db.sh",
        '#!/bin/bash\nARGS=(push --force)\necho "${ARGS[@]}"\n',
        [],
        id="bash-array-only-echoed",
    ),
    pytest.param(
        ".circleci/config.yml",
        "version: 2.1\ncommands:\n  kit:\n    parameters:\n      sub: {type: string, default: migrate}\n    steps:\n      - run: npx drizzle-kit << parameters.sub >>\n",
        ["7:14 AF301 drizzle-kit ${{ parameters.sub }}"],
        id="circleci-parameter-default-migrate",
    ),
    pytest.param(
        ".circleci/config.yml",
        "version: 2.1\ncommands:\n  kit:\n    parameters:\n      sub: {type: enum, enum: [check, pull], default: check}\n    steps:\n      - run: npx drizzle-kit << parameters.sub >>\n",
        [],
        id="circleci-parameter-enum-safe",
    ),
    pytest.param(
        "justfile",
        'kit cmd:\n    npx drizzle-kit {{cmd}}\n\ndeploy: (kit "migrate")\n',
        ["2:5 AF301 drizzle-kit {{cmd}}"],
        id="justfile-recipe-parameter-could-run",
    ),
    pytest.param(
        "Taskfile.yml",
        "version: '3'\ntasks:\n  kit:\n    cmds:\n      - npx drizzle-kit {{.CLI_ARGS}}\n",
        ["5:9 AF301 drizzle-kit {{.CLI_ARGS}}"],
        id="taskfile-cli-args-could-run",
    ),
    # --- issue 37: more helper, program and Python shapes ---
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nconst run = execSync;\nrun("npx drizzle-kit push");\n',
        ["3:5 AF303 drizzle-kit push"],
        id="code-alias-assigned",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawnSync } from "child_process";\nfunction kit({ cwd }, ...args) {\n  return spawnSync("npx", ["drizzle-kit", ...args], { cwd });\n}\nkit({ cwd: "db" }, "migrate");\n',
        ["5:5 AF303 drizzle-kit migrate"],
        id="code-helper-destructured-and-rest-params",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawnSync } from "child_process";\nconst run = (...words) => spawnSync(words, { stdio: "inherit" });\nrun("npx", "drizzle-kit", "push");\n',
        ["3:5 AF303 drizzle-kit push"],
        id="code-helper-rest-program-words",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execa } from "execa";\nconst sh = async (cmd: string): Promise<void> => {\n  await execa(cmd, { shell: true });\n};\nawait sh("npx drizzle-kit up");\n',
        ["5:10 AF303 drizzle-kit up"],
        id="code-helper-async-arrow-with-type",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nconst tools = { run: (c) => execSync(c) };\ntools.run("npx drizzle-kit push");\nrun("npx drizzle-kit push");\n',
        ["4:5 AF303 drizzle-kit push"],
        id="code-helper-object-method-arrow",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nconst run = function (c) { execSync(c); };\nrun("npx drizzle-kit migrate");\n',
        ["3:5 AF303 drizzle-kit migrate"],
        id="code-helper-function-expression",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nconst kit = (sub) => execSync(`pnpm drizzle-kit ${sub} --config ${cfg}`);\nkit("push");\nkit(other);\n',
        ["3:5 AF303 drizzle-kit push --config '${…}'", "4:5 AF303 drizzle-kit ${…} --config ${…}"],
        id="code-helper-template-with-unknown-hole",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawn } from "child_process";\nfunction kit(sub, flag) {\n  spawn("npx", ["drizzle-kit", sub, compute(), flag]);\n}\nkit("migrate", "--verbose");\nkit("pull", "--verbose");\n',
        ["5:5 AF303 drizzle-kit migrate '${…}' --verbose"],
        id="code-helper-args-list-with-param-and-hole",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawn } from "child_process";\nfunction run(cmd, args) { spawn(cmd, args); }\nrun("npx", ["drizzle-kit", x, "push"]);\nrun("npx", computed);\nrun(bin);\n',
        ["3:5 AF303 drizzle-kit ${…} push"],
        id="code-helper-given-a-list",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nconst kit = (s) => execSync(`npx drizzle-kit ${`${s}`}`);\nkit("push");\nexecSync(`npx drizzle-kit ${mode ? "push" : "pull"}`);\n',
        ["2:29 AF303 drizzle-kit ${…}", "4:10 AF303 drizzle-kit ${…}"],
        id="code-nested-template-in-a-hole",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawnSync } from "child_process";\nspawnSync(config.bin, ["drizzle-kit", "migrate"]);\nspawnSync(process.argv0, ["node_modules/drizzle-kit/bin.cjs", "push"]);\n',
        ["2:11 AF303 drizzle-kit migrate", "3:11 AF303 drizzle-kit push"],
        id="code-program-member-chain",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nexecSync("npx drizzle-kit " + pick(["push"]) + " --force");\nexecSync(prefix + " drizzle-kit push");\n',
        ["2:10 AF303 drizzle-kit ${…} --force", "3:19 AF303 drizzle-kit push"],
        id="code-concatenation-with-a-call",
    ),
    pytest.param(
        "scripts/a.ts",
        'new Deno.Command("npx drizzle-kit push").output();\nconst p = Deno.run({ cmd: ["npx", "drizzle-kit", "migrate"] });\n',
        ["2:20 AF303 drizzle-kit migrate"],
        id="code-deno-command-without-args",
    ),
    pytest.param(
        "ci/main.ts",
        'await container.withExec(args).withExec(["npx", "drizzle-kit", "pull"]).sync();\n',
        [],
        id="code-with-exec-computed",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawn } from "child_process";\nspawn("npx", [...base, "drizzle-kit", "push"]);\n',
        ["2:7 AF303 drizzle-kit push"],
        id="code-spawn-spread-args",
    ),
    pytest.param(
        "scripts/a.ts",
        'import { spawnSync } from "child_process";\nlet sub = "check";\nif (ci) sub = "migrate";\nspawnSync("npx", ["drizzle-kit", sub]);\n',
        ["4:11 AF303 drizzle-kit migrate"],
        id="code-bound-name-several-literals",
    ),
    pytest.param(
        "tools/old.py",
        'print "hello"\n',
        [],
        id="python-not-python-without-drizzle-kit",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nsubprocess.run(args=["npx", "drizzle-kit", "migrate"])\nsubprocess.call("npx drizzle-kit " + "push", shell=True)\n',
        ["2:21 AF303 drizzle-kit migrate", "3:17 AF303 drizzle-kit push"],
        id="python-keyword-args-and-concatenation",
    ),
    pytest.param(
        "tools/m.py",
        "import asyncio, subprocess\nasync def m(a):\n    await asyncio.create_subprocess_exec(*a)\nsubprocess.run(build())\nsubprocess.Popen(cmd)\n",
        [],
        id="python-starred-exec-and-unknown-call",
    ),
    pytest.param(
        "tools/m.py",
        'from plumbum import local\nfrom sh import npx as run_npx\nnpx = local.get("npx")\nnpx("drizzle-kit", "generate")\nrun_npx("drizzle-kit", "up")\n',
        ["4:5 AF303 drizzle-kit generate", "5:9 AF303 drizzle-kit up"],
        id="python-plumbum-get-and-sh-from",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nasync def sh(cmd, check=True):\n    subprocess.run(cmd, shell=True, check=check)\nsh("npx drizzle-kit drop")\nsh(other)\n',
        ["4:4 AF303 drizzle-kit drop"],
        id="python-helper-keyword-and-async",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nfor sub in ["check", "pull"]:\n    subprocess.run(["npx", "drizzle-kit", sub])\nfor n in range(3):\n    pass\n',
        [],
        id="python-loop-over-names-safe",
    ),
    pytest.param(
        "tools/m.py",
        'import subprocess\nCMD: list[str] = ["npx", "drizzle-kit", "push"]\nsubprocess.check_output(CMD)\nsubprocess.getoutput(f"npx drizzle-kit {mode}")\n',
        ["3:25 AF303 drizzle-kit push", "4:22 AF303 drizzle-kit ${…}"],
        id="python-annotated-bound-command",
    ),
]


@pytest.mark.parametrize(("path", "text", "expected"), CASES)
def test_carrier(path, text, expected) -> None:
    assert found(path, text) == expected


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("turbo.json", '{"tasks": {"db:migrate": {"cache": false}}}'),
        ("nx.json", '{"targetDefaults": {"migrate": {"command": "npx drizzle-kit push"}}}'),
        ("docs/README", "Never run npx drizzle-kit push.\n"),
        ("LICENSE", "MIT\n"),
    ],
)
def test_not_a_carrier(path, text) -> None:
    """turbo.json only names tasks; nx.json, text files and extensionless files without a
    shell shebang run nothing (a JSON file is read by content: it holds no container)."""
    kind = carrier_for(path)
    assert kind in (None, "shebang", "containers")
    if kind == "containers":
        assert found(path, text) == []


def test_flow_style_and_quoted_key_workflow_are_read(monorepo, capsys) -> None:
    """The two shapes the hand-written CI YAML reading missed."""
    monorepo.stage(
        ".github/workflows/a.yml",
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        '    steps: [{uses: actions/checkout@v4}, {run: "npx drizzle-kit push"}]\n',
    )
    monorepo.stage(
        ".github/workflows/b.yml",
        'on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - "run": npx drizzle-kit up\n',
    )
    assert main([".github/workflows/a.yml", ".github/workflows/b.yml"]) == 1
    out = capsys.readouterr().out
    assert '.github/workflows/a.yml:5:49: AF301 runs "drizzle-kit push"' in out
    assert '.github/workflows/b.yml:6:16: AF301 runs "drizzle-kit up"' in out


def test_workflow_shell_decides_the_dialect(monorepo, capsys) -> None:
    monorepo.stage(
        ".github/workflows/w.yml",
        "on: push\ndefaults:\n  run:\n    shell: pwsh\njobs:\n  w:\n    runs-on: windows-latest\n"
        "    steps:\n      - run: |\n          npx drizzle-kit `\n            push\n"
        "      - shell: python\n        run: print('npx drizzle-kit push')\n",
    )
    assert main([".github/workflows/w.yml"]) == 1
    out = capsys.readouterr().out
    assert '.github/workflows/w.yml:10:11: AF301 runs "drizzle-kit push"' in out
    assert out.count(": AF301 ") == 1


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        (
            "compose.yaml",
            "services:\n  a: [npx drizzle-kit push\n",
            "compose.yaml:3:1: invalid YAML",
        ),
        (
            "fly.toml",
            '[deploy]\nrelease_command = "npx drizzle-kit migrate\n',
            "fly.toml: invalid TOML",
        ),
        # each Python names its own column (3.13 points at the comma): the prefix is what counts
        ("vercel.json", '{"buildCommand": "drizzle-kit push",}', "vercel.json:1:3"),
        ("Tiltfile", "local('npx drizzle-kit push'\n", "Tiltfile:1: cannot read this Tiltfile"),
    ],
)
def test_unreadable_carrier_that_mentions_drizzle_fails_closed(
    monorepo, capsys, path, text, words
) -> None:
    monorepo.stage(path, text)
    assert main([path]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err
    assert len(err.splitlines()) == 1


def test_unreadable_carrier_that_cannot_mention_drizzle_is_no_business_of_ours(monorepo) -> None:
    monorepo.stage("compose.yaml", "services:\n  a: [\n")
    assert main(["compose.yaml"]) == 0


def test_everything_through_check_with_real_git(monorepo, capsys) -> None:
    from hooks.cli import main as cli

    for n, (path, text, _) in enumerate(p.values for p in CASES):
        monorepo.stage(f"fixture/{n}/{path}", text)
    assert cli(["check"]) == 1
    out = capsys.readouterr().out
    for n, param in enumerate(CASES):
        path, _, expected = param.values
        for finding in expected:
            position, code, _command = finding.split(" ", 2)
            assert f"fixture/{n}/{path}:{position}: {code} " in out, (param.id, finding)
        if not expected:
            assert f"fixture/{n}/{path}:" not in out, param.id


NEGATIVES = [
    (
        "azure-pipelines.yml",
        "variables:\n  note: npx drizzle-kit push\nsteps:\n  - script: npx drizzle-kit pull\n"
        "  - task: Bash@3\n    inputs:\n      targetType: filePath\n      filePath: scripts/x.sh\n"
        "  - task: Npm@1\n    inputs:\n      command: custom\n      customCommand: run build\n"
        "  - script: echo npx drizzle-kit migrate  # a mention\n",
    ),
    (
        "Dockerfile",
        'FROM node:20\n# RUN npx drizzle-kit push\nRUN npx drizzle-kit check\nCMD ["node", "x.js"]\n',
    ),
    (
        "compose.yaml",
        "services:\n  a:\n    command: npx drizzle-kit pull\n    environment:\n      NOTE: npx drizzle-kit push\n",
    ),
    (
        "Procfile",
        "# release: npx drizzle-kit migrate\nweb: node .\nrelease: npx drizzle-kit check\n",
    ),
    (
        "fly.toml",
        '# release_command = "npx drizzle-kit migrate"\n[deploy]\nrelease_command = "npx drizzle-kit check"\n[env]\nNOTE = "drizzle-kit push"\n',
    ),
    (
        "railway.json",
        '{"deploy": {"startCommand": "node .", "healthcheckPath": "/drizzle-kit push"}}',
    ),
    ("railway.toml", '[deploy]\nstartCommand = "echo drizzle-kit push is banned"\n'),
    (
        "render.yaml",
        "services:\n  - type: web\n    name: drizzle-kit push\n    startCommand: node .\n",
    ),
    (
        "vercel.json",
        '{"buildCommand": "drizzle-kit check && next build", "env": {"X": "drizzle-kit push"}}',
    ),
    (
        "netlify.toml",
        '[build]\ncommand = "npm run build"\n[build.environment]\nX = "drizzle-kit push"\n',
    ),
    ("nixpacks.toml", '[variables]\nX = "drizzle-kit push"\n[start]\ncmd = "node ."\n'),
    (
        "app.json",
        '{"description": "npx drizzle-kit push", "scripts": {"postdeploy": "npx drizzle-kit check"}}',
    ),
    (
        "project.json",
        '{"targets": {"a": {"executor": "@nx/js:tsc", "options": {"command": "drizzle-kit push"}}, "b": {"command": "drizzle-kit pull"}}}',
    ),
    (
        "Taskfile.yml",
        "version: '3'\ntasks:\n  types:\n    desc: never drizzle-kit push\n    cmds: [npx drizzle-kit pull]\n",
    ),
    (
        "mise.toml",
        '[tasks.types]\ndescription = "drizzle-kit push is banned"\nrun = "drizzle-kit pull"\n',
    ),
    (
        "deno.json",
        '{"tasks": {"types": "npx drizzle-kit pull"}, "imports": {"drizzle-kit": "npm:drizzle-kit"}}',
    ),
    (
        "Tiltfile",
        "print('npx drizzle-kit push')\nlocal_resource('types', cmd='npx drizzle-kit pull')\n",
    ),
    (".husky/pre-commit", "# npx drizzle-kit push\nnpx lint-staged\n"),
    (
        "lefthook.yml",
        "pre-commit:\n  commands:\n    types:\n      glob: '*.sql'\n      run: npx drizzle-kit check\n",
    ),
    (
        ".pre-commit-config.yaml",
        "repos:\n  - repo: local\n    hooks:\n      - id: types\n        name: drizzle-kit push is banned\n        entry: npx drizzle-kit check\n        language: system\n",
    ),
    (
        ".devcontainer/devcontainer.json",
        '{\n  // "postCreateCommand": "npx drizzle-kit push",\n  "postCreateCommand": "pnpm i"\n}\n',
    ),
    (
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  a:\n    name: drizzle-kit push\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx drizzle-kit check\n",
    ),
    (
        ".gitlab-ci.yml",
        "variables:\n  X: npx drizzle-kit push\njob:\n  script: [npx drizzle-kit check]\n",
    ),
    (
        "atlas.hcl",
        'data "external_schema" "drizzle" {\n  program = ["npx", "drizzle-kit", "export", "--dialect", "postgresql"]\n}\n# program = ["npx", "drizzle-kit", "push"]\n',
    ),
    (
        "src/a.ts",
        'import { execSync } from "node:child_process";\nexecSync("npx drizzle-kit pull");\nconst help = "run drizzle-kit push yourself";\n',
    ),
    # --- issue 23, part two --------------------------------------------------------------
    ("ci/notes.yml", "jobs:\n  build:\n    steps:\n      - script: npx drizzle-kit migrate\n"),
    (
        "docs/steps.yaml",
        "steps:\n  - name: migrate\n    run: npx drizzle-kit migrate\n",
    ),  # not Azure's
    (
        "tekton/task.yaml",
        "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: m\n      image: python\n"
        "      script: |\n        #!/usr/bin/env python3\n        print('npx drizzle-kit migrate')\n",
    ),
    (
        "k8s/job.yaml",
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pull\n  annotations:\n"
        "    note: npx drizzle-kit migrate\nspec:\n  template:\n    spec:\n      containers:\n"
        '        - name: pull\n          image: node:20\n          command: ["npx", "drizzle-kit", "pull"]\n'
        '        - name: echo\n          image: busybox\n          args: ["echo", "npx drizzle-kit migrate"]\n',
    ),
    ("docs/example.yml", "steps:\n  - run: npx drizzle-kit migrate\n"),  # no container: a doc
    (
        "charts/api/values.yaml",
        "migrations:\n  enabled: true\n  note: run npx drizzle-kit migrate\n",
    ),
    (
        "charts/api/templates/job.yaml",
        "{{- if .Values.x }}\napiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n"
        '      containers:\n        - image: "{{ .Values.image }}"\n'
        '          command: ["npx", "drizzle-kit", "check"]\n{{- end }}\n',
    ),
    ("tsconfig.json", '{"compilerOptions": {"paths": {"@db/*": ["./drizzle/*"]}}}'),
    (
        "ecs/task.json",
        '{"containerDefinitions": [{"image": "x", "command": ["node", "dist/index.js"],'
        ' "environment": [{"name": "NOTE", "value": "npx drizzle-kit migrate"}]}]}',
    ),
    (".circleci/config.yml", "jobs:\n  a:\n    steps:\n      - run: npx drizzle-kit check\n"),
    (
        "bitbucket-pipelines.yml",
        "pipelines:\n  default:\n    - step:\n        script:\n          - npx drizzle-kit pull\n",
    ),
    (
        ".buildkite/pipeline.yml",
        "steps:\n  - label: npx drizzle-kit migrate\n    command: npm test\n",
    ),
    (
        "cloudbuild.yaml",
        "steps:\n  - name: gcr.io/cloud-builders/gcloud\n    args: ['run', 'deploy', 'drizzle-kit-docs']\n",
    ),
    (
        ".travis.yml",
        "env:\n  - NOTE='npx drizzle-kit migrate'\nscript: npx drizzle-kit studio --help\n",
    ),
    (
        ".drone.yml",
        "kind: pipeline\nsteps:\n  - name: npx drizzle-kit migrate\n    image: node\n    commands: [npm test]\n",
    ),
    (
        "Jenkinsfile",
        "pipeline {\n  stages {\n    stage('x') {\n      steps {\n"
        "        // sh 'npx drizzle-kit push'\n        /* sh 'npx drizzle-kit migrate' */\n"
        "        echo 'run npx drizzle-kit migrate by hand'\n        sh 'npx drizzle-kit pull'\n"
        "        def sh = 'npx drizzle-kit push'\n      }\n    }\n  }\n}\n",
    ),
    (
        "Earthfile",
        "VERSION 0.8\nbuild:\n    FROM node:20\n    RUN npx drizzle-kit pull\n    # RUN npx drizzle-kit push\n",
    ),
    (
        "skaffold.yaml",
        "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: drizzle-kit-migrate\n",
    ),
    (
        "serverless.yml",
        "service: drizzle-kit-migrate\ncustom:\n  scripts:\n    hooks:\n      'deploy:finalize': npx drizzle-kit check\n",
    ),
    ("app.yaml", "runtime: nodejs20\nenv_variables:\n  NOTE: npx drizzle-kit migrate\n"),
    (
        "ecosystem.config.js",
        'module.exports = { apps: [{ name: "drizzle-kit migrate", script: "dist/index.js" }] };\n',
    ),
    (
        "supervisord.conf",
        "[supervisord]\ncommand=npx drizzle-kit migrate\n\n[program:studio]\ncommand=npx drizzle-kit studio\n"
        "; command=npx drizzle-kit push\n",
    ),
    (
        "root/etc/s6-overlay/s6-rc.d/x/up",
        "foreground { npx drizzle-kit pull }\n# npx drizzle-kit push\n",
    ),
    (
        "src/docs/commands.ts",
        'export const commands = [{ name: "migrate", command: ["npx", "drizzle-kit", "migrate"] }];\n',
    ),
    (
        "infra/stack.ts",
        'import * as ecs from "aws-cdk-lib/aws-ecs";\n'
        'task.addContainer("api", { command: ["node", "dist/index.js"], environment: { NOTE: "npx drizzle-kit migrate" } });\n',
    ),
]


@pytest.mark.parametrize(("path", "text"), NEGATIVES, ids=[p for p, _ in NEGATIVES])
def test_allowed_and_non_command_mentions_pass(path, text) -> None:
    assert found(path, text) == []


def test_all_files_mode_picks_code_with_one_git_grep(monorepo, capsys) -> None:
    from hooks.cli import main as cli

    monorepo.write(
        "scripts/a.ts",
        'import { execSync } from "child_process";\nexecSync("npx drizzle-kit push");\n',
    )
    monorepo.write("scripts/b.ts", "// never run drizzle-kit push\nexport {};\n")
    monorepo.write("scripts/c.ts", 'spawnSync("npx", ["drizzle-kit", "migrate"]);\n')
    monorepo.add()
    monorepo.commit("no-verify")
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert 'scripts/a.ts:2:10: AF303 shells out to run "drizzle-kit push"' in out
    assert 'scripts/c.ts:1:11: AF303 shells out to run "drizzle-kit migrate"' in out
    assert "scripts/b.ts" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("await $({ cwd: 'db' })`npx drizzle-kit push`;\n", ["1:23 AF303 drizzle-kit push"]),
        ("execa('npx drizzle-kit migrate', { shell: true });\n", ["1:7 AF303 drizzle-kit migrate"]),
        ("Bun.spawnSync(['bunx', 'drizzle-kit', 'drop']);\n", ["1:15 AF303 drizzle-kit drop"]),
        (
            "spawn('npx', ['drizzle-kit', cmd]);\nexecSync(`${tool} push`);\n",
            ["1:7 AF303 drizzle-kit ${…}"],
        ),
        ("Bun.spawn({ cmd: ['bunx', 'drizzle-kit', 'push'] });\n", ["1:11 AF303 drizzle-kit push"]),
        # Found on real repositories (issue 24): execa's template with options (nuxt-hub's
        # CLI) and a command held in a variable (better-auth's adapter tests).
        (
            "const { stderr } = await execa({\n  stdin: 'inherit',\n})`drizzle-kit generate --config=x.ts`;\n",
            ["3:3 AF303 drizzle-kit generate --config=x.ts"],
        ),
        ("await execa`npx drizzle-kit push`;\n", ["1:12 AF303 drizzle-kit push"]),
        (
            "const command = `npx drizzle-kit push --schema=${file}.ts`;\nexecSync(command, { stdio: 'inherit' });\n",
            ["1:17 AF303 drizzle-kit push '--schema=${…}.ts'"],
        ),
        (
            "let cmd: string = 'drizzle-kit';\nspawnSync(cmd, ['pull']);\nspawnSync(cmd, ['migrate']);\n",
            ["1:19 AF303 drizzle-kit migrate"],
        ),
        (
            "let command: string;\nif (pg) command = 'npx drizzle-kit push';\nelse command = 'npx prisma migrate dev';\nexecSync(command);\n",
            ["2:19 AF303 drizzle-kit push"],
        ),
        # A command only printed (better-auth's `init` next steps), a member or a comparison.
        (
            "let command: string;\ncommand = 'npx drizzle-kit push';\nlogs.push(`Run ${command}`);\n",
            [],
        ),
        ("opts.cmd = 'npx drizzle-kit push';\nexecSync(cmd);\n", []),
        ("if (cmd == 'npx drizzle-kit push') execSync(other);\n", []),
    ],
)
def test_more_code_shapes(text, expected) -> None:
    assert found("scripts/x.ts", "import x from 'child_process';\n" + text) == [
        f"{int(e.split(':')[0]) + 1}:{e.split(':', 1)[1]}" for e in expected
    ]


def test_package_json_git_hook_keys_are_commands() -> None:
    """lint-staged's and nano-staged's tasks, simple-git-hooks' and husky 4's hooks and
    nodemon's `exec` run commands (issue 37); `drizzle-kit pull` there stays fine."""
    from hooks.commands.package_scripts import find_in_package_json

    text = (
        '{"name": "x", "lint-staged": {"*.sql": ["prettier --write", "drizzle-kit push --force"]},'
        ' "simple-git-hooks": {"pre-commit": "npx lint-staged && npx drizzle-kit generate"},'
        ' "husky": {"hooks": {"pre-commit": "drizzle-kit migrate"}},'
        ' "nodemonConfig": {"exec": "drizzle-kit pull && node x.js"}}'
    )
    config = Config(validate({}, "t"), "t")
    found = [
        f"{v.line}:{v.col} {v.code} {v.message.split(chr(34))[1]}"
        for v in find_in_package_json("package.json", text, config)
    ]
    assert found == [
        "1:62 AF301 drizzle-kit push --force",
        "1:146 AF301 drizzle-kit generate",
        "1:209 AF301 drizzle-kit migrate",
    ]
    calm = '{"lint-staged": {"*.ts": "eslint"}, "simple-git-hooks": {"pre-commit": "drizzle-kit pull"}}'
    assert find_in_package_json("package.json", calm, config) == []


def test_a_computed_subcommand_names_where_it_comes_from_and_what_it_can_be() -> None:
    config = Config(validate({}, "t"), "t")
    workflow = (
        "on:\n  workflow_dispatch:\n    inputs:\n      command:\n        type: choice\n"
        "        options: [pull, push, migrate]\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npx drizzle-kit ${{ inputs.command }}\n"
    )
    (choice,) = find_in_script_file(".github/workflows/db.yml", "github", workflow, config)
    assert "comes from inputs.command, which can be push or migrate" in choice.message
    (free,) = find_in_script_file("s.sh", "shell", "#!/bin/sh\nnpx drizzle-kit $CMD\n", config)
    assert "comes from $CMD, which atlas-first cannot know" in free.message
    assert "name the subcommand" in free.hint


@pytest.mark.parametrize(
    ("name", "never"),
    [
        ("readme", True),
        ("readme.md", True),
        ("readme.ts", True),  # prose whatever its suffix
        ("changelog.yml", True),
        ("code_of_conduct.md", True),
        ("x.md", True),
        (".md", True),
        ("photo.jpeg", True),
        ("font.woff2", True),
        ("clip.mp4", True),
        ("page.htm", True),
        ("pnpm-lock.yaml", False),  # a YAML file: read by content, not prose
        ("readmex", False),
        ("history-api.ts", False),
        ("migrate.sh", False),
        ("deploy", False),
        ("x.md.bak", False),
        ("clip.mp5", False),
        ("md", False),
    ],
)
def test_prose_lock_files_and_binaries_are_never_a_commands_home(name, never) -> None:
    from hooks.commands.carriers import never_commands

    assert never_commands(name) is never
    if never:
        assert carrier_for(f"docs/{name}") is None

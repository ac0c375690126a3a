"""Generated worst cases, one per reader: `CASES[name](n)` is a text of size about n units
of that reader's own hardest shape (what made a reader slower than linear once, or what its
grammar makes it work hardest on), and `run(name, text)` reads it as the hook does.

Used by tests/scaling_test.py (time ratios at growing n, in one run) and by
bench/scaling.py (the table in docs/benchmarks.md)."""

from __future__ import annotations

from hooks.project.config import Config
from hooks.project.config import validate

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

CONFIG = Config(validate({}, "worst-cases"), "worst-cases")
PUSH = "npx drizzle-kit push"


def _mise(n: int) -> tuple[str, str]:
    tasks = "".join(f'[tasks.t{i}]\nrun = "echo {i} && {PUSH}"\n' for i in range(n))
    return "mise.toml", tasks


def _netlify(n: int) -> tuple[str, str]:
    contexts = "".join(f'[context.c{i}]\n  command = "{PUSH} --c{i}"\n' for i in range(n))
    return "netlify.toml", contexts


def _jsonc_comments(n: int) -> tuple[str, str]:
    # Every `/*` unclosed: a lazy `/\*.*?\*/` scanned to the end from each one (an invalid
    # file: it is refused, in linear time).
    return "deno.jsonc", '{"tasks": {"a": "' + PUSH + '"}} ' + "/* " * (n * 8) + "\n"


def _jsonc_quotes(n: int) -> tuple[str, str]:
    return "deno.jsonc", '{"tasks": {"a": "' + PUSH + '"}}\n' + '"\\' * (n * 8)


def _conflicted_package_json(n: int) -> tuple[str, str]:
    # An unresolved merge, n conflicts: refused, naming the markers, in linear time.
    hunks = "".join(
        f'<<<<<<< HEAD\n"s{i}": "echo {i}",\n=======\n"s{i}": "{PUSH}",\n>>>>>>> other\n'
        for i in range(n)
    )
    return "package.json", '{"scripts": {\n' + hunks + "}}\n"


def _package_json(n: int) -> tuple[str, str]:
    scripts = ", ".join(f'"s{i}": "{PUSH} --s{i}"' for i in range(n))
    return "package.json", '{"name": "p", "scripts": {' + scripts + "}}\n"


def _flow_sequence(n: int) -> tuple[str, str]:
    items = ", ".join(f"echo {i}" for i in range(n * 4))
    return ".github/workflows/ci.yml", (
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: " + PUSH + "}, "
        + "{run: [" + items + "]}]\n"
    )  # fmt: skip


def _alias_bomb(n: int) -> tuple[str, str]:
    # Each list holds the one before it three times: 3^depth items if walked naively.
    depth = max(2, n // 4)
    layers = [f"  l0: &l0 ['{PUSH}']"]
    layers += [f"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]" for i in range(1, depth)]
    jobs = "".join(f"job{i}:\n  script: *l{depth - 1}\n" for i in range(n))
    return ".gitlab-ci.yml", ".x:\n" + "\n".join(layers) + "\n" + jobs


def _merge_chain(n: int) -> tuple[str, str]:
    # (block style: past 2,000 flow brackets the pure-Python reader takes over, a constant
    # factor of about five that would hide the merge walk this row measures)
    chain = "".join(f"  m{i}: &m{i}\n    <<: *m{i - 1}\n    k{i}: v\n" for i in range(1, n))
    services = "".join(f"  s{i}:\n    <<: *m{n - 1}\n" for i in range(3))
    return "compose.yaml", (
        "x:\n  m0: &m0 {command: " + PUSH + "}\n" + chain + "services:\n" + services
    )


def _ts_dollar_parens(n: int) -> tuple[str, str]:
    return "scripts/x.ts", "await $`" + PUSH + "`;\n" + "$(" * (n * 16) + "\n"


def _ts_templates(n: int) -> tuple[str, str]:
    nested = "`${" * (n * 4) + "x" + "}`" * (n * 4)
    return "scripts/x.ts", f"execSync(`{PUSH} ${{{nested}}}`);\n" + "exec(`a ${`" * n + "\n"


def _shell(n: int) -> tuple[str, str]:
    lines = "".join(f"echo {i} && ssh h 'docker compose exec api {PUSH}'\n" for i in range(n))
    return "deploy.sh", "#!/bin/sh\n" + lines


def _shell_quotes(n: int) -> tuple[str, str]:
    return "deploy.sh", "#!/bin/sh\n" + PUSH + "\necho " + "\"'" * (n * 8) + "\n"


def _powershell(n: int) -> tuple[str, str]:
    body = "".join(f"Write-Host {i}; & npx drizzle-kit push --x{i}\n" for i in range(n))
    return "deploy.ps1", body


def _makefile(n: int) -> tuple[str, str]:
    rules = "".join(f"t{i}:\n\t{PUSH} --t{i}\n" for i in range(n))
    return "Makefile", rules


def _dockerfile(n: int) -> tuple[str, str]:
    runs = "".join(f"RUN echo {i} && \\\n    {PUSH}\n" for i in range(n))
    return "Dockerfile", "FROM node:20\n" + runs + "CMD " + "[" * (n * 8) + "\n"


def _procfile(n: int) -> tuple[str, str]:
    return "Procfile", "".join(f"p{i}: {PUSH} --p{i}\n" for i in range(n))


def _atlas_hcl(n: int) -> tuple[str, str]:
    envs = "".join(
        f'env "e{i}" {{\n  url = "postgres://x"\n  migration {{ dir = "file://m{i}" }}\n}}\n'
        f'data "external_schema" "d{i}" {{\n  program = ["npx", "drizzle-kit", "push", "--d{i}"]\n}}\n'
        for i in range(n)
    )
    return "atlas.hcl", envs + "x = " + "[" * n + "]" * n + "\n"


def atlas_config(n: int) -> str:
    """An atlas.hcl the guard resolves everywhere: a chain of n locals, n variables, n envs
    (each interpolating the chain's end), n nested lists, a weak protected env."""
    chain = "".join(f'  l{i} = "${{local.l{i - 1}}}x"\n' for i in range(1, n))
    variables = "".join(
        f'variable "v{i}" {{\n  default = "postgres://u:p{i}@db/x"\n}}\n' for i in range(n)
    )
    envs = "".join(
        f'env "e{i}" {{\n  src = "file://schema.sql"\n  url = "${{var.v{i}}}"\n'
        f'  dev = "${{local.l{n - 1}}}"\n  diff {{\n    skip {{\n      drop_table = true\n    }}\n  }}\n}}\n'
        for i in range(n)
    )
    nested = "  deep = " + "[" * n + "]" * n + "\n"
    weak = 'env "production" {\n  src = "file://schema.sql"\n}\n'
    return f'locals {{\n  l0 = "a"\n{chain}{nested}}}\n{variables}{envs}{weak}'


def run_atlas_config(text: str) -> int:
    """The guard's findings for that atlas.hcl."""
    from hooks.guard_atlas_config import check_config

    return len(check_config("packages/database/atlas.hcl", text, text, CONFIG))


def _taskfile(n: int) -> tuple[str, str]:
    tasks = "".join(
        f"  t{i}:\n    cmds:\n      - {PUSH} --t{i}\n      - task: t{i + 1}\n" for i in range(n)
    )
    return "Taskfile.yml", "version: '3'\ntasks:\n" + tasks


def _azure(n: int) -> tuple[str, str]:
    stages = "".join(
        f"  - stage: s{i}\n    jobs:\n      - job: j{i}\n        steps:\n"
        f"          - script: {PUSH} --s{i}\n          - task: Bash@3\n            inputs:\n"
        f"              script: {PUSH} --t{i}\n"
        for i in range(n)
    )
    return "azure-pipelines.yml", "stages:\n" + stages


def _justfile(n: int) -> tuple[str, str]:
    return "justfile", "".join(f"t{i}:\n    {PUSH} --t{i}\n\n" for i in range(n))


def _tiltfile(n: int) -> tuple[str, str]:
    calls = "".join(f"local_resource('r{i}', cmd='{PUSH} --r{i}')\n" for i in range(n))
    return "Tiltfile", calls


def _nx_project(n: int) -> tuple[str, str]:
    targets = ", ".join(
        f'"t{i}": {{"executor": "nx:run-commands", "options": {{"command": "{PUSH} --t{i}"}}}}'
        for i in range(n)
    )
    return "apps/api/project.json", '{"name": "api", "targets": {' + targets + "}}"


def _fly(n: int) -> tuple[str, str]:
    processes = "".join(f'p{i} = "{PUSH} --p{i}"\n' for i in range(n))
    return "fly.toml", '[deploy]\nrelease_command = "' + PUSH + '"\n[processes]\n' + processes


def _lefthook(n: int) -> tuple[str, str]:
    # n groups of jobs, each nested ten groups deep (the depth once capped the walk at 32).
    def group(depth: int, indent: int) -> str:
        pad = "  " * indent
        if depth == 0:
            return f"{pad}- run: {PUSH}\n"
        return f"{pad}- group:\n{pad}    jobs:\n" + group(depth - 1, indent + 2)

    return "lefthook.yml", "pre-push:\n  jobs:\n" + "".join(group(10, 2) for _ in range(n))


def pulled_schema(n: int) -> tuple[str, str]:
    """A pulled schema.ts of n tables and the schema.sql it was pulled from (AF102's input)."""
    ts = "".join(
        f'export const t{i} = pgTable("t{i}", {{\n\tid: integer().primaryKey().notNull(),\n'
        f"\tname: varchar({{ length: 40 }}).default('),\n\tat: timestamp({{ withTimezone: true }}),\n}});\n\n"
        for i in range(n)
    )
    sql = "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, name varchar(40) DEFAULT '', at timestamptz);\n"
        for i in range(n)
    )
    return ts, sql


def _formatted_pull(n: int) -> tuple[str, str, int]:
    """n tables as a formatter writes them (a declaration's arguments one per line, every
    chain over several lines): the token reader's path."""
    ts = "".join(
        f'export const t{i} = pgTable(\n  "t{i}",\n  {{\n    id: integer()\n      .primaryKey()\n'
        f'      .notNull(),\n    name: varchar({{ length: 40 }})\n      .default("x")\n'
        f'      .notNull(),\n  }},\n  (table) => [index("t{i}_name").on(table.name)],\n);\n\n'
        for i in range(n)
    )
    sql = "".join(
        f"CREATE TABLE t{i} (id int PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x');\n"
        f"CREATE INDEX t{i}_name ON t{i} (name);\n"
        for i in range(n)
    )
    return ts, sql, 0


def _columns(n: int) -> tuple[str, str]:
    ts = "".join(f"\tc{i}: integer(),\n" for i in range(n))
    sql = ", ".join(f"c{i} int" for i in range(n))
    return ts, sql


def _unnamed_indexes(n: int) -> tuple[str, str, int]:
    """One table, n indexes the source leaves unnamed and the pull names otherwise: every
    pulled index tried against every unnamed one would be quadratic."""
    columns_ts, columns_sql = _columns(n)
    extras = "".join(f'\tindex("x{i}").using("btree", table.c{i}.asc()),\n' for i in range(n))
    ts = f'export const t = pgTable("t", {{\n{columns_ts}}}, (table) => [\n{extras}]);\n'
    sql = f"CREATE TABLE t ({columns_sql});\n" + "".join(
        f"CREATE INDEX ON t (c{(i + 1) % n});\n" for i in range(n)
    )
    return ts, sql, 0


def _renamed_indexes(n: int) -> tuple[str, str, int]:
    """One table, n named indexes, each under another name in the pull: n renames."""
    columns_ts, columns_sql = _columns(n)
    extras = "".join(f'\tindex("y{i}").using("btree", table.c{i}.asc()),\n' for i in range(n))
    ts = f'export const t = pgTable("t", {{\n{columns_ts}}}, (table) => [\n{extras}]);\n'
    sql = f"CREATE TABLE t ({columns_sql});\n" + "".join(
        f"CREATE INDEX x{i} ON t (c{i});\n" for i in range(n)
    )
    return ts, sql, n


def _foreign_keys(n: int) -> tuple[str, str, int]:
    """One table with n foreign keys to n tables, one of them missing from the pull."""
    columns_ts, columns_sql = _columns(n)
    targets_ts = "".join(
        f'export const r{i} = pgTable("r{i}", {{\n\tid: integer().primaryKey().notNull(),\n}});\n'
        for i in range(n)
    )
    keys = "".join(
        f"\tforeignKey({{\n\t\t\tcolumns: [table.c{i}],\n\t\t\tforeignColumns: [r{i}.id],\n"
        f'\t\t\tname: "t_c{i}_fkey"\n\t\t}}),\n'
        for i in range(1, n)
    )
    ts = targets_ts + f'export const t = pgTable("t", {{\n{columns_ts}}}, (table) => [\n{keys}]);\n'
    sql = "".join(f"CREATE TABLE r{i} (id int PRIMARY KEY);\n" for i in range(n))
    sql += (
        f"CREATE TABLE t ({columns_sql}, "
        + ", ".join(f"FOREIGN KEY (c{i}) REFERENCES r{i} (id)" for i in range(n))
        + ");\n"
    )
    return ts, sql, 1


def _unclosed_pull(n: int) -> tuple[str, str, int]:
    """A hand edit that leaves a bracket open in every column (not pull's layout): each
    entry must stop at its table's end, never rescan the rest of the file."""
    ts = (
        'export const t = pgTable("t", {\n'
        + "".join(f"\tc{i}: integer((({{[,\n" for i in range(n))
        + "});\n"
        + 'export const u = pgTable("u", {\n\tid: integer(),\n});\n'
    )
    return ts, "CREATE TABLE t (c0 int);\nCREATE TABLE u (id int);\n", -1


# AF102's inputs: (schema.ts, schema.sql, how many differences; -1: any number).
PULLED_CASES: dict[str, Callable[[int], tuple[str, str, int]]] = {
    "pull layout": lambda n: (*pulled_schema(n), 0),
    "formatted pull (token reader)": _formatted_pull,
    "unnamed indexes named otherwise": _unnamed_indexes,
    "renamed indexes": _renamed_indexes,
    "foreign keys": _foreign_keys,
    "brackets left open": _unclosed_pull,
}


def _k8s(n: int) -> tuple[str, str]:
    docs = "".join(
        f"---\napiVersion: batch/v1\nkind: Job\nmetadata: {{name: m{i}}}\nspec:\n  template:\n"
        f"    spec:\n      containers:\n        - name: m\n          image: node\n"
        f'          command: ["sh", "-c"]\n          args: ["{PUSH} --m{i}"]\n'
        for i in range(n)
    )
    return "deploy/k8s/jobs.yaml", docs


def _helm_by_lines(n: int) -> tuple[str, str]:
    """A template that is not YAML even without its actions: every document read by lines."""
    docs = "".join(
        f"---\nkind: Job\nspec:\n  containers:\n    - name: m\n{{{{ if .x }}}}\n      image: a\n"
        f"{{{{ else }}}}\n    image: b\n{{{{ end }}}}\n      command:\n        - npx\n"
        f"        - drizzle-kit\n        - push\n        - --m{i}\n"
        for i in range(n)
    )
    return "charts/x/templates/jobs.yaml", docs


def _helm_actions_on_one_line(n: int) -> tuple[str, str]:
    actions = "{{ .Values.a }}" * n
    text = (
        f"kind: Job\nspec:\n  containers:\n    - image: {actions}\n"
        '      command: ["npx", "drizzle-kit", "push", "{{ .Values.x }}"]\n'
    )
    return "charts/x/templates/job.yaml", text + "{{ unclosed " * n


def _helm_unclosed_flow(n: int) -> tuple[str, str]:
    items = "".join(f'    "--a{i}",\n' for i in range(n))
    head = '{{ if }}\n  - image: x\n    command: [\n    "npx", "drizzle-kit", "push",\n'
    return "charts/x/templates/job.yaml", head + items


def _jenkinsfile(n: int) -> tuple[str, str]:
    steps = "".join(
        f'        sh \'{PUSH} --s{i}\'\n        sh """\n{PUSH} --t{i}\n"""\n' for i in range(n)
    )
    return (
        "Jenkinsfile",
        "pipeline {\n  stages {\n    stage('x') {\n      steps {\n" + steps + "}}}}\n",
    )


def _jenkinsfile_unclosed(n: int) -> tuple[str, str]:
    return "Jenkinsfile", f"sh '{PUSH}'\n" + "sh '''\n" + "/* '\n" * n


def _execline(n: int) -> tuple[str, str]:
    blocks = "".join(f"foreground {{ {PUSH} --b{i} }}\n" for i in range(n))
    text = "with-contenv\n" + blocks + "{ " * n + "node x.js\n"
    return "rootfs/etc/s6-overlay/s6-rc.d/m/up", text


def _supervisord(n: int) -> tuple[str, str]:
    programs = "".join(f"[program:p{i}]\ncommand={PUSH} --p{i}\n  --more\n\n" for i in range(n))
    return "docker/supervisord.conf", programs


def _pm2(n: int) -> tuple[str, str]:
    apps = ", ".join(
        f'{{ name: "a{i}", script: "npx", args: "drizzle-kit push --a{i}" }}' for i in range(n)
    )
    return "ecosystem.config.js", "module.exports = { apps: [" + apps + "] " + "{" * n + "};\n"


def _circleci(n: int) -> tuple[str, str]:
    jobs = "".join(
        f"  j{i}:\n    steps:\n      - run: {PUSH} --r{i}\n      - run:\n"
        f"          command: {PUSH} --c{i}\n"
        for i in range(n)
    )
    return ".circleci/config.yml", "version: 2.1\njobs:\n" + jobs


def _cdk(n: int) -> tuple[str, str]:
    calls = "".join(
        f'task.addContainer("m{i}", {{ image, command: ["npx", "drizzle-kit", "push", "--m{i}"] }});\n'
        for i in range(n)
    )
    head = 'import * as ecs from "aws-cdk-lib/aws-ecs";\n'
    return "infra/stack.ts", head + calls + "{ command: " * n


def _directives(n: int) -> tuple[str, str]:
    # Directives by the thousand, many on one long line, one before each command: the
    # directive reader counts lines once, left to right.
    one_line = " ".join(f"# atlas-first: allow AF301 r{i}" for i in range(n))
    each = "".join(f"# atlas-first: allow AF301 reason {i}\n{PUSH} --n{i}\n" for i in range(n))
    return "scripts/db.sh", f"#!/bin/sh\n{one_line}\n{each}"


def _command_variable(n: int) -> tuple[str, str]:
    # One name given n commands and handed to exec n times: each literal once, not n times.
    given = "".join(f"cmd = `npx drizzle-kit push --n{i}`;\n" for i in range(n))
    runs = "execSync(cmd);\n" * n
    return (
        "scripts/db.ts",
        "import { execSync } from 'node:child_process';\nlet cmd;\n" + given + runs,
    )


def _mcp(n: int) -> tuple[str, str]:
    servers = ", ".join(
        f'"s{i}": {{"command": "npx", "args": ["-y", "drizzle-kit", "mcp", "--s{i}"]}}'
        for i in range(n)
    )
    return ".mcp.json", '{"mcpServers": {' + servers + "}}"


def _batch(n: int) -> tuple[str, str]:
    lines = "".join(
        f"@call npx drizzle-kit push --t{i} ^\r\n  --more & echo (x) ^& y\r\n" for i in range(n)
    )
    return "scripts/db.cmd", "@echo off\r\n" + lines


def _vscode_tasks(n: int) -> tuple[str, str]:
    tasks = ", ".join(
        f'{{"label": "t{i}", "type": "shell", "command": "npx", "args": ["drizzle-kit", "push", "--t{i}"]}}'
        for i in range(n)
    )
    return ".vscode/tasks.json", '{"tasks": [' + tasks + "]}"


def _variable_chain(n: int) -> tuple[str, str]:
    lines = ['K0="npx drizzle-kit"'] + [f"K{i}=$K{i - 1}" for i in range(1, n)]
    lines += [f"$K{i} push --t{i}" for i in range(n)]
    return "scripts/db.sh", "\n".join(lines) + "\n"


def _export_flows(n: int) -> tuple[str, str]:
    lines = [f"npx drizzle-kit export > f{i}.sql" for i in range(n)]
    lines += [f"cp f{i}.sql backup/" for i in range(n)]  # no client reads them: every export checks
    lines += [f"psql -f f{n - 1}.sql $URL"]
    return "scripts/export.sh", "\n".join(lines) + "\n"


def _functions(n: int) -> tuple[str, str]:
    defs = "".join(f'f{i}() {{\n  npx drizzle-kit "$@" --t{i}\n}}\n' for i in range(n))
    calls = "".join(f"f{i} push\n" for i in range(n))
    return "scripts/fns.sh", defs + calls


def _unclosed_functions(n: int) -> tuple[str, str]:
    return "scripts/open.sh", "".join(
        f"f{i}() {{\n  echo x\n" for i in range(n)
    ) + "npx drizzle-kit push\n"


def _unknown_file(n: int) -> tuple[str, str]:
    # A file no reader knows: long lines of quoted strings naming drizzle-kit, runs of
    # comma-separated words, unclosed quotes and backticks (issue 37's closed world).
    line = ", ".join(f'"npx", "drizzle-kit", "push", "--l{i}"' for i in range(8))
    lines = "".join(
        f'command = "npx drizzle-kit migrate --c{i}"\n{line}\n"unclosed drizzle-kit `{i}\n'
        for i in range(n)
    )
    return "deploy/api.service", "[Service]\n" + lines


def _code_helpers(n: int) -> tuple[str, str]:
    # The file's own helpers, nested n deep, each called with a command: every API call is
    # credited to its innermost function once; every call is read once.
    opens = "".join(
        f"function h{i}(cmd{i}, args{i}) {{\n  spawn(cmd{i}, args{i});\n" for i in range(n)
    )
    calls = "".join(f'h{i}("npx", ["drizzle-kit", "push", "--h{i}"]);\n' for i in range(n))
    aliases = "".join(
        f"const run{i} = promisify(exec);\nrun{i}(`npx drizzle-kit up --a{i}`);\n" for i in range(n)
    )
    return (
        "scripts/db.ts",
        "import { spawn, exec } from 'child_process';\n" + opens + "}" * n + "\n" + calls + aliases,
    )


def _python(n: int) -> tuple[str, str]:
    calls = "".join(
        f'subprocess.run(["npx", "drizzle-kit", "push", "--p{i}"])\nos.system("{PUSH} --s{i}")\n'
        for i in range(n)
    )
    return "tools/migrate.py", "import os\nimport subprocess\n" + calls


def _export_pipelines(n: int) -> tuple[str, str]:
    # Long pipelines after an export, substitutions, and steps that write and apply files.
    stages = " | sed 's/a/b/'" * 20
    lines = "".join(
        f"npx drizzle-kit export{stages} | psql x{i}\npsql -f <(npx drizzle-kit export --x{i})\n"
        for i in range(n)
    )
    return "scripts/apply.sh", "#!/bin/sh\n" + lines


def _computed_subcommands(n: int) -> tuple[str, str]:
    inputs = "".join(
        f"      c{i}:\n        type: choice\n        options: [pull, push]\n" for i in range(n)
    )
    steps = "".join(f"      - run: npx drizzle-kit ${{{{ inputs.c{i} }}}}\n" for i in range(n))
    return (
        ".github/workflows/db.yml",
        "on:\n  workflow_dispatch:\n    inputs:\n"
        + inputs
        + "jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        + steps,
    )


def _heredocs(n: int) -> tuple[str, str]:
    docs = "".join(f"ssh h{i} <<'EOF{i}'\n{PUSH} --h{i}\nEOF{i}\n" for i in range(n))
    return "scripts/deploy.sh", "#!/bin/sh\n" + docs + "cat <<EOF\n" + "x\n" * n


def _one_line_build_info(n: int) -> tuple[str, str]:
    # A minified or build-info file on one line: many `./` paths and banned words (the runner
    # search once scanned forward from every `./`: 424 s on a real 490 KB tsbuildinfo).
    body = "".join(f'"./src/a{i}.ts","push migrate ./x{i} up",' for i in range(n))
    return "dist/build.info", '{"drizzle-kit":[' + body + '"x"], "run": "npx drizzle-kit push"}'


def _ts_nested_exec_templates(n: int) -> tuple[str, str]:
    # exec(`${exec(`${…}`)}`) n deep, closed: each template's text is read once for the file
    # (a scan per template was quadratic: 1,300 s estimated at 50,000, measured in issue 37).
    nested = "exec(`${" * n + "x" + "}`)" * n
    return (
        "scripts/x.ts",
        "import { exec } from 'child_process';\n" + nested + f"\nexec(`{PUSH}`)\n",
    )


CASES: dict[str, Callable[[int], tuple[str, str]]] = {
    "code: nested exec(`${ templates, closed": _ts_nested_exec_templates,
    "one-line file of paths and banned words": _one_line_build_info,
    "a file no reader knows (closed world)": _unknown_file,
    "code: nested helpers and aliases": _code_helpers,
    "Python subprocess calls": _python,
    "export pipelines and substitutions": _export_pipelines,
    "workflow inputs as subcommands": _computed_subcommands,
    "here-documents to ssh, one unclosed": _heredocs,
    "shell functions, each called": _functions,
    "shell functions, never closed": _unclosed_functions,
    "shell variables, a chain": _variable_chain,
    "export flows, one applied": _export_flows,
    "Windows batch file": _batch,
    "VS Code tasks": _vscode_tasks,
    "MCP servers": _mcp,
    "mise.toml (2,000 tasks)": _mise,
    "allow directives (one per command, many on a line)": _directives,
    "code: a command variable given n commands, run n times": _command_variable,
    "netlify.toml contexts": _netlify,
    "deno.jsonc unclosed /*": _jsonc_comments,
    "deno.jsonc unclosed quotes": _jsonc_quotes,
    "package.json scripts": _package_json,
    "package.json with unresolved merge conflicts": _conflicted_package_json,
    "workflow flow sequence": _flow_sequence,
    "gitlab alias bomb in script": _alias_bomb,
    "compose merge-key chain": _merge_chain,
    "TS unclosed $(": _ts_dollar_parens,
    "TS nested templates": _ts_templates,
    "shell through wrappers": _shell,
    "shell unclosed quotes": _shell_quotes,
    "PowerShell": _powershell,
    "Makefile": _makefile,
    "Dockerfile": _dockerfile,
    "Procfile": _procfile,
    "atlas.hcl": _atlas_hcl,
    "Taskfile": _taskfile,
    "Azure Pipelines": _azure,
    "justfile": _justfile,
    "Tiltfile": _tiltfile,
    "Nx project.json": _nx_project,
    "fly.toml": _fly,
    "lefthook nested groups": _lefthook,
    "Kubernetes multi-document jobs": _k8s,
    "Helm template read by lines": _helm_by_lines,
    "Helm actions on one line, unclosed": _helm_actions_on_one_line,
    "Helm unclosed flow list": _helm_unclosed_flow,
    "Jenkinsfile sh steps": _jenkinsfile,
    "Jenkinsfile unclosed strings": _jenkinsfile_unclosed,
    "execline blocks, unclosed": _execline,
    "supervisord programs": _supervisord,
    "pm2 ecosystem, unclosed": _pm2,
    "CircleCI run steps": _circleci,
    "CDK container commands, unclosed": _cdk,
}


def run(path: str, text: str) -> int:
    """Read `text` as the hook reads the file at `path`: the number of findings, -1 when it
    is refused (a ToolError: exit 2)."""
    from hooks.commands.carriers import carrier_for
    from hooks.commands.package_scripts import find_in_package_json
    from hooks.commands.script_files import find_in_script_file
    from hooks.report.run import paused_collector
    from hooks.report.violation import ToolError

    kind = "shell" if carrier_for(path) == "shebang" else carrier_for(path)
    assert kind is not None, path
    try:
        with paused_collector():  # as under every entry point
            if kind == "package_json":
                return len(find_in_package_json(path, text, CONFIG))
            return len(find_in_script_file(path, kind, text, CONFIG))
    except ToolError:
        return -1


def schema(n: int) -> str:
    """A pg_dump-shaped schema.sql of n tables (columns, keys, an index, a comment)."""
    return "".join(
        f"CREATE TABLE public.t{i} (\n    id bigint NOT NULL,\n    name text DEFAULT ''::text,\n"
        f"    ref bigint REFERENCES public.t{max(i - 1, 0)}(id),\n"
        f"    CONSTRAINT t{i}_pkey PRIMARY KEY (id),\n    CHECK (id > 0)\n);\n"
        f"CREATE INDEX t{i}_name ON public.t{i} (name);\n"
        f"COMMENT ON TABLE public.t{i} IS 'table {i}';\n"
        for i in range(n)
    )


def monorepo_callers(n: int) -> tuple[list[str], dict[str, str]]:
    """A workspace of n packages, each with a banned script that its own deploy script and
    the root's scripts call: every package asks the caller search, every file names it."""
    import json

    files = {
        "package.json": json.dumps(
            {"name": "root", "workspaces": ["packages/*"], "scripts": {"push": "pnpm -r db:push"}},
        ),
    }
    for i in range(n):
        scripts = {"db:push": "drizzle-kit push", "dev": f"pnpm db:push && node x{i}"}
        files[f"packages/p{i}/package.json"] = json.dumps({"name": f"p{i}", "scripts": scripts})
        files[f"packages/p{i}/deploy.sh"] = f"#!/bin/sh\npnpm --filter p{i} db:push\n"
    return sorted(files), files


def run_monorepo(files: list[str], texts: dict[str, str]) -> int:
    """The package.json check of every package, with one caller index, as a whole-tree run
    does: the number of callers named."""
    import posixpath

    from hooks.commands.callers import CallerIndex
    from hooks.commands.callers import Package
    from hooks.commands.package_scripts import find_in_package_json

    index = CallerIndex(files, texts.get)

    def more(path: str, name: str | None, scripts: set[str]) -> dict[str, list[str]]:
        return index.callers(Package(posixpath.dirname(path), name), scripts)

    named = 0
    for path in files:  # (the collector is left on: this row measures the index alone)
        if path.endswith("package.json"):
            for violation in find_in_package_json(path, texts[path], CONFIG, more_callers=more):
                named += violation.message.count("deploy.sh")
    return named


def run_sites(n: int) -> tuple[list[str], dict[str, str]]:
    """A module that loads the migrator, run by the end of a chain of n scripts (each calls
    the one before: the caller walk's hardest shape), a workflow of n steps calling the last,
    and imported by n code files (the import search)."""
    import json

    scripts = {"s0": "tsx src/db/migrate.ts"}
    scripts.update({f"s{i}": f"pnpm s{i - 1} && echo {i}" for i in range(1, n)})
    steps = "".join(f"      - run: pnpm s{n - 1} --step {i}\n" for i in range(n))
    files = {
        "package.json": json.dumps({"name": "app", "scripts": scripts}, indent=1),
        ".github/workflows/deploy.yml": "on: push\njobs:\n  d:\n    runs-on: x\n    steps:\n"
        + steps,
        "src/db/migrate.ts": 'import { migrate } from "drizzle-orm/pg/migrator";\n',
    }
    for i in range(n):
        files[f"src/routes/r{i}.ts"] = f'import "../db/migrate";\nexport const r{i} = {i};\n'
    return sorted(files), files


def run_run_sites(files: list[str], texts: dict[str, str]) -> int:
    """What runs the migrating module, as AF401 says it: the number of sites named."""
    from hooks.commands.run_sites import RunSites

    tail = RunSites(files, texts.get).of("src/db/migrate.ts")
    return tail.count(":") - tail.count("more")


# Issue 36's readers: a dependency range (hostile tokens and many comparators), and a
# change of many files judged as Drizzle's artefacts (each with a journal beside it).
RANGE_CASES: dict[str, Callable[[int], str]] = {
    "a token of dots": lambda n: "1." + "." * (50 * n) + "x",
    "many comparators": lambda n: ">=0.31 <1.0.0 " * (5 * n),
    "many alternatives": lambda n: " || ".join(["^0.31.4", "1.0.0-rc.5"] * n),
}


def artefact_change(n: int) -> tuple[list[str], dict[str, bytes]]:
    """n migration folders of each line's layout and n dumps beside journals."""
    files: dict[str, bytes] = {}
    for i in range(n):
        files[f"m{i}/20261206043046_x/migration.sql"] = b"SELECT 1;"
        files[f"m{i}/20261206043046_x/snapshot.json"] = b'{"dialect": "postgres", "prevIds": []}'
        files[f"j{i}/0001_x.sql"] = b"SELECT 1;"
        files[f"j{i}/dump.sql"] = b"SELECT 1;" * 50
        files[f"j{i}/meta/_journal.json"] = b'{"entries": [' + b'{"tag": "t"},' * 20 + b"{}]}"
    return sorted(files), files


def hazards_chain(n: int) -> tuple[str, str]:
    """n tables, each with a foreign key to the one before, whose keys all widen (every key
    validated again, both sides), with an index that changes, a unique constraint and a
    CHECK added, and a column set NOT NULL: every hazard rule at once, n times."""
    before, after = [], []
    for i in range(n):
        ref = f",\n  up int REFERENCES t{i - 1} (id)" if i else ""
        table = f"CREATE TABLE t{i} (\n  id int PRIMARY KEY,\n  a text,\n  b text{ref}\n);\n"
        before.append(table + f"CREATE INDEX t{i}_a ON t{i} (a);\n")
        after.append(
            table.replace("id int", "id bigint").replace("up int", "up bigint")
            .replace("a text,", "a text UNIQUE NOT NULL CHECK (a <> ''),")
            + f"CREATE INDEX t{i}_a ON t{i} (a, b);\n"
        )  # fmt: skip
    return "".join(before), "".join(after)


def atlas_policies(n: int) -> str:
    """n envs applying the source, each with its own diff policy, under a top-level one."""
    top = "diff {\n  concurrent_index {\n    create = true\n  }\n}\n"
    envs = "".join(
        f'env "e{i}" {{\n  src = "file://schema.sql"\n  dev = "docker://postgres/{i % 10 + 10}/dev"\n'
        f"  diff {{\n    skip {{\n      drop_table = true\n      drop_index = {str(i % 2 == 0).lower()}\n"
        "    }\n    concurrent_index {\n      drop = true\n    }\n  }\n}\n"
        for i in range(n)
    )
    return top + envs

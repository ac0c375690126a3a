"""Commands assembled from more than one place (issue 37, first step): another package's
script used as a prefix (`"drizzle": "drizzle-kit"` called as `pnpm drizzle push` in CI, a
Makefile, a shell script or the root package.json), and variables of the same text. Each
case through the real `check` on a fresh repository, staged and `--all-files`, the finding
naming each hop."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.cli import main as cli
from hooks.commands.analyzer import analyze

DB_PACKAGE = {
    "name": "@acme/db",
    "scripts": {
        "drizzle": "drizzle-kit",
        "kit": "dotenv -e .env -- drizzle-kit",
        "cfg": "drizzle-kit --config ./drizzle.config.ts",
        "types": "drizzle-kit pull",
    },
}
WORKFLOW = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {}\n"

CASES = [
    # (id, file, text, expected "line:col hop")
    ("workflow-filter", ".github/workflows/db.yml", WORKFLOW.format("pnpm --filter @acme/db drizzle push"),
     ['6:14 "drizzle-kit push" through packages/db/package.json script "drizzle"']),
    ("makefile-npm-run-dashes", "Makefile", "db:\n\tnpm run drizzle -- migrate\n",
     ['2:2 "drizzle-kit migrate" through packages/db/package.json script "drizzle"']),
    ("shell-dotenv-prefix", "scripts/m.sh", "#!/bin/sh\ncd packages/db && pnpm kit migrate\n",
     ['2:19 "drizzle-kit migrate" through packages/db/package.json script "kit"']),
    ("root-package-script", "package.json",
     json.dumps({"name": "root", "scripts": {"db:push": "pnpm --filter @acme/db cfg push"}}),
     ['1:30 "drizzle-kit --config ./drizzle.config.ts push" through packages/db/package.json script "cfg"']),
    ("yarn-workspace-binary-form", "scripts/y.sh", "#!/bin/sh\nyarn drizzle generate --name x\n",
     ['2:1 "drizzle-kit generate --name x" through packages/db/package.json script "drizzle"']),
    ("workflow-npm-workspace-dashdash", ".github/workflows/db.yml",
     WORKFLOW.format("npm run drizzle -w @acme/db -- migrate"),
     ['6:14 "drizzle-kit migrate" through packages/db/package.json script "drizzle"']),
    ("workflow-turbo-passthrough", ".github/workflows/db.yml",
     WORKFLOW.format("npx turbo run drizzle --filter=@acme/db -- push"),
     ['6:14 "drizzle-kit push" through packages/db/package.json script "drizzle"']),
    ("workflow-turbo-another-task", ".github/workflows/db.yml",
     WORKFLOW.format("npx turbo run build --filter=@acme/db -- push"), []),
    ("workflow-turbo-pull", ".github/workflows/db.yml",
     WORKFLOW.format("turbo drizzle --filter=@acme/db -- pull"), []),
    # the same shapes that run nothing banned
    ("workflow-pull", ".github/workflows/db.yml", WORKFLOW.format("pnpm --filter @acme/db drizzle pull"), []),
    ("makefile-studio", "Makefile", "db:\n\tnpm run drizzle -- studio\n", []),
    ("a-script-that-is-not-a-prefix", "scripts/t.sh", "#!/bin/sh\npnpm types push\n", []),
    ("an-unknown-name", "scripts/u.sh", "#!/bin/sh\npnpm deploy push\n", []),
    ("git-push", "scripts/g.sh", "#!/bin/sh\nnpm test && git push\n", []),
]  # fmt: skip


def _found(out: str, code: str = "AF301") -> list[str]:
    """`line:col "command" …` of each finding of `code` (AF303 says `shells out to run "…"`)."""
    rows = []
    for line in out.splitlines():
        if f": {code} " in line:
            where, _, rest = line.partition(f": {code} ")
            position = ":".join(where.split(":")[1:3])
            start = (
                rest.index('runs "') + len("runs ") if 'runs "' in rest else rest.index('run "') + 4
            )
            rows.append(f"{position} {rest[start:].split(' (atlas-first')[0]}")
    return rows


def _staged_and_whole(repo, capsys, base: dict[str, str], path: str, text: str, expected) -> None:
    """`base` committed, then the caller staged and checked, then committed and checked
    with `--all-files`: the same findings both ways."""
    for name, content in base.items():
        repo.write(name, content)
    repo.add()
    repo.commit("before")
    repo.stage(path, text)
    staged = cli(["check"])
    out = capsys.readouterr().out
    assert _found(out) == expected, out
    assert staged == (1 if expected else 0)
    repo.commit("the caller")
    assert cli(["check", "--all-files"]) == (1 if expected else 0)
    assert _found(capsys.readouterr().out) == expected


@pytest.mark.parametrize(
    ("path", "text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_another_packages_script_as_a_prefix(repo, capsys, path, text, expected) -> None:
    _staged_and_whole(
        repo, capsys, {"packages/db/package.json": json.dumps(DB_PACKAGE)}, path, text, expected
    )


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(WORDS, min_size=1, max_size=3, unique=True),
    banned=st.sampled_from(["push", "migrate", "generate", "up"]),
)
def test_a_banned_command_stays_found_through_a_chain_of_variables(names, banned) -> None:
    """`A="npx drizzle-kit"`, `B=$A`, `C=$B`, then `$C <banned>`: found; `$C pull`: clean."""
    names = [f"v_{n}" for n in names]
    pairs = itertools.pairwise(names)
    lines = [f'{names[0]}="npx drizzle-kit"'] + [f"{b}=${a}" for a, b in pairs]
    assert analyze("\n".join([*lines, f"${names[-1]} {banned}"])).runs
    assert not analyze("\n".join([*lines, f"${names[-1]} pull"])).runs


@settings(max_examples=60, deadline=None)
@given(
    name=WORDS,
    runner=st.sampled_from(["pnpm", "yarn", "bun run", "npm run"]),
    banned=st.sampled_from(["push", "migrate", "generate", "up", "mcp"]),
)
def test_a_banned_command_stays_found_through_another_packages_prefix(name, runner, banned) -> None:
    name = f"x-{name}"  # (a runner's own command, `pnpm un`, is never a script)
    table = {name: [("packages/db/package.json", "dotenv -- drizzle-kit")]}
    dashes = " --" if runner == "npm run" else ""
    assert analyze(f"{runner} {name}{dashes} {banned}", resolver=lambda n: table.get(n, [])).runs
    assert not analyze(f"{runner} {name}{dashes} pull", resolver=lambda n: table.get(n, [])).runs


WRAPPER = '#!/bin/sh\nset -e\ncd "$(dirname "$0")/.."\nnpx drizzle-kit "$@"\n'
SCRIPT_CASES = [
    ("workflow-dot-slash", ".github/workflows/db.yml", WORKFLOW.format("./scripts/drizzle.sh push"),
     ['6:14 "drizzle-kit push" through ./scripts/drizzle.sh']),
    ("workflow-sh-file", ".github/workflows/db.yml", WORKFLOW.format("sh ./scripts/drizzle.sh generate --name x"),
     ['6:14 "drizzle-kit generate --name x" through ./scripts/drizzle.sh']),
    ("makefile", "Makefile", "db:\n\t./scripts/drizzle.sh migrate\n",
     ['2:2 "drizzle-kit migrate" through ./scripts/drizzle.sh']),
    ("from-its-own-folder", "scripts/deploy.sh", "#!/bin/sh\nbash drizzle.sh up\n",
     ['2:1 "drizzle-kit up" through drizzle.sh']),
    ("pull-through-the-wrapper", ".github/workflows/db.yml", WORKFLOW.format("./scripts/drizzle.sh pull"), []),
    ("a-script-that-is-not-there", "Makefile", "db:\n\t./scripts/missing.sh push\n", []),
    ("git-push-in-a-script", "scripts/release.sh", "#!/bin/sh\n./scripts/build.sh && git push\n", []),
    ("a-sourced-file-sets-the-program", "scripts/db.sh",
     '#!/bin/bash\nsource "$(dirname "$0")/env.sh"\n$KIT migrate\n$KIT pull\n',
     ['3:1 "drizzle-kit migrate"']),
    ("package-json-script", "package.json",
     json.dumps({"name": "root", "scripts": {"db:push": "./scripts/drizzle.sh push"}}),
     ['1:30 "drizzle-kit push" through ./scripts/drizzle.sh']),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "expected"), [c[1:] for c in SCRIPT_CASES], ids=[c[0] for c in SCRIPT_CASES]
)
def test_a_wrapper_script_handed_a_banned_subcommand(repo, capsys, path, text, expected) -> None:
    """`./scripts/drizzle.sh push` where the script runs `npx drizzle-kit "$@"` (issue 37):
    reported at the call, through the script; a script that is not there is what it was (a
    program we do not know: `./scripts/missing.sh push` hands it no drizzle-kit)."""
    base = {
        "scripts/drizzle.sh": WRAPPER,
        "scripts/build.sh": "#!/bin/sh\nnpm run build\n",
        "scripts/env.sh": '#!/bin/bash\nexport KIT="pnpm exec drizzle-kit"\n',
    }
    _staged_and_whole(repo, capsys, base, path, text, expected)


ACROSS_CASES = [
    ("package-json-export-then-apply", "package.json",
     json.dumps({"name": "x", "scripts": {
         "db:export": "drizzle-kit export > schema.sql",
         "db:apply": "psql $DATABASE_URL -f schema.sql",
         "db:sync": "npm run db:export && npm run db:apply"}}),
     ['1:27 "drizzle-kit export > schema.sql; psql … schema.sql" (a later script applies it)']),
    ("package-json-export-kept", "package.json",
     json.dumps({"name": "x", "scripts": {"db:export": "drizzle-kit export > schema.sql",
                                          "lint": "sqlfluff lint schema.sql"}}),
     []),
    ("workflow-export-then-apply-in-a-later-step", ".github/workflows/db.yml",
     "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
     "      - run: npx drizzle-kit export > schema.sql\n"
     '      - run: psql "$DATABASE_URL" -f schema.sql\n',
     ['6:14 "drizzle-kit export > schema.sql; psql … schema.sql"']),
    ("workflow-ecs-one-off-task", ".github/workflows/db.yml",
     WORKFLOW.format("aws ecs run-task --cluster c --task-definition api --overrides "
                     "'{\"containerOverrides\":[{\"name\":\"api\",\"command\":[\"npx\",\"drizzle-kit\",\"migrate\"]}]}'"),
     ['6:14 "drizzle-kit migrate" through aws, a program atlas-first does not know (taken to run it)']),
    ("dockerfile-arg-holds-the-program", "Dockerfile",
     'FROM node:20\nARG KIT="npx drizzle-kit"\nRUN $KIT generate\nRUN $KIT check\n',
     ['3:5 "drizzle-kit generate"']),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "expected"), [c[1:] for c in ACROSS_CASES], ids=[c[0] for c in ACROSS_CASES]
)
def test_a_command_assembled_across_pieces_of_one_file(repo, capsys, path, text, expected) -> None:
    """`drizzle-kit export > schema.sql` in one script or step and `psql -f schema.sql` in
    another; a one-off task's command inside JSON; a Dockerfile `ARG` holding the program."""
    _staged_and_whole(repo, capsys, {}, path, text, expected)


HELPER_MODULES = {
    "scripts/lib/run.ts": 'import { execSync } from "node:child_process";\n'
    'export function run(cmd: string) {\n  execSync(cmd, { stdio: "inherit" });\n}\n'
    "export function log(msg: string) {\n  console.log(msg);\n}\n",
    "scripts/utils/sh.mjs": 'import { execSync } from "node:child_process";\n'
    'export default function sh(c) { return execSync(c, { stdio: "inherit" }); }\n',
    "scripts/utils.ts": "import { $ } from 'execa'\n"
    "export const exec = $({ env: { FORCE_COLOR: 'true' }, verbose: 'short' })\n",
}
IMPORTED_CASES = [
    ("named-import", "scripts/deploy.ts",
     'import { run } from "./lib/run";\nrun("npx drizzle-kit migrate");\n',
     ['2:5 "drizzle-kit migrate"']),
    ("default-import-with-extension", "scripts/release.mjs",
     'import sh from "./utils/sh.mjs";\nsh("npx drizzle-kit push --force");\n',
     ['2:4 "drizzle-kit push --force"']),
    ("bound-execa-tag", "scripts/setup.ts",
     "import { exec } from './utils.ts'\nawait exec`drizzle-kit generate`\n",
     ['2:11 "drizzle-kit generate"']),
    ("require-renamed", "scripts/m.cjs",
     'const { run: sh } = require("./lib/run");\nsh("pnpm drizzle-kit up");\n',
     ['2:4 "drizzle-kit up"']),
    ("a-helper-that-only-logs", "scripts/hint.ts",
     'import { log } from "./lib/run";\nlog("npx drizzle-kit push");\n', []),
    ("pull-through-the-helper", "scripts/types.ts",
     'import { run } from "./lib/run";\nrun("npx drizzle-kit pull");\n', []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [c[1:] for c in IMPORTED_CASES],
    ids=[c[0] for c in IMPORTED_CASES],
)
def test_code_that_shells_out_through_a_helper_of_another_module(
    repo, capsys, path, text, expected
) -> None:
    """A helper of the repository's own (`export function run(cmd) { execSync(cmd) }`, a
    default export, execa's `$` bound to options) imported and called with a command: the
    call is the run (issue 37; found on a real repository, retroassembly's setup script)."""
    for name, content in HELPER_MODULES.items():
        repo.write(name, content)
    repo.add()
    repo.commit("helpers")
    repo.stage(path, text)
    assert cli(["check"]) == (1 if expected else 0)
    assert _found(capsys.readouterr().out, "AF303") == expected
    repo.commit("the caller")
    assert cli(["check", "--all-files"]) == (1 if expected else 0)
    assert _found(capsys.readouterr().out, "AF303") == expected

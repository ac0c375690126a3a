"""The command analysis: a table of real-world script strings, each labelled run / not run."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.commands.analyzer import analyze
from hooks.commands.shell import POWERSHELL

RUN = True
NOT = False

# (script, runs a banned drizzle-kit subcommand?)
TABLE: list[tuple[str, bool]] = [
    # plain
    ("drizzle-kit push", RUN),
    ("drizzle-kit generate", RUN),
    ("drizzle-kit migrate", RUN),
    ("drizzle-kit up", RUN),
    ("drizzle-kit drop", RUN),
    ("drizzle-kit push --config drizzle.config.ts --force", RUN),
    ("drizzle-kit generate --name add_users", RUN),
    ("drizzle-kit --config=drizzle.config.ts push", RUN),
    ("DRIZZLE-KIT PUSH", RUN),
    # legacy dialect forms
    ("drizzle-kit push:pg", RUN),
    ("drizzle-kit push:mysql", RUN),
    ("drizzle-kit push:sqlite", RUN),
    ("drizzle-kit generate:pg", RUN),
    ("drizzle-kit generate:mysql", RUN),
    ("drizzle-kit generate:sqlite", RUN),
    ("drizzle-kit up:pg", RUN),
    ("drizzle-kit up:mysql", RUN),
    ("drizzle-kit drop:pg", RUN),
    # allowed subcommands
    ("drizzle-kit pull", NOT),
    ("drizzle-kit introspect", NOT),
    ("drizzle-kit introspect:pg", NOT),
    ("drizzle-kit introspect:mysql", NOT),
    ("drizzle-kit studio", NOT),
    ("drizzle-kit studio --port 4983", NOT),
    ("drizzle-kit check", NOT),
    ("drizzle-kit check:pg", NOT),
    ("drizzle-kit export", NOT),
    ("drizzle-kit --help", NOT),
    ("drizzle-kit --version", NOT),
    ("drizzle-kit push --help", NOT),
    ("drizzle-kit", NOT),
    ("drizzle-kit pull && echo push", NOT),
    ("drizzle-kit pull; echo generate", NOT),
    ("drizzle-kit pull --out src/schema push", NOT),
    # package runners
    ("npx drizzle-kit push", RUN),
    ("npx -y drizzle-kit push", RUN),
    ("npx --yes drizzle-kit generate", RUN),
    ("npx --package drizzle-kit drizzle-kit push", RUN),
    ("npx -p drizzle-kit@0.31.4 drizzle-kit push", RUN),
    ("npx --package=drizzle-kit -- drizzle-kit push", RUN),
    ("npx drizzle-kit@0.31.4 push", RUN),
    ("npx drizzle-kit@latest generate", RUN),
    ("npx -c 'drizzle-kit push'", RUN),
    ("npx drizzle-kit pull", NOT),
    ("npm exec drizzle-kit push", RUN),
    ("npm exec -- drizzle-kit push", RUN),
    ("npm exec --package=drizzle-kit -- drizzle-kit generate", RUN),
    ("npm x drizzle-kit push", RUN),
    ("npm exec -w packages/database -- drizzle-kit push", RUN),
    ("npm --prefix packages/database exec drizzle-kit push", RUN),
    ("npm exec drizzle-kit pull", NOT),
    ("pnpm drizzle-kit push", RUN),
    ("pnpm exec drizzle-kit push", RUN),
    ("pnpm dlx drizzle-kit push", RUN),
    ("pnpm dlx drizzle-kit@0.31.4 generate", RUN),
    ("pnpm --filter @acme/database exec drizzle-kit push", RUN),
    ("pnpm -C packages/database drizzle-kit generate", RUN),
    ("pnpm -F database exec drizzle-kit migrate", RUN),
    ("pnpm exec drizzle-kit pull", NOT),
    ("yarn drizzle-kit push", RUN),
    ("yarn dlx drizzle-kit push", RUN),
    ("yarn exec drizzle-kit generate", RUN),
    ("yarn run drizzle-kit push", RUN),
    ("yarn workspace @acme/database drizzle-kit push", RUN),
    ("yarn --cwd packages/database drizzle-kit push", RUN),
    ("yarn drizzle-kit pull", NOT),
    ("bunx drizzle-kit push", RUN),
    ("bunx --bun drizzle-kit generate", RUN),
    ("bun x drizzle-kit push", RUN),
    ("bun --bun drizzle-kit push", RUN),
    ("bun --bun x drizzle-kit migrate", RUN),
    ("bun run drizzle-kit push", RUN),
    ("bunx drizzle-kit studio", NOT),
    # paths and quoted names
    ("./node_modules/.bin/drizzle-kit push", RUN),
    ("node_modules/.bin/drizzle-kit push", RUN),
    ("node_modules\\.bin\\drizzle-kit push", RUN),
    ("node_modules\\.bin\\drizzle-kit.cmd generate", RUN),
    ("..\\..\\node_modules\\.bin\\drizzle-kit.CMD push", RUN),
    ("node node_modules/drizzle-kit/bin.cjs push", RUN),
    ("node ./node_modules/drizzle-kit/bin.cjs generate", RUN),
    ("node --require dotenv/config node_modules/drizzle-kit/bin.cjs push", RUN),
    ("node_modules/drizzle-kit/bin.cjs push", RUN),
    ("bun node_modules/drizzle-kit/bin.cjs push", RUN),
    ('"drizzle-kit" push', RUN),
    ("'drizzle-kit' generate", RUN),
    ('"./node_modules/.bin/drizzle-kit" push', RUN),
    ("dr\\izzle-kit push", RUN),
    # env prefixes and loaders
    ("DATABASE_URL=postgres://localhost/db drizzle-kit push", RUN),
    ("NODE_ENV=test DEBUG=1 npx drizzle-kit push", RUN),
    ("env DATABASE_URL=x drizzle-kit push", RUN),
    ("env -u PGHOST drizzle-kit push", RUN),
    ("env -S 'drizzle-kit push'", RUN),
    ("cross-env NODE_ENV=production drizzle-kit push", RUN),
    ("cross-env DOTENV_CONFIG_PATH=.env.local npx drizzle-kit generate", RUN),
    ('cross-env-shell "drizzle-kit push"', RUN),
    ('cross-env-shell "NODE_ENV=test drizzle-kit push && echo done"', RUN),
    ("dotenv -- drizzle-kit push", RUN),
    ("dotenv -e .env.local -- drizzle-kit push", RUN),
    ("dotenv -e .env -e .env.local -- npx drizzle-kit generate", RUN),
    ("dotenv -c development -- drizzle-kit push", RUN),
    ("dotenv -e ../../.env drizzle-kit push", RUN),
    ("dotenv -p DATABASE_URL", NOT),
    ("dotenvx run -- drizzle-kit push", RUN),
    ("dotenvx run -f .env.production -- drizzle-kit migrate", RUN),
    ("infisical run -- drizzle-kit push", RUN),
    ("infisical run --env=prod -- npx drizzle-kit push", RUN),
    ("infisical run --command 'drizzle-kit push'", RUN),
    ("doppler run -- drizzle-kit push", RUN),
    ("op run --env-file .env -- drizzle-kit push", RUN),
    ("dotenvx run -- drizzle-kit pull", NOT),
    # chains, pipes, subshells, background
    ("pnpm build && drizzle-kit push", RUN),
    ("drizzle-kit generate && drizzle-kit migrate", RUN),
    ("tsc || drizzle-kit push", RUN),
    ("echo start; drizzle-kit push; echo end", RUN),
    ("drizzle-kit push | tee push.log", RUN),
    ("(cd packages/database && drizzle-kit push)", RUN),
    ("drizzle-kit studio & drizzle-kit push", RUN),
    ("drizzle-kit push 2>&1 > push.log", RUN),
    ("drizzle-kit push \\\n  --force", RUN),
    ("echo $(drizzle-kit push)", RUN),
    ("echo `drizzle-kit generate`", RUN),
    ("if true; then drizzle-kit push; fi", RUN),
    ("! drizzle-kit push", RUN),
    ("time drizzle-kit push", RUN),
    ("exec drizzle-kit push", RUN),
    ("nohup drizzle-kit push &", RUN),
    ("timeout 60 drizzle-kit push", RUN),
    ("xargs drizzle-kit push", RUN),
    # nested command strings
    ('sh -c "drizzle-kit push"', RUN),
    ("bash -c 'drizzle-kit generate'", RUN),
    ("bash -lc 'cd db && npx drizzle-kit push'", RUN),
    ('bash -ec "dotenv -- drizzle-kit push"', RUN),
    ("sh -c \"sh -c 'drizzle-kit push'\"", RUN),
    ('concurrently "drizzle-kit push" "next dev"', RUN),
    ("concurrently -n db,web -c blue,green 'drizzle-kit studio' 'drizzle-kit push'", RUN),
    ('concurrently "drizzle-kit studio" "next dev"', NOT),
    ('cmd /c "drizzle-kit push"', RUN),
    ("pwsh -Command 'npx drizzle-kit push'", RUN),
    ('pwsh -NoProfile -c "& npx drizzle-kit generate"', RUN),
    ("pwsh -File scripts/sync-schema.ps1", NOT),
    ('nodemon --exec "drizzle-kit push"', RUN),
    ("bash scripts/sync-schema.sh", NOT),
    ('sh -c "echo drizzle-kit push"', NOT),
    # arguments of other programs
    ('echo "drizzle-kit push"', NOT),
    ("echo drizzle-kit push", NOT),
    ('grep -r "drizzle-kit push" .', NOT),
    ("grep -r drizzle-kit push .", NOT),
    ('git commit -m "run drizzle-kit generate"', NOT),
    ("git commit -m 'chore: drizzle-kit push'", NOT),
    ("node -e \"require('child_process').execSync('drizzle-kit push')\"", NOT),
    ("node --eval 'drizzle-kit push'", NOT),
    ("node scripts/migrate.js push", NOT),
    ("printf '%s\\n' drizzle-kit push", NOT),
    ("cat <<EOF\ndrizzle-kit push\nEOF", NOT),
    ("# drizzle-kit push", NOT),
    ("echo ok # drizzle-kit push", NOT),
    ("command -v drizzle-kit", NOT),
    ("which drizzle-kit", NOT),
    ("atlas schema apply --env local && drizzle-kit pull", NOT),
    # installs
    ("npm install -D drizzle-kit", NOT),
    ("npm i drizzle-kit@latest", NOT),
    ("pnpm add drizzle-kit@latest", NOT),
    ("pnpm add -D drizzle-kit", NOT),
    ("pnpm remove drizzle-kit", NOT),
    ("pnpm update drizzle-kit", NOT),
    ("yarn add -D drizzle-kit", NOT),
    ("yarn upgrade drizzle-kit", NOT),
    ("bun add -d drizzle-kit", NOT),
    ("npm uninstall drizzle-kit", NOT),
    # look-alike names
    ("my-drizzle-kit push", NOT),
    ("drizzle-kit-helper generate", NOT),
    ("drizzle-kitchen push", NOT),
    ("npx drizzle-kit-helper push", NOT),
    ("node node_modules/drizzle-kit-helper/bin.cjs push", NOT),
    ("drizzle push", NOT),
    ("drizzle-orm push", NOT),
]


@pytest.mark.parametrize(("script", "runs"), TABLE, ids=[s for s, _ in TABLE])
def test_table(script: str, runs: bool) -> None:
    assert bool(analyze(script).runs) is runs


def test_table_is_large_and_balanced() -> None:
    assert len(TABLE) >= 100
    assert sum(runs for _, runs in TABLE) >= 50
    assert sum(not runs for _, runs in TABLE) >= 50


def test_reported_command_and_subcommand() -> None:
    (run,) = analyze("cross-env A=1 npx drizzle-kit@0.31.4 push:pg --force").runs
    assert run.command == "drizzle-kit push:pg --force"
    assert run.subcommand == "push:pg"


def test_offsets_point_at_the_command() -> None:
    text = "echo a && drizzle-kit push"
    (run,) = analyze(text).runs
    assert text[run.offset :].startswith("drizzle-kit")


def test_every_command_of_a_chain_is_reported() -> None:
    assert len(analyze("drizzle-kit generate && drizzle-kit migrate").runs) == 2


def test_banned_subcommands_are_configurable() -> None:
    assert analyze("drizzle-kit studio", banned=["studio"]).runs
    assert not analyze("drizzle-kit push", banned=["generate"]).runs


# --- scripts of the same package.json -------------------------------------------------------


SCRIPTS = {
    "with-env": "dotenv -e ../../.env --",
    "db": "drizzle-kit",
    "db:push": "drizzle-kit push",
    "db:pull": "drizzle-kit pull",
    "build": "tsc",
}


@pytest.mark.parametrize(
    ("script", "runs", "refs"),
    [
        ("pnpm with-env drizzle-kit push", RUN, ["with-env"]),
        ("pnpm run with-env drizzle-kit generate", RUN, ["with-env"]),
        ("npm run with-env -- drizzle-kit push", RUN, ["with-env"]),
        ("yarn with-env drizzle-kit push", RUN, ["with-env"]),
        ("bun run with-env drizzle-kit push", RUN, ["with-env"]),
        ("pnpm with-env drizzle-kit pull", NOT, ["with-env"]),
        ("pnpm db push", RUN, ["db"]),
        ("pnpm db pull", NOT, ["db"]),
        ("pnpm run db:push", NOT, ["db:push"]),
        ("npm run db:push", NOT, ["db:push"]),
        ("yarn db:push", NOT, ["db:push"]),
        ("pnpm db:push", NOT, ["db:push"]),
        ("pnpm db:push --force", NOT, ["db:push"]),
        ("bun run db:push", NOT, ["db:push"]),
        ("pnpm build && pnpm db:push", NOT, ["build", "db:push"]),
        ("npm-run-all build db:push", NOT, ["build", "db:push"]),
        ("run-s db:*", NOT, ["db:push", "db:pull"]),
        ('concurrently "npm:db:push" "npm:build"', NOT, ["db:push", "build"]),
        ("npm test", NOT, []),
    ],
)
def test_scripts_of_the_same_package(script, runs, refs) -> None:
    result = analyze(script, scripts=SCRIPTS)
    assert bool(result.runs) is runs
    assert [r for r in result.refs if r in SCRIPTS] == refs


def test_self_referencing_scripts_terminate() -> None:
    scripts = {"a": "pnpm b x", "b": "pnpm a y"}
    assert analyze("pnpm a drizzle-kit push", scripts=scripts).runs == []


def test_without_a_scripts_map_a_name_is_a_binary() -> None:
    assert analyze("pnpm drizzle-kit push").runs
    assert not analyze("pnpm db:push").runs


# --- PowerShell ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "runs"),
    [
        ("npx drizzle-kit push", RUN),
        ("& npx drizzle-kit push", RUN),
        ('& "node_modules\\.bin\\drizzle-kit.cmd" push', RUN),
        ("npx drizzle-kit `\n  generate", RUN),
        ("$env:DATABASE_URL = 'x'; npx drizzle-kit push", RUN),
        ("if ($LASTEXITCODE -eq 0) { npx drizzle-kit push }", RUN),
        ("Write-Host 'drizzle-kit push'", NOT),
        ("# npx drizzle-kit push", NOT),
        ("<# npx drizzle-kit push\n #>\nnpx drizzle-kit pull", NOT),
        ("atlas schema apply --env local --auto-approve; npx drizzle-kit pull", NOT),
        ("Invoke-Expression 'npx drizzle-kit push'", RUN),
    ],
)
def test_powershell(script, runs) -> None:
    assert bool(analyze(script, dialect=POWERSHELL).runs) is runs


# --- properties ----------------------------------------------------------------------------

BANNED_COMMANDS = st.sampled_from(
    ["drizzle-kit push", "drizzle-kit generate", "drizzle-kit migrate --config x.ts",
     "drizzle-kit up:pg", "drizzle-kit drop", "drizzle-kit push:mysql --strict"],
)  # fmt: skip


def _wrap(kind: str, command: str) -> str:
    quoted = "'" + command.replace("'", "'\\''") + "'"
    return {
        "npx": f"npx {command}",
        "npx-y": f"npx -y {command}",
        "npm-exec": f"npm exec -- {command}",
        "pnpm-exec": f"pnpm exec {command}",
        "pnpm-dlx": f"pnpm dlx {command}",
        "yarn-dlx": f"yarn dlx {command}",
        "bunx": f"bunx {command}",
        "bun-x": f"bun x {command}",
        "env-var": f"DATABASE_URL=postgres://x {command}",
        "env": f"env A=1 {command}",
        "cross-env": f"cross-env NODE_ENV=test {command}",
        "dotenv": f"dotenv -e .env -- {command}",
        "dotenvx": f"dotenvx run -f .env -- {command}",
        "infisical": f"infisical run -- {command}",
        "and-chain": f"pnpm build && {command}",
        "or-chain": f"tsc || {command}",
        "semicolon": f"echo hi; {command}",
        "pipe": f"{command} | tee log",
        "subshell": f"( {command} )",
        "sh-c": f"sh -c {quoted}",
        "bash-c": f"bash -c {quoted}",
        "concurrently": f"concurrently 'next dev' {quoted}",
        "cross-env-shell": f"cross-env-shell {quoted}",
    }[kind]


WRAPPERS = st.sampled_from(
    ["npx", "npx-y", "npm-exec", "pnpm-exec", "pnpm-dlx", "yarn-dlx", "bunx", "bun-x",
     "env-var", "env", "cross-env", "dotenv", "dotenvx", "infisical", "and-chain", "or-chain",
     "semicolon", "pipe", "subshell", "sh-c", "bash-c", "concurrently", "cross-env-shell"],
)  # fmt: skip


@settings(max_examples=300)
@given(command=BANNED_COMMANDS, wrappers=st.lists(WRAPPERS, max_size=4))
def test_any_banned_command_in_any_wrapping_stays_detected(command, wrappers) -> None:
    text = command
    for kind in wrappers:
        if kind in ("npx", "npx-y", "npm-exec", "pnpm-exec", "pnpm-dlx", "yarn-dlx", "bunx",
                    "bun-x") and not text.startswith("drizzle-kit"):  # fmt: skip
            continue  # a runner runs a program, not a shell line
        text = _wrap(kind, text)
    assert analyze(text).runs, text


@settings(max_examples=300)
@given(wrappers=st.lists(WRAPPERS, max_size=4))
def test_allowed_command_in_any_wrapping_stays_allowed(wrappers) -> None:
    text = "drizzle-kit pull"
    for kind in wrappers:
        text = _wrap(kind, text)
    assert not analyze(text).runs, text


@settings(max_examples=500)
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_raises(text) -> None:
    analyze(text)
    analyze(text, dialect=POWERSHELL)
    analyze(text, scripts={"a": text, "b": "pnpm a " + text})


@settings(max_examples=300)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("drizle-kt push&|;()'\"\\`$ \n#<>{}=")),
        max_size=80,
    ),
)
def test_shell_punctuation_soup_never_raises(text) -> None:
    analyze(text)
    analyze(text, dialect=POWERSHELL)


# Less common spellings, each a path through one wrapper's option handling.
MORE: list[tuple[str, bool]] = [
    ("npm start", NOT),
    ("npm", NOT),
    ("npm --prefix x", NOT),
    ("pnpm", NOT),
    ("pnpm -C db", NOT),
    ("pnpm test", NOT),
    ("pnpm exec -c 'drizzle-kit push'", RUN),
    ("pnpm dlx --shell-mode drizzle-kit generate", RUN),
    ("yarn", NOT),
    ("yarn node node_modules/drizzle-kit/bin.cjs push", RUN),
    ("yarn run", NOT),
    ("yarn workspaces foreach run db:push", NOT),
    ("bun", NOT),
    ("bun run", NOT),
    ("bun install", NOT),
    ("deno run node_modules/drizzle-kit/bin.cjs push", RUN),
    ("env --split-string='drizzle-kit push'", RUN),
    ("env -- drizzle-kit push", RUN),
    ("dotenvx run --command=drizzle-kit", NOT),
    ("infisical run --command='drizzle-kit push'", RUN),
    ("infisical run --env prod drizzle-kit push", RUN),
    ("dotenvx", NOT),
    ("sh -x -c 'drizzle-kit push'", RUN),
    ("sh -o errexit -c 'drizzle-kit push'", RUN),
    ("sh -e", NOT),
    ("bash -c", NOT),
    ("pwsh -ExecutionPolicy Bypass -Command 'npx drizzle-kit push'", RUN),
    ("powershell 'npx drizzle-kit push'", RUN),
    ("pwsh -NoProfile", NOT),
    ("cmd /k drizzle-kit push", RUN),
    ("cmd", NOT),
    ("npm-run-all --npm-path npm -p a b", NOT),
    ("command drizzle-kit push", RUN),
    ("nice -n 5 drizzle-kit push", RUN),
    ("sudo -u app drizzle-kit push", RUN),
    ("watchexec -x 'drizzle-kit push'", RUN),
    ("npm exec --call='drizzle-kit push'", RUN),
    ("npx -c", NOT),
    ("for f in a b; do drizzle-kit push; done", RUN),
    ("case x in a) drizzle-kit push;; esac", RUN),
]


@pytest.mark.parametrize(("script", "runs"), MORE, ids=[s for s, _ in MORE])
def test_more_spellings(script: str, runs: bool) -> None:
    assert bool(analyze(script).runs) is runs


def test_npm_script_aliases_and_refs() -> None:
    result = analyze("npm t -- --watch", scripts={"test": "vitest"})
    assert result.refs == ["test"]
    assert analyze("pnpm t", scripts={"test": "x"}).refs == ["test"]


def test_run_repr_and_requoting() -> None:
    (run,) = analyze("drizzle-kit push --name 'a b'").runs
    assert run.command == "drizzle-kit push --name 'a b'"
    assert repr(run) == f"Run({run.command!r})"


# --- issue 37: a command assembled from a variable of the same text ---------------------------
ASSEMBLED: list[tuple[str, bool]] = [
    ('KIT="npx drizzle-kit"\n$KIT push', RUN),
    ("KIT='pnpm exec drizzle-kit'\n${KIT} migrate --force", RUN),
    ('export KIT="dotenv -e .env -- drizzle-kit"; $KIT generate', RUN),
    ('local kit="bunx drizzle-kit"\n"$kit" up', RUN),
    ('A="npx drizzle-kit"\nB=$A\n$B push', RUN),
    ('CMD="drizzle-kit push"\n$CMD', RUN),
    ("npx drizzle-kit --config db.ts migrate", RUN),
    ("drizzle-kit --out ./drizzle --dialect postgresql generate", RUN),
    # the same spellings that run nothing
    ('KIT="npx drizzle-kit"\n$KIT pull', NOT),
    ('KIT="npx drizzle-kit"\necho $KIT push', NOT),
    ('KIT="npx drizzle-kit" $KIT push', NOT),  # a prefix assignment is not seen by the expansion
    ('KIT="npx drizzle-kit"\n$OTHER push', NOT),
    ("drizzle-kit --config db.ts pull", NOT),
    ('PUSH="drizzle-kit push"\necho "$PUSH is banned"', NOT),
]


@pytest.mark.parametrize(("script", "runs"), ASSEMBLED, ids=[s for s, _ in ASSEMBLED])
def test_a_command_assembled_from_a_variable(script: str, runs: bool) -> None:
    assert bool(analyze(script).runs) is runs


@pytest.mark.parametrize(
    ("script", "runs"),
    [
        ('$kit = "npx drizzle-kit"\n& $kit migrate', RUN),
        ('$env:KIT = "npx drizzle-kit"\n$env:KIT push', RUN),
        ('$kit = "npx drizzle-kit"\n& $kit pull', NOT),
        ('$kit = "npx drizzle-kit"\nWrite-Host "$kit push"', NOT),
    ],
)
def test_a_powershell_command_assembled_from_a_variable(script: str, runs: bool) -> None:
    assert bool(analyze(script, dialect=POWERSHELL).runs) is runs


# --- issue 37: `drizzle-kit export` whose SQL reaches a database ------------------------------
EXPORTS: list[tuple[str, str | None]] = [
    ('npx drizzle-kit export | psql "$DATABASE_URL"', "drizzle-kit export | psql"),
    ("drizzle-kit export 2>&1 | psql x", "drizzle-kit export | psql"),
    ("pnpm drizzle-kit export --sql | npx wrangler d1 execute db --remote", "wrangler d1 execute"),
    (
        "drizzle-kit export --sql > x.sql && psql -f x.sql $URL",
        "drizzle-kit export --sql > x.sql; psql … x.sql",
    ),
    (
        "drizzle-kit export > s.sql\nsqlite3 dev.db < s.sql",
        "drizzle-kit export > s.sql; sqlite3 … s.sql",
    ),
    (
        "drizzle-kit export>schema.sql; npx wrangler d1 execute db --file schema.sql",
        "wrangler d1 execute … schema.sql",
    ),
    (
        "drizzle-kit export > out/schema.sql\nmysql -u root app < out/schema.sql",
        "mysql … out/schema.sql",
    ),
    # export alone, or to a file nobody applies, is fine
    ("drizzle-kit export > dump.sql", None),
    ("drizzle-kit export | tee out.sql", None),
    ("drizzle-kit export > s.sql\ngit add s.sql", None),
    ('drizzle-kit export || psql -c "select 1"', None),
    ("drizzle-kit export > a.sql\npsql -f b.sql", None),
    ("echo drizzle-kit export | psql", None),
    # through more stages of the pipeline, a program that runs the client elsewhere, or a
    # substitution (real shapes: a test-db script, CI seeding, d1 one-offs)
    ('npx drizzle-kit export 2>/dev/null | docker exec -i "$C" psql -U postgres -q', "| psql"),
    ('npx drizzle-kit export | tee schema.sql | psql "$URL"', "| psql"),
    ("npx drizzle-kit export | sed 's/a/b/' | psql \"$URL\"", "| psql"),
    ("npx drizzle-kit export | kubectl exec -i deploy/pg -- psql -U app app", "| psql"),
    ('npx drizzle-kit export | ssh db "mysql app"', None),  # (a remote shell's text: not read)
    ('psql "$DATABASE_URL" -f <(npx drizzle-kit export)', "psql … <(drizzle-kit export)"),
    (
        'npx wrangler d1 execute DB --remote --command "$(npx drizzle-kit export --sql)"',
        "wrangler d1 execute … $(drizzle-kit export)",
    ),
    ("npx drizzle-kit export | grep CREATE | wc -l", None),
    ("diff <(npx drizzle-kit export) schema.sql", None),
    ('echo "$(npx drizzle-kit export)" > out.sql', None),
]


@pytest.mark.parametrize(("script", "flow"), EXPORTS, ids=[s for s, _ in EXPORTS])
def test_export_applied_to_a_database(script: str, flow: str | None) -> None:
    runs = analyze(script).runs
    if flow is None:
        assert runs == []
    else:
        (run,) = runs
        assert run.subcommand == "export"
        assert flow in run.command


# --- issue 37: a shell function of the same text is judged by its body -------------------------
LOG = 'log() {\n  echo "[deploy] $*" >&2\n}\n'
KIT = 'function kit {\n  npx drizzle-kit "$@"\n}\n'
FUNCTIONS: list[tuple[str, list[str]]] = [
    # the fail-closed rule's false alarms: functions that only print or write their arguments
    (LOG + 'log "drizzle-kit push is disabled; use atlas"\n', []),
    (
        'deny_case() { printf \'%s\\n\' "$2" >> cases.txt; }\ndeny_case dbpush "npx drizzle-kit push"\n',
        [],
    ),
    (
        'assert_blocked() {\n  echo "$1: $2" > expected.txt\n}\nassert_blocked check.sh "npx drizzle-kit push --force"\n',
        [],
    ),
    # functions that run what they are given, or drizzle-kit itself
    (KIT + "kit push\n", ["drizzle-kit push via function kit"]),
    (KIT + "kit pull\nkit studio\n", []),
    ('run() { "$@"; }\nrun npx drizzle-kit generate\n', ["drizzle-kit generate via function run"]),
    (
        'migrate_db() {\n  npx drizzle-kit migrate --config "$1"\n}\nmigrate_db db.ts\n',
        ["drizzle-kit migrate --config"],
    ),
    (
        'db() { npx drizzle-kit "$1" --config db.ts; }\ndb push\n',
        ["drizzle-kit push --config db.ts via function db"],
    ),
    # a function never defined here is still a program nobody knows (fail closed)
    ('notify "npx drizzle-kit push"\n', ["drizzle-kit push"]),
]


@pytest.mark.parametrize(
    ("script", "expected"), FUNCTIONS, ids=[f"functions-{i}" for i in range(len(FUNCTIONS))]
)
def test_a_function_of_the_same_text_is_judged_by_its_body(
    script: str, expected: list[str]
) -> None:
    runs = analyze(script).runs
    shown = [r.command + (f" via {' '.join(r.hops)}" if r.hops else "") for r in runs]
    assert len(shown) == len(expected), shown
    for got, want in zip(shown, expected, strict=True):
        assert got.startswith(want), shown

"""Migrations run inside containers, on remote hosts and through wrappers (issue 20): every
program of the wrapper table is read the way it reads its own command line, and a program we
do not know that is handed `drizzle-kit <banned>` is taken to run it (fail closed)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hooks.cli import main as cli_main
from hooks.commands.analyzer import analyze
from hooks.commands.unwrap import NON_RUNNERS
from hooks.commands.wrappers import WRAPPERS


def runs(text: str, **kwargs) -> list[str]:
    """What each run runs: drizzle-kit and its subcommand (the rest of its words left out)."""
    return [" ".join(r.command.split()[:2]) for r in analyze(text, **kwargs).runs]


# (command, what it runs; None: nothing) — one positive and one negative per row at least.
WRAPPED = [
    # containers
    ("docker compose exec -T api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("docker compose exec api npx drizzle-kit pull", None),
    (
        "docker compose -f docker-compose.prod.yml run --rm app sh -c 'npx drizzle-kit migrate'",
        "drizzle-kit migrate",
    ),
    (
        "docker compose --project-name x --profile db run -e A=1 -w /app --no-deps app npx drizzle-kit push",
        "drizzle-kit push",
    ),
    ("docker compose run --entrypoint 'npx drizzle-kit migrate' app", "drizzle-kit migrate"),
    ("docker compose up -d", None),
    ("docker compose logs -f api", None),
    ("docker-compose exec api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("docker-compose run --rm migrate", None),
    ("podman-compose exec api pnpm drizzle-kit push", "drizzle-kit push"),
    ("docker exec api sh -c 'cd /app && npx drizzle-kit push'", "drizzle-kit push"),
    (
        "docker exec -it -e NODE_ENV=production -u node api npx drizzle-kit migrate",
        "drizzle-kit migrate",
    ),
    ("docker exec api npx drizzle-kit studio", None),
    (
        "docker run --rm --env-file .env my/app:latest npx drizzle-kit migrate",
        "drizzle-kit migrate",
    ),
    (
        "docker run --rm -v $PWD:/app -w /app --network host node:20 npx drizzle-kit push",
        "drizzle-kit push",
    ),
    ("docker run --rm node:20 npx drizzle-kit pull", None),
    ("docker --context prod container exec api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("podman run --rm app npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("nerdctl exec api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("docker build --tag app .", None),
    # clusters
    ("kubectl exec -n prod deploy/api -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("kubectl -n prod exec -it deploy/api -c app -- npx drizzle-kit push", "drizzle-kit push"),
    ("kubectl exec pod/api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("kubectl exec deploy/api -- npx drizzle-kit pull", None),
    (
        "kubectl run migrate --rm -i --image=app:1 --restart=Never -- npx drizzle-kit migrate",
        "drizzle-kit migrate",
    ),
    ("kubectl run migrate --image app:1", None),
    ("kubectl debug api -it --image=app -- npx drizzle-kit push", "drizzle-kit push"),
    ("kubectl logs deploy/api", None),
    ("oc exec deploy/api -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    # remote shells
    ('ssh "$HOST" "cd $DIR && npx drizzle-kit migrate"', "drizzle-kit migrate"),
    (
        "ssh -i ~/.ssh/id -p 2222 -o StrictHostKeyChecking=no deploy@host 'npx drizzle-kit push'",
        "drizzle-kit push",
    ),
    ("ssh -tt host npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("ssh host 'echo npx drizzle-kit migrate'", None),
    ("ssh host 'npx drizzle-kit pull'", None),
    # platform CLIs
    ("railway run npx drizzle-kit push", "drizzle-kit push"),
    ("railway run -s api npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("railway up", None),
    ("heroku run npx drizzle-kit migrate -a my-app", "drizzle-kit migrate"),
    ("heroku run:detached -a my-app npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("heroku logs -a my-app", None),
    ('fly ssh console -C "npx drizzle-kit migrate"', "drizzle-kit migrate"),
    ("flyctl ssh console -a app --command 'npx drizzle-kit push'", "drizzle-kit push"),
    ("fly ssh console --command='npx drizzle-kit migrate'", "drizzle-kit migrate"),
    ("fly ssh console", None),
    ('kamal app exec --reuse "bunx drizzle-kit migrate"', "drizzle-kit migrate"),
    ("kamal app exec -i -d production 'npx drizzle-kit push'", "drizzle-kit push"),
    ("kamal app logs", None),
    ("sst shell -- drizzle-kit push", "drizzle-kit push"),
    ("sst shell --stage prod npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("sst deploy --stage prod", None),
    (
        "az containerapp exec -n api -g rg --command 'npx drizzle-kit migrate'",
        "drizzle-kit migrate",
    ),
    ("az containerapp logs show -n api -g rg", None),
    ("netlify dev --command 'npx drizzle-kit push'", "drizzle-kit push"),
    # secret and environment loaders
    ("aws-vault exec prod -- pnpm drizzle-kit migrate", "drizzle-kit migrate"),
    ("aws-vault exec prod --duration 1h -- npx drizzle-kit push", "drizzle-kit push"),
    ("aws-vault exec prod -- aws s3 ls", None),
    ("op run --env-file .env -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("sops exec-env secrets.env 'npx drizzle-kit migrate'", "drizzle-kit migrate"),
    ("sops exec-env secrets.env 'npx drizzle-kit pull'", None),
    ("env-cmd -f .env.prod npx drizzle-kit push", "drizzle-kit push"),
    ("chamber exec api prod -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("summon -p keyring npx drizzle-kit migrate", "drizzle-kit migrate"),
    # toolchain runners
    ("mise exec node@20 -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("mise x -- pnpm drizzle-kit push", "drizzle-kit push"),
    ("mise run db:migrate", None),
    ("asdf exec npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("nix develop -c npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("nix develop .#ci --command bash -c 'npx drizzle-kit push'", "drizzle-kit push"),
    ("nix-shell --run 'npx drizzle-kit migrate'", "drizzle-kit migrate"),
    ("nix-shell -p nodejs --run 'npx drizzle-kit pull'", None),
    ("devbox run npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("corepack pnpm drizzle-kit push", "drizzle-kit push"),
    ("corepack enable", None),
    ("volta run --node 20 npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("fnm exec --using 20 -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("deno run -A npm:drizzle-kit migrate", "drizzle-kit migrate"),
    ("deno run -A npm:drizzle-kit@0.31 pull", None),
    ("nx exec -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("lerna exec --scope @acme/db -- npx drizzle-kit push", "drizzle-kit push"),
    # process wrappers
    ("timeout 120 npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("nice -n 10 nohup npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("sudo -u deploy npx drizzle-kit push", "drizzle-kit push"),
    ("doas -u app npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("su -c 'npx drizzle-kit migrate' deploy", "drizzle-kit migrate"),
    ("su deploy -c 'npx drizzle-kit push'", "drizzle-kit push"),
    ("su-exec node npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("gosu node npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("tini -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("dumb-init npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("flock /tmp/migrate.lock npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("flock -w 60 /tmp/lock -c 'npx drizzle-kit push'", "drizzle-kit push"),
    ("wait-for-it db:5432 -t 30 -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("./wait-for-it.sh db:5432 -- npm run start", None),
    ("dockerize -wait tcp://db:5432 -timeout 60s npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("retry -t 3 -- npx drizzle-kit migrate", "drizzle-kit migrate"),
    ("xargs -n1 npx drizzle-kit push", "drizzle-kit push"),
    ("watchexec -w src -- npx drizzle-kit push", "drizzle-kit push"),
    ("chokidar 'src/**' -c 'npx drizzle-kit push'", "drizzle-kit push"),
]


@pytest.mark.parametrize(("command", "expected"), WRAPPED, ids=[c for c, _ in WRAPPED])
def test_wrapper(command, expected) -> None:
    assert runs(command) == ([expected] if expected else [])


def test_every_wrapper_row_has_a_test_row() -> None:
    tested = {command.split()[0].rsplit("/", 1)[-1] for command, _ in WRAPPED}
    missing = sorted(set(WRAPPERS) - tested - {"rtx", "s6-setuidgid", "chpst", "setpriv",
                                                "ionice", "taskset", "unbuffer", "with-contenv",
                                                "wait-for", "nvm"})  # fmt: skip
    assert missing == []


NESTED = [
    (
        "ssh prod 'docker compose exec -T api sh -c \"npx drizzle-kit migrate\"'",
        "drizzle-kit migrate",
    ),
    ("kubectl exec deploy/api -- sh -c 'timeout 60 npx drizzle-kit push'", "drizzle-kit push"),
    (
        "aws-vault exec prod -- ssh host 'docker exec api npx drizzle-kit migrate'",
        "drizzle-kit migrate",
    ),
    ("op run -- docker compose run --rm app pnpm drizzle-kit migrate", "drizzle-kit migrate"),
    ("ssh prod 'docker compose exec api npx drizzle-kit pull'", None),
]


@pytest.mark.parametrize(("command", "expected"), NESTED)
def test_nested_wrappers(command, expected) -> None:
    assert runs(command) == ([expected] if expected else [])


# Prefixes that wrap whatever follows them, for the property below.
PREFIXES = [
    "docker compose exec -T api",
    "docker run --rm -e A=1 app:1",
    "kubectl exec -n prod deploy/api --",
    "railway run",
    "heroku run -a app",
    "aws-vault exec prod --",
    "op run --",
    "timeout 60",
    "nice -n 5",
    "sudo -u deploy",
    "mise exec node@20 --",
    "env-cmd -f .env",
    "tini --",
    "gosu node",
    "sst shell --",
]


def _wrap(command: str, prefixes: list[str], shells: list[bool]) -> str:
    for prefix, as_text in zip(prefixes, shells, strict=True):
        quoted = "'" + command.replace("'", "'\\''") + "'"
        command = f"ssh host {quoted}" if as_text else f"{prefix} {command}"
    return command


@given(
    stack=st.lists(st.tuples(st.sampled_from(PREFIXES), st.booleans()), max_size=3),
)
def test_a_banned_command_stays_found_under_any_stack_of_wrappers(stack) -> None:
    prefixes = [p for p, _ in stack]
    shells = [s for _, s in stack]
    assert runs(_wrap("npx drizzle-kit migrate", prefixes, shells)) == ["drizzle-kit migrate"]
    assert runs(_wrap("npx drizzle-kit pull", prefixes, shells)) == []


# --- fail closed on a program we do not know ------------------------------------------------------


def test_an_unknown_program_handed_a_banned_command_is_reported() -> None:
    (run,) = analyze("deploy-tool npx drizzle-kit migrate").runs  # the command itself
    assert (run.command, run.via) == ("drizzle-kit migrate", "deploy-tool")
    (run,) = analyze("remote-run prod 'npx drizzle-kit push'").runs
    assert (run.command, run.via) == ("drizzle-kit push", "remote-run")
    (run,) = analyze("$COMPOSE exec api npx drizzle-kit migrate").runs
    assert run.via == "$COMPOSE"


@pytest.mark.parametrize(
    "command",
    [
        'echo "npx drizzle-kit migrate"',
        "printf '%s\\n' 'npx drizzle-kit push'",
        'git commit -m "npx drizzle-kit migrate"',
        "grep -rn 'drizzle-kit push' .",
        "rg drizzle-kit migrate",
        "sed -i 's/drizzle-kit push/drizzle-kit pull/' package.json",
        'jq \'.scripts["db:push"] = "drizzle-kit push"\' package.json',
        'curl -d "npx drizzle-kit migrate" https://hooks.example.invalid',
        "gh pr create --body 'stop running drizzle-kit push'",
        "logger 'npx drizzle-kit migrate finished'",
        "Write-Host 'npx drizzle-kit push'",
        'export CMD="npx drizzle-kit migrate"',
        "deploy-tool 'Running npx drizzle-kit migrate'",  # a message: it does not start with a command
        "deploy-tool npx drizzle-kit pull",
        "deploy-tool drizzle-kit",
    ],
)
def test_non_runners_and_mere_mentions_stay_silent(command) -> None:
    assert runs(command) == [], command


def test_non_runners_are_plain_names() -> None:
    assert all(name == name.lower() and " " not in name for name in NON_RUNNERS)
    assert not set(NON_RUNNERS) & set(WRAPPERS)


def test_mention_only_tells_us_a_program_only_mentions_it() -> None:
    assert runs("log npx drizzle-kit migrate") == ["drizzle-kit migrate"]
    assert runs("log npx drizzle-kit migrate", mention_only=["log"]) == []
    assert runs("LOG npx drizzle-kit migrate", mention_only=["log"]) == []


def test_the_report_names_the_unknown_program_and_how_to_quiet_it(monorepo, capsys) -> None:
    monorepo.stage("scripts/deploy.sh", "#!/bin/sh\nremote-run prod 'npx drizzle-kit migrate'\n")
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        'scripts/deploy.sh:2:1: AF301 runs "drizzle-kit migrate" through remote-run,'
        " a program atlas-first does not know (taken to run it)"
    ) in out
    assert (
        "if remote-run only mentions the command, add it to mention-only in .atlas-first.toml"
        in out
    )
    monorepo.stage(".atlas-first.toml", 'mention-only = ["remote-run"]\n')
    assert cli_main(["check"]) == 0, capsys.readouterr().out


# --- every carrier kind reads wrappers ------------------------------------------------------------

CARRIED = {
    "package.json": (
        json.dumps({"scripts": {"deploy": "railway run npx drizzle-kit push"}}, indent=2),
        "3:5",
    ),
    "scripts/deploy.sh": (
        "#!/bin/sh\nset -e\ndocker compose exec -T api npx drizzle-kit migrate\n",
        "3:1",
    ),
    "scripts/deploy.ps1": ('ssh $env:HOST "npx drizzle-kit migrate"\n', "1:1"),
    "Makefile": ("migrate:\n\tdocker compose run --rm app npx drizzle-kit migrate\n", "2:2"),
    ".github/workflows/deploy.yml": (
        "on: push\njobs:\n  d:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: kubectl exec deploy/api -- npx drizzle-kit migrate\n",
        "6:14",
    ),
    "Dockerfile": ('FROM node:20\nCMD ["tini", "--", "npx", "drizzle-kit", "migrate"]\n', "2:5"),
    "compose.yaml": (
        "services:\n  migrate:\n    image: app\n    command: wait-for-it db:5432 -- npx drizzle-kit migrate\n",
        "4:14",
    ),
    "Procfile": ("release: heroku run npx drizzle-kit migrate\n", "1:10"),
}


def test_every_carrier_kind_reads_wrappers(monorepo, capsys) -> None:
    for path, (text, _) in CARRIED.items():
        monorepo.stage(path if path != "package.json" else "apps/api/package.json", text)
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    for path, (_, where) in CARRIED.items():
        shown = path if path != "package.json" else "apps/api/package.json"
        assert f"{shown}:{where}: AF301" in out, (shown, out)


def test_callers_through_wrappers_are_named(monorepo, capsys) -> None:
    monorepo.stage(
        "apps/api/package.json",
        json.dumps(
            {
                "name": "@acme/api",
                "scripts": {
                    "db:migrate": "drizzle-kit migrate",
                    "deploy": "docker compose exec api pnpm db:migrate",
                    "remote": "ssh prod 'cd /srv && npm run db:migrate'",
                },
            },
            indent=2,
        ),
    )
    monorepo.stage(
        "apps/api/Makefile", "deploy:\n\tdotenv -- docker compose exec api pnpm db:migrate\n"
    )
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert (
        'script "db:migrate" runs "drizzle-kit migrate" (called by "deploy", "remote", apps/api/Makefile:2)'
        in out
    )


def test_a_command_inside_a_string_is_reported_where_the_outer_command_starts(
    monorepo, capsys
) -> None:
    """Found on the way: a command inside `sh -c '…'` was placed by its offset within the
    string, counted from the top of the file (line 1)."""
    monorepo.stage(
        "scripts/migrate.sh",
        "#!/bin/sh\nset -e\necho start; bash -c 'cd app && npx drizzle-kit push'\n"
        "ssh prod \\\n  'npx drizzle-kit migrate'\n",
    )
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    assert 'scripts/migrate.sh:3:13: AF301 runs "drizzle-kit push"' in out
    assert 'scripts/migrate.sh:4:1: AF301 runs "drizzle-kit migrate"' in out


WORKFLOW = """on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: appleboy/ssh-action@v1.2.0
        with:
          host: ${{ secrets.HOST }}
          script: |
            cd /srv/app
            docker compose exec -T api npx drizzle-kit migrate
      - uses: Azure/cli@v2
        with:
          inlineScript: az containerapp exec -n api -g rg --command "npx drizzle-kit push"
      - uses: nick-fields/retry@v3
        with:
          max_attempts: 3
          shell: pwsh
          command: npx drizzle-kit migrate
      - uses: appleboy/ssh-action@v1
        with:
          script: npx drizzle-kit pull
      - uses: some/other-action@v1
        with:
          script: npx drizzle-kit push
"""


def test_actions_that_run_an_input_as_a_script(monorepo, capsys) -> None:
    monorepo.stage(".github/workflows/deploy.yml", WORKFLOW)
    assert cli_main(["check"]) == 1
    out = capsys.readouterr().out
    found = sorted(line.split(": AF301")[0] for line in out.splitlines() if ": AF301 " in line)
    assert found == [
        ".github/workflows/deploy.yml:11:13",
        ".github/workflows/deploy.yml:14:25",
        ".github/workflows/deploy.yml:19:20",
    ], out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "ssh h " * 200 + "npx drizzle-kit push", "drizzle-kit push", id="ssh-200-deep"
        ),
        pytest.param(
            "timeout 1 " * 1000 + "npx drizzle-kit migrate",
            "drizzle-kit migrate",
            id="timeout-1000",
        ),
        pytest.param(
            "docker compose exec api " * 100 + "npx drizzle-kit push",
            "drizzle-kit push",
            id="compose-100",
        ),
        pytest.param("ssh h " * 200 + "npx drizzle-kit pull", None, id="deep-but-allowed"),
        pytest.param(
            "x " + "drizzle-kit " * 5000 + "push", None, id="drizzle-kit-as-its-own-subcommand"
        ),
    ],
)
def test_nesting_past_our_limits_fails_closed(text, expected) -> None:
    """No limit of ours turns into "nothing found": past the depth we follow, what is left is
    read as words handed to a program we do not know."""
    assert runs(text) == ([expected] if expected else [])


# A deploy-script sample in the shapes public projects write (our own text): each line and
# whether it runs a banned drizzle-kit command. Precision and recall must both be 1.000.
DEPLOY_SAMPLE = [
    ('log_info "Running database migrations..."', False),
    ("docker compose exec -T api npx drizzle-kit migrate 2>/dev/null || {", True),
    ('    log_warn "Migrations may need to be run manually"', False),
    (
        "docker-compose -f docker-compose.production.yml exec -T api npx drizzle-kit push:pg --config=drizzle.config.ts || true",
        True,
    ),
    (
        'docker compose -f "${COMPOSE_FILE}" exec -T api npx drizzle-kit migrate --config=./packages/database/drizzle.config.ts',
        True,
    ),
    ('info "Running database migrations (drizzle-kit push)..."', False),
    (
        'docker compose exec -T api npx drizzle-kit push --config ./lib/db/drizzle.config.ts || \\\n    warn "Migration failed"',
        True,
    ),
    ('echo "📤 Pushing database schema..."', False),
    ("docker-compose exec -T api pnpm db:seed:categories", False),
    ('ssh deploy@$VPS_HOST "cd /app && docker compose exec -T api npx drizzle-kit push"', True),
    (
        'ssh deploy@$VPS_HOST "cd /app && git pull && docker compose -f docker-compose.prod.yml up -d --build"',
        False,
    ),
    ("$COMPOSE_CMD exec -T api npx drizzle-kit push:pg || {", True),
    ('  echo "  ⚠ Migrations may have already run, continuing..."', False),
    (
        "docker run --rm --network=app_default -v $(pwd)/migrations:/app/migrations --env-file $(pwd)/.env.db node:22-alpine npx drizzle-kit migrate",
        True,
    ),
    (
        "docker exec -it $(docker ps | grep server | awk '{ print $1 }') /bin/bash -c 'npx drizzle-kit migrate'",
        True,
    ),
    ("docker compose up -d db", False),
    ("docker compose -f docker/docker-compose.yml logs -f", False),
    ('read -r -p "Run npx drizzle-kit push now? [y/N] " answer', False),
    ('[ "$answer" = y ] && npx drizzle-kit push', True),
    ("kubectl -n production exec deploy/api -c api -- node_modules/.bin/drizzle-kit migrate", True),
    ("kubectl -n production rollout status deploy/api", False),
    ('heroku run --app "$APP" -- npx drizzle-kit migrate', True),
    ("railway run --service api pnpm drizzle-kit migrate", True),
    ("railway logs --service api", False),
    ("fly deploy --remote-only", False),
    ("fly ssh console --app my-api --command 'sh -c \"cd /app && npx drizzle-kit migrate\"'", True),
    ('gh release create "$TAG" --notes "no more drizzle-kit push in deploys"', False),
    ('git commit -am "chore: replace drizzle-kit migrate with atlas"', False),
    ("aws-vault exec production -- npx drizzle-kit migrate", True),
    ("op run --env-file=.env.production -- pnpm drizzle-kit migrate", True),
    ("timeout 300 docker compose run --rm migrate npx drizzle-kit migrate", True),
    ("atlas schema apply --env production --auto-approve && npx drizzle-kit pull", False),
    ("npx drizzle-kit pull", False),
    ('printf "%s\\n" "drizzle-kit migrate is banned"', False),
]


def test_deploy_sample_precision_and_recall() -> None:
    found = {text: bool(analyze(text).runs) for text, _ in DEPLOY_SAMPLE}
    wrong = [(text, expected) for text, expected in DEPLOY_SAMPLE if found[text] != expected]
    assert wrong == []
    positives = sum(expected for _, expected in DEPLOY_SAMPLE)
    assert positives >= 15
    assert len(DEPLOY_SAMPLE) - positives >= 15

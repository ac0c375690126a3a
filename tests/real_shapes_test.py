"""A tree that merely mentions drizzle costs nothing (issue 42): a file read only for what it
may hold (a YAML, JSON or INI file no carrier claims by name) is parsed only where a command
could be written in it; JSON is read by the JSON reader; a module's run sites are parsed only
where a runner stands before its name. Each gate has rows that pass it and rows that do not,
from real shapes: homarr's translation files, docs pages, Kubernetes Jobs, ECS task
definitions, supervisord programs."""

from __future__ import annotations

import json
import re

import pytest

from hooks.cli import main as cli
from hooks.commands.carriers import _yaml
from hooks.commands.carriers import containers
from hooks.commands.prefilter import command_shaped
from hooks.commands.prefilter import names_kit

# Prose that names the weather, the ORM or the project: never a command's home.
PROSE = [
    pytest.param(b'{"weather": {"drizzle": "Drizzle", "freezingDrizzle": "Freezing drizzle"}}',
                 id="homarr-translation"),
    pytest.param(b'{"drizzle": "Niesel", "lightDrizzle": "Leichter Nieselregen"}', id="german"),
    pytest.param("{\"drizzle\": \"\u6bdb\u6bdb\u96e8\"}".encode(), id="chinese"),
    pytest.param(b'{"label": "Caf\\u00e9 under a light drizzle"}', id="escaped-accent"),
    pytest.param(b"title: Light drizzle\nbody: a light drizzle, then sun. Set up the app.\n",
                 id="docs-page"),
    pytest.param(b"summary: We moved from Drizzle migrations to Atlas.\n", id="docs-history"),
    pytest.param(b"[forecast]\nrain = drizzle\n", id="ini"),
    pytest.param(b"- question: Does it drizzle?\n  answer: Sometimes, up north.\n", id="faq"),
]  # fmt: skip

# Where a command could be written: each row passes the gate (and the reader decides).
SHAPED = [
    pytest.param(b'command: ["npx", "drizzle-kit", "push"]', id="exec-form"),
    pytest.param(b"args: [npx DRIZZLE-KIT migrate]", id="upper-case"),
    pytest.param(b'command: "npx dr\\\\izzle-kit push"', id="backslash-split"),
    pytest.param(b"command: npx \"drizzle\"-kit push", id="quote-split"),
    pytest.param(b'{"command": "npx \\u0064rizzle-kit push"}', id="json-escape"),
    pytest.param(b'command: "npx drizzle\\x2dkit push"', id="yaml-escape"),
    pytest.param("command: npx drizzle-kit push".encode("utf-16-le"), id="utf-16"),
    pytest.param(b"command: pnpm drizzle:push", id="script-named-drizzle"),
    pytest.param(b"command: [sh, ./scripts/drizzle.sh]", id="script-file-named-drizzle"),
    pytest.param(b"command: pnpm run db -- push\n", id="runner-with-banned-word"),
    pytest.param(b"args:\n  - |\n    source /app/env.sh\n    $KIT up\n", id="sourced-script"),
    pytest.param(b"[program:migrate]\ncommand=npx drizzle-kit migrate\n", id="supervisord"),
    # An independent tester's rows (real shapes the first gate let through unread):
    # YAML's escaped line break joins `drizzle` and `-kit` (a Job's args, a Helm hook)...
    pytest.param(b'args: ["cd packages/db && npx drizzle\\\n            -kit migrate"]',
                 id="yaml-line-break-before-the-hyphen"),
    pytest.param(b'command: "npx drizzle-\\\n            kit push"', id="yaml-line-break-after"),
    pytest.param(b'command: "npx drizzle\\\n            \\x2dkit push"', id="break-then-escape"),
    # ... a package.json script named `drizzle` (or `dk`: "drizzle-kit") in exec form...
    pytest.param(b'command: ["pnpm", "drizzle", "push"]', id="exec-form-script-drizzle"),
    pytest.param(b'{"containerDefinitions":[{"name":"m","command":["pnpm","drizzle","push"]}]}',
                 id="ecs-script-drizzle"),
    pytest.param(b'command: ["pnpm", "--filter", "@acme/db", "dk"]\n  args: ["migrate"]',
                 id="runner-and-banned-word-on-two-lines"),
    pytest.param(b"command:\n  - pnpm\n  - --filter\n  - db\n  - drizzle\n  - migrate\n",
                 id="block-list"),
    pytest.param(b"[program:m]\ncommand=pnpm --filter @acme/db dk\n  push --config x\n",
                 id="supervisord-continued"),
    # ... a wrapper file named `drizzle`, and the Kelvin sign Python lower-cases to `k`.
    pytest.param(b'command: ["sh", "drizzle", "push"]', id="shell-runs-a-file-named-drizzle"),
    pytest.param(b'command: ["sh", "drizzle"]\nargs: ["push"]', id="shell-then-args"),
    pytest.param('command: ["npx", "drizzle-\u212ait", "push"]'.encode(), id="kelvin-sign"),
    # UTF-16 (a Windows editor's save) with the name escaped: its NULs go before the escapes
    # are read (the first gate let these through unread: a second tester's rows).
    pytest.param(b"\xff\xfe" + '{"command": ["drizzle\\u002dkit", "push"]}'.encode("utf-16-le"),
                 id="utf-16-json-escape"),
    pytest.param(b"\xff\xfe" + 'command: ["\\u0064rizzle-kit", "push"]'.encode("utf-16-le"),
                 id="utf-16-yaml-escape"),
]  # fmt: skip


_DB_SCRIPTS = json.dumps(
    {"name": "@acme/db", "scripts": {"drizzle": "drizzle-kit", "dk": "drizzle-kit"}}
)


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        pytest.param(
            "ops/migrate-task.json",
            json.dumps(
                {"family": "api-migrate", "containerDefinitions": [{
                    "name": "migrate", "image": "api", "workingDirectory": "/app/packages/db",
                    "command": ["bun", "run", "drizzle", "migrate"]}]},
                indent=2,
            ),
            'runs "drizzle-kit migrate" through packages/db/package.json script "drizzle"',
            id="ecs-task-runs-a-script-named-drizzle",
        ),
        pytest.param(
            "deploy/job.yaml",
            "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n"
            '          image: api\n          command: ["pnpm", "--filter", "@acme/db", "dk"]\n'
            '          args: ["push", "--config", "drizzle"]\n',
            'runs "drizzle-kit push --config drizzle" through packages/db/package.json script "dk"',
            id="job-runs-a-pass-through-script",
        ),
        pytest.param(
            "k8s/migrate-job.yml",
            "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n"
            '          command: ["/bin/sh", "-c"]\n'
            '          args: ["cd packages/db && npx drizzle\\\n            -kit migrate"]\n',
            'runs "drizzle-kit migrate"',
            id="job-with-an-escaped-line-break",
        ),
    ],
)  # fmt: skip
def test_a_by_content_file_that_runs_drizzle_kit_is_still_read(
    monorepo, capsys, path, text, expected
) -> None:
    monorepo.write("package.json", json.dumps({"name": "root", "workspaces": ["packages/*"]}))
    monorepo.write("packages/db/package.json", _DB_SCRIPTS)
    monorepo.write(path, text)
    monorepo.add()
    monorepo.commit("a container that migrates")
    assert cli(["check", "--all-files"]) == 1
    found = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(path)]
    assert found, path
    assert expected in found[0]


@pytest.mark.parametrize("data", PROSE)
def test_prose_that_names_drizzle_is_never_command_shaped(data) -> None:
    assert not command_shaped(data)
    assert not names_kit(data)


@pytest.mark.parametrize("data", SHAPED)
def test_a_command_shaped_mention_is_read(data) -> None:
    assert command_shaped(data)


def test_prose_files_are_never_parsed_and_never_a_finding(monorepo, monkeypatch, capsys) -> None:
    from hooks.commands import carriers

    parsed: list[str] = []
    original = carriers.parse

    def counting(kind, text, path):
        parsed.append(path)
        return original(kind, text, path)

    monkeypatch.setattr(carriers, "parse", counting)
    for n, param in enumerate(PROSE):
        (data,) = param.values
        suffix = ".ini" if param.id == "ini" else ".json" if data.startswith(b"{") else ".yaml"
        monorepo.write(f"apps/web/messages/m{n}{suffix}", data.decode())
    monorepo.write(
        "deploy/job.yaml", "containers:\n  - image: api\n    command: [npx, drizzle-kit, push]\n"
    )
    monorepo.add()
    monorepo.commit("translations, docs and a job")
    assert cli(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "deploy/job.yaml:3:" in out  # the gate lets the job through
    assert "AF301" in out
    assert "messages/" not in out
    assert "deploy/job.yaml" in parsed
    assert not [p for p in parsed if "messages/" in p]


# JSON files read by content: the JSON reader's graph gives what YAML's composer gave.
_ECS = {
    "family": "api",
    "containerDefinitions": [
        {"name": "migrate", "image": "node:20", "entryPoint": ["sh", "-c"],
         "command": ["npx drizzle-kit migrate && node dist/server.js"]},
        {"name": "web", "image": "x", "command": ["npx", "drizzle-kit", "push"]},
    ],
}  # fmt: skip
_JOB = {
    "apiVersion": "batch/v1",
    "kind": "Job",
    "spec": {"template": {"spec": {
        "initContainers": [{"name": "m", "image": "x", "command": ["/bin/sh", "-c"],
                            "args": ["pnpm drizzle-kit migrate\necho \u00e9 \"done\""]}],
        "containers": [{"name": "a", "image": "b", "lifecycle": {"preStop": {"exec": {
            "command": ["npx", "drizzle-kit", "push"]}}}}],
    }}},
}  # fmt: skip
_DEEP = {"image": "x", "command": "npx drizzle-kit push",
         "values": [{"k": {"v": [i, i + 0.5, True, None]}} for i in range(2100)]}  # fmt: skip
JSON_TEXTS = [
    pytest.param(json.dumps(_ECS, indent=2), id="ecs-task-definition"),
    pytest.param(json.dumps(_ECS), id="ecs-one-line"),
    pytest.param(json.dumps(_ECS, indent="\t"), id="ecs-tabs"),
    pytest.param(json.dumps(_JOB, indent=2), id="kubernetes-job"),
    pytest.param(json.dumps(_JOB, indent=2, ensure_ascii=False), id="kubernetes-job-utf8"),
    pytest.param(json.dumps([{"op": "add", "path": "/spec/template/spec/containers/0/command",
                              "value": ["npx", "drizzle-kit", "push"]}], indent=1),
                 id="json-6902-patch"),
    pytest.param('{"image": "x", "command": "npx drizzle-kit push", "command": "echo"}',
                 id="key-twice"),
    pytest.param(json.dumps(_DEEP, indent=1), id="more-than-2000-objects"),
]  # fmt: skip


def _read(text: str, how: str) -> list[tuple[str, list[tuple[int, int]], bool]]:
    original = _yaml.json_documents
    try:
        if how == "yaml":
            _yaml.json_documents = lambda t, p: None  # type: ignore[assignment]
        elif how == "built":
            _yaml.json_documents = _yaml.built_from_json  # type: ignore[assignment]
        return [(s.text, s.lines, s.fixed) for s in containers.snippets(text, "deploy/t.json")]
    finally:
        _yaml.json_documents = original  # type: ignore[assignment]


@pytest.mark.parametrize("text", JSON_TEXTS)
def test_json_is_read_by_the_json_reader_as_yamls_composer_reads_it(text) -> None:
    by_json = _read(text, "json")
    assert by_json, "a command the test expects to find"
    assert by_json == _read(text, "yaml")
    assert by_json == _read(text, "built")


def test_json_that_is_not_json_is_read_as_yaml() -> None:
    text = '{\n  "image": "x", "command": "npx drizzle-kit push",\n}\n'  # a trailing comma
    assert _yaml.json_documents(text, "t.json") is None
    assert [s.text for s in containers.snippets(text, "t.json")] == ["npx drizzle-kit push"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"start": "node dist/migrate.js"', True),
        ('CMD ["node", "--enable-source-maps", "dist/migrate.js"]', True),
        ("command:\n  - tsx\n  - src/migrate.ts\n", True),
        ("node --import tsx/esm -r dotenv/config " + "--flag " * 30 + "migrate.ts", True),
        ('"node": "Node", "status": "Migrate your boards"', False),  # a translation file
        ("nodes:\n" + "  - x\n" * 80 + "migrate: later\n", False),  # far apart
        ("migrate.ts is run by node", False),  # the name before the runner
    ],
)
def test_a_module_is_searched_for_only_where_a_runner_stands_before_its_name(text, found):
    from hooks.commands.run_sites import _runner_before

    assert _runner_before(text, re.compile("migrate")) is found


def test_a_utf16_container_spec_with_an_escaped_name_is_read(monorepo, capsys) -> None:
    """An ECS task definition saved as UTF-16 whose drizzle-kit is a JSON escape: a real
    `drizzle-kit push` (the first gate judged its bytes before dropping UTF-16's NULs)."""
    task = (
        '{\n  "family": "app-migrate",\n  "containerDefinitions": [\n    {\n'
        '      "name": "database_migration",\n      "image": "api:latest",\n'
        '      "command": ["drizzle\\u002dkit", "push"]\n    }\n  ]\n}\n'
    )
    (monorepo.path / "infra/ecs").mkdir(parents=True)
    (monorepo.path / "infra/ecs/task.json").write_bytes(b"\xff\xfe" + task.encode("utf-16-le"))
    monorepo.add()
    monorepo.commit("a task that pushes")
    assert cli(["check", "--all-files"]) == 1
    found = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("infra/ecs/")]
    assert found
    assert 'runs "drizzle-kit push"' in found[0], found


def test_code_that_runs_something_is_told_as_the_grep_pattern_tells_it() -> None:
    """`runs_something`'s byte searches find what `git grep` finds with the ERE: over real
    code shapes and every alternative cut at each end."""
    import random
    import re

    from hooks.commands.prefilter import _RUNS_SOMETHING
    from hooks.commands.prefilter import _RUNS_SOMETHING_LITERALS
    from hooks.commands.prefilter import runs_something

    pattern = re.compile(_RUNS_SOMETHING.encode())
    pieces = [*_RUNS_SOMETHING_LITERALS, *(lit[1:] for lit in _RUNS_SOMETHING_LITERALS),
              *(lit[:-1] for lit in _RUNS_SOMETHING_LITERALS), b"EXEC", b"$", b"`", b"(",
              b"from './x'", b"import x from \"drizzle-orm\"", b"\n", b" ", b"'", b'"', b"."]  # fmt: skip
    rnd = random.Random(42)
    for _ in range(20_000):
        data = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 6)))
        assert runs_something(data) == (pattern.search(data) is not None), data


def _translation(groups: int, extra: str = "") -> str:
    """A translation file of homarr's shape, over the size whose gate verdict is remembered."""
    body = {
        f"group{g}": {
            f"item{i}": f"Shown when the forecast says rain ({g}.{i})." for i in range(12)
        }
        for g in range(groups)
    }
    body["weather"] = {"drizzle": "Drizzle", "freezingDrizzle": f"Freezing drizzle{extra}"}
    return json.dumps(body, indent=2) + "\n"


@pytest.fixture
def counted_gate(monkeypatch, tmp_path):
    """Every content the by-content gate scans, in a memo folder of this test's own."""
    from hooks.commands import prefilter

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    scanned: list[bytes] = []
    original = prefilter.command_shaped

    def counting(data: bytes) -> bool:
        scanned.append(data)
        return original(data)

    monkeypatch.setattr(prefilter, "command_shaped", counting)
    return scanned


def test_a_large_file_the_gate_turned_away_is_not_scanned_again_until_it_changes(
    monorepo, counted_gate, capsys
) -> None:
    from hooks.commands.gate_memo import REMEMBERED_FROM

    large = _translation(400)
    assert len(large) > REMEMBERED_FROM
    monorepo.write("apps/web/messages/en.json", large)
    monorepo.write("apps/web/messages/small.json", _translation(2))
    monorepo.add()
    monorepo.commit("translations")
    assert cli(["check", "--all-files"]) == 0
    first = [len(d) for d in counted_gate]
    assert len(large) in first
    assert len(_translation(2)) in first
    counted_gate.clear()
    assert cli(["check", "--all-files"]) == 0
    again = [len(d) for d in counted_gate]
    assert len(large) not in again  # known by its content: not scanned
    assert len(_translation(2)) in again  # a small file is scanned every time
    # Edited (still prose): scanned again, and its new content remembered.
    edited = _translation(400, extra=" again")
    monorepo.write("apps/web/messages/en.json", edited)
    counted_gate.clear()
    assert cli(["check", "--all-files"]) == 0
    assert len(edited) in [len(d) for d in counted_gate]
    capsys.readouterr()


def test_a_large_file_that_could_hold_a_command_is_read_on_every_run(
    monorepo, counted_gate, capsys
) -> None:
    """Only "cannot hold a command" is remembered: the same content that runs drizzle-kit is
    found on each run, and an edit that makes a remembered prose file run it is found."""
    job = _translation(400) + "containers:\n  - image: api\n    command: [npx, drizzle-kit, push]\n"
    monorepo.write("deploy/job.yaml", job)
    monorepo.write("apps/web/messages/en.json", _translation(400))
    monorepo.add()
    monorepo.commit("a large job and a translation")
    for _ in range(2):
        assert cli(["check", "--all-files"]) == 1
        assert "deploy/job.yaml" in capsys.readouterr().out
    # The remembered translation now runs a command: its new content is gated and read.
    monorepo.write(
        "apps/web/messages/en.json",
        _translation(400)[:-2]
        + ',\n  "image": "api", "command": ["npx", "drizzle-kit", "push"]}\n',
    )
    assert cli(["check", "--all-files"]) == 1
    assert "apps/web/messages/en.json" in capsys.readouterr().out


@pytest.mark.parametrize(
    "stored",
    [b"", b"short", b"x" * 17, "not bytes", ["a", "list"], 12],
    ids=["empty", "short", "not-a-multiple", "text", "list", "number"],
)
def test_a_malformed_gate_memo_is_an_empty_one(tmp_path, monkeypatch, stored) -> None:
    from hooks.commands import gate_memo
    from hooks.repo.memo import memo_store

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    memo_store(gate_memo._KIND, gate_memo._memo_key(), stored)
    assert gate_memo._load(gate_memo._memo_key()) == set()
    memo = gate_memo.GateMemo()
    data = _translation(400).encode()
    assert memo.shaped(data) is False
    memo.save()
    assert len(gate_memo._load(gate_memo._memo_key())) == 1


def test_the_gate_memo_is_kept_within_its_bound_and_forgets_an_edited_gate(
    tmp_path, monkeypatch
) -> None:
    from hooks.commands import gate_memo

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(gate_memo, "KEPT", 3)
    monkeypatch.setattr(gate_memo, "REMEMBERED_FROM", 10)
    memo = gate_memo.GateMemo(gate=lambda data: data.startswith(b"run"))
    contents = [b"prose number %d" % n for n in range(5)]
    assert [memo.shaped(c) for c in contents] == [False] * 5
    assert memo.shaped(b"run drizzle-kit push") is True
    memo.save()
    kept = gate_memo._load(gate_memo._memo_key())
    assert len(kept) == 3  # the latest three: past the bound the memo starts afresh
    # Another version of the gate (its source edited): nothing it remembered holds.
    monkeypatch.setattr(gate_memo, "_memo_key", lambda: b"another gate")
    assert gate_memo._load(gate_memo._memo_key()) == set()
    scanned: list[bytes] = []
    fresh = gate_memo.GateMemo(gate=lambda data: scanned.append(data) or False)
    assert fresh.shaped(contents[4]) is False
    assert scanned == [contents[4]]


def test_runner_calls_are_found_where_the_patterns_find_them() -> None:
    """`_runners` finds its starts by byte searches alone (the dotted alternatives too, with
    no pattern compiled for a text without a runner): the matches are those of the pattern
    tried at every offset, over runner shapes cut and joined at random."""
    import random
    import re

    from hooks.commands.prefilter import _RUNNER_CALL
    from hooks.commands.prefilter import _runners

    every = re.compile(_RUNNER_CALL)
    pieces = [b"npm", b"pnpm", b"npx", b"yarn", b"bun", b"turbo", b"./", b".sh", b".bash",
              b"./scripts/db.sh", b"x.shell", b".bashrc", b"np", b"m", b" ", b".", b"/", b"s",
              b"h", b"run", b"\n", b"-", b"a.b", b"tsx ./x.ts"]  # fmt: skip
    rnd = random.Random(7)
    for _ in range(20_000):
        text = b"".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 7))).lower()
        expected = [m.span() for at in range(len(text)) if (m := every.match(text, at))]
        assert [m.span() for m in _runners(text)] == expected, text


@pytest.mark.parametrize(
    "script",
    [
        "drizzle-kit push --url $DATABASE_URL",  # a flag's value: no run
        "drizzle-kit $CMD",  # the subcommand from a variable: read in full
        "drizzle-kit --config=x.ts %1",
        "drizzle-kit@0.31 -v $X",
        "echo $HOME && drizzle-kit pull",
        "drizzle-kit pull",
        "drizzle-kit",
        "vitest run --coverage",
        "100% drizzle-kit check",
    ],
)
def test_a_script_that_may_run_is_told_as_the_pattern_tells_it(script) -> None:
    """`_could_run` asks its pattern only of a script with a `$` or `%`: the verdict is the
    pattern's over every script."""
    import re

    from hooks.commands.package_scripts import _could_run
    from hooks.commands.prefilter import plain
    from hooks.drizzle.versions import WRITING_FLAGS

    banned = ("push", "migrate")
    flat = plain(script)
    expected = (
        any(w in flat for w in banned)
        or "export" in flat
        or any(f in flat for f in WRITING_FLAGS)
        or re.search(r"drizzle-kit\S*\s+(?:-\S+\s+)*[$%]", flat) is not None
    )
    assert _could_run(script, banned) == expected

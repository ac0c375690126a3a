from __future__ import annotations

import os

from hooks._once import first_in_run


def test_outside_a_hook_manager_every_invocation_reports(monkeypatch) -> None:
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    assert first_in_run(b"change")
    assert first_in_run(b"change")


def test_inside_a_run_only_the_first_invocation_reports(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    change = tmp_path.name.encode()
    assert first_in_run(change)
    assert not first_in_run(change)
    assert first_in_run(change + b" and another file")


def test_cannot_coordinate_means_report(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    blocker = tmp_path / "not-a-folder"
    blocker.mkdir()
    (blocker / f"atlas-first-{os.getuid()}").write_text("a file where the folder belongs")
    monkeypatch.setenv("TMPDIR", str(blocker))
    assert first_in_run(b"x")
    assert first_in_run(b"x")

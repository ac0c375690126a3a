from __future__ import annotations

import marshal
import os

import pytest

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
    from hooks._once import _cache_folder

    monkeypatch.setenv("PRE_COMMIT", "1")
    blocker = tmp_path / "not-a-folder"
    blocker.mkdir()
    monkeypatch.setenv("TMPDIR", str(blocker))
    monkeypatch.setenv("LOCALAPPDATA", str(blocker))  # where Windows keeps it
    folder = _cache_folder(os.name, os.environ, getattr(os, "getuid", lambda: None)())
    assert folder is not None
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    with open(folder, "w") as fh:
        fh.write("a file where the folder belongs")
    assert first_in_run(b"x")
    assert first_in_run(b"x")


def test_config_memo_is_used_only_for_the_same_bytes(tmp_path, monkeypatch) -> None:
    import marshal
    import os

    from hooks._config import load_config
    from hooks._once import _key
    from hooks._once import _private_folder

    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    repo = tmp_path / "repo"
    repo.mkdir()
    text = b'hint = "parsed"\n'
    (repo / ".atlas-first.toml").write_bytes(text)
    assert load_config(str(repo)).hint == "parsed"
    folder = _private_folder()
    assert folder is not None
    memo = os.path.join(folder, _key(b"toml", text))
    assert os.path.exists(memo)
    # The memo answers for exactly these bytes (proved by planting a different answer) ...
    with open(memo, "wb") as fh:
        marshal.dump((text, {"hint": "remembered"}), fh)
    assert load_config(str(repo)).hint == "remembered"
    # ... and never for other bytes, even under the same name.
    with open(memo, "wb") as fh:
        marshal.dump((b"other", {"hint": "wrong"}), fh)
    assert load_config(str(repo)).hint == "parsed"
    # A memo folder others can write to is not trusted (POSIX: Windows keeps it in the
    # user's profile, windows_decisions_test.py).
    if not hasattr(os, "getuid"):
        return
    with open(memo, "wb") as fh:
        marshal.dump((text, {"hint": "planted"}), fh)
    os.chmod(folder, 0o777)
    try:
        assert load_config(str(repo)).hint == "parsed"
    finally:
        os.chmod(folder, 0o700)


def test_a_memo_that_is_not_plain_data_is_not_written(tmp_path, monkeypatch) -> None:
    import os

    from hooks._config import load_config
    from hooks._once import _private_folder

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "pyproject.toml").write_bytes(
        b"[tool.atlas-first]\nhint = 'x'\n[other]\nwhen = 1979-05-27\n"
    )
    assert load_config(str(repo)).hint == "x"
    folder = _private_folder()
    assert folder is not None
    assert not [n for n in os.listdir(folder) if n.startswith("memo-")]


@pytest.mark.parametrize(
    "blob",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not marshal data", id="garbage"),
        pytest.param(marshal.dumps((b"x" * 64, {"k": "v"}))[:-3], id="truncated"),
        pytest.param(b"{" * 100_000, id="nested-past-the-limit"),
        pytest.param(b"\xfa\x10\x00\x00\x00short", id="a-string-longer-than-the-data"),
        pytest.param(marshal.dumps([b"data", "value"]), id="a-list-not-a-tuple"),
        pytest.param(marshal.dumps((b"data",)), id="one-item"),
        pytest.param(marshal.dumps((b"data", 1, 2)), id="three-items"),
        pytest.param(marshal.dumps(("data", "value")), id="the-bytes-as-a-string"),
        pytest.param(marshal.dumps(({1, 2}, "value")), id="a-set-for-the-bytes"),
        pytest.param(marshal.dumps((b"other", "value")), id="other-bytes"),
    ],
)
def test_a_malformed_memo_is_ignored_never_raised(tmp_path, monkeypatch, blob) -> None:
    """Damaged or foreign bytes are no answer. (marshal is safe only for bytes we wrote:
    a crafted blob can exhaust memory or crash the interpreter, so the folder itself must
    be closed to other accounts: `_private_folder`, `_cache_folder`.)"""
    from hooks._once import _key
    from hooks._once import _private_folder
    from hooks._once import memo_load

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    folder = _private_folder()
    assert folder is not None
    with open(os.path.join(folder, _key(b"kind", b"data")), "wb") as fh:
        fh.write(blob)
    assert memo_load(b"kind", b"data") is None


def test_a_well_formed_memo_is_loaded(tmp_path, monkeypatch) -> None:
    from hooks._once import memo_load
    from hooks._once import memo_store

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    memo_store(b"kind", b"data", {"k": ["v", 1]})
    assert memo_load(b"kind", b"data") == {"k": ["v", 1]}

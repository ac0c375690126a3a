from __future__ import annotations

import marshal
import os

import pytest

from hooks.repo.memo import first_in_run

TYPE_CHECKING = False
if TYPE_CHECKING:
    import pathlib


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
    from hooks.repo.memo import _cache_folder

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

    from hooks.project.config_files import load_config
    from hooks.repo.memo import _key
    from hooks.repo.memo import _private_folder

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

    from hooks.project.config_files import load_config
    from hooks.repo.memo import _private_folder

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
    ("ancestry", "launcher", "runner"),
    [
        pytest.param(
            [(30, "python.exe"), (20, "forbid-new-migrations.exe"), (10, "python.exe")],
            r"C:\venv\Scripts\forbid-new-migrations.exe",
            10,
            id="venv-redirector-then-launcher-then-pre-commit",
        ),
        pytest.param(
            [(20, "Forbid-New-Migrations.EXE"), (10, "prek.exe")],
            r"C:\venv\Scripts\forbid-new-migrations",
            10,
            id="launcher-started-by-prek",
        ),
        pytest.param(
            [(10, "prek.exe"), (5, "cmd.exe")],
            r"C:\venv\Scripts\forbid-new-migrations.exe",
            10,
            id="no-launcher-the-parent-is-the-runner",
        ),
        pytest.param(
            [(10, "python.exe"), (5, "explorer.exe")],
            "hooks/cli.py",
            10,
            id="python-m-run-the-parent-is-the-runner",
        ),
        pytest.param(
            [(30, "node.exe"), (20, "forbid-new-migrations.exe"), (15, "python.exe")],
            r"C:\venv\Scripts\forbid-new-migrations.exe",
            30,
            id="no-runner-known-a-launcher-further-up-is-not-ours-to-skip-to",
        ),
        pytest.param(
            [(20, "atlas-first.exe")],
            r"C:\venv\Scripts\atlas-first.exe",
            20,
            id="launcher-with-no-known-parent",
        ),
        pytest.param(
            [(30, "node.exe"), (20, "forbid-new-migrations.exe"), (10, "prek.exe")],
            r"C:\venv\Scripts\forbid-new-migrations.exe",
            10,
            id="a-runner-above-a-wrapper-is-the-run",
        ),
    ],
)
def test_the_runner_is_the_process_that_started_the_console_script_launcher(
    ancestry, launcher, runner
) -> None:
    from hooks.repo.memo import runner_in_ancestry

    assert runner_in_ancestry(ancestry, launcher) == runner


def test_two_entries_of_one_hook_claim_apart_and_split_invocations_of_one_entry_together(
    tmp_path,
) -> None:
    from hooks.project.config_files import load_config
    from hooks.runner.args import Arguments
    from hooks.runner.hook import entry_claim

    (tmp_path / "billing.toml").write_text('generated = ["billing/schema/**"]\n')
    (tmp_path / "other.toml").write_text('generated = ["other/schema/**"]\n')
    default = load_config(str(tmp_path))
    billing = load_config(str(tmp_path), str(tmp_path / "billing.toml"))

    def claim(loaded, filenames, **values) -> str:
        return entry_claim("forbid-generated-schema-edits", Arguments(values, filenames), loaded)

    first = claim(default, ["a.ts"])
    assert first == claim(default, ["b.ts", "c.ts"])  # one entry, its list split
    with_config = claim(billing, ["a.ts"], config="billing.toml")
    assert with_config != first
    assert with_config == claim(billing, ["z.ts"], config="billing.toml")
    # the same path with other content is another entry's claim
    (tmp_path / "billing.toml").write_text('generated = ["elsewhere/**"]\n')
    changed = load_config(str(tmp_path), str(tmp_path / "billing.toml"))
    assert claim(changed, ["a.ts"], config="billing.toml") != with_config
    assert entry_claim("lint-schema-source", Arguments({}, []), default) != first


@pytest.mark.parametrize(
    ("argv", "runner"),
    [
        (["/usr/bin/python3", "-mpre_commit", "hook-impl", "--hook-type=pre-commit"], True),
        (["/usr/bin/python3", "-m", "pre_commit", "run"], True),
        (["/venv/bin/python", "/venv/bin/pre-commit", "run", "--all-files"], True),
        (["/home/me/.cargo/bin/prek", "run"], True),
        ([r"C:\tools\prek.exe"], True),
        ([r"C:\venv\Scripts\pre-commit.exe", "run"], True),
        (["timeout", "120", "/venv/bin/python", "-m", "hooks.cli", "hook"], False),
        (["sh", "-c", "python -m hooks.cli hook", "--", "a.ts"], False),
        (["uv", "run", "--", "pre-commit-hooks-lint"], False),
        (["/usr/bin/git", "commit", "-m", "pre-commit fix"], False),
        ([], False),
    ],
)
def test_a_hook_manager_is_known_by_its_command_line(argv, runner) -> None:
    from hooks.repo.memo import is_runner

    assert is_runner(argv) is runner


def test_the_run_is_the_nearest_runners_whatever_wraps_the_entry() -> None:
    from hooks.repo.memo import nearest_runner
    from hooks.repo.memo import run_identity

    runner = (10, ["/usr/bin/python3", "-mpre_commit", "hook-impl"], "500")
    git = (5, ["git", "commit"], "400")
    files = ["a.ts", "b.ts"]
    wrapped = [(30, ["timeout", "120", "python", "-m", "hooks.cli", "hook", *files], "600")]
    other_batch = [(31, ["timeout", "120", "python", "-m", "hooks.cli", "hook", "c.ts"], "601")]
    assert nearest_runner([*wrapped, runner, git]) == 10
    assert nearest_runner([git]) is None
    one = run_identity([*wrapped, runner, git], 10, ["hook", *files])
    assert one == run_identity([*other_batch, runner, git], 10, ["hook", "c.ts"])
    bare = run_identity([runner, git], 10, ["hook", *files])
    assert bare != one  # another entry: the same hook without the wrapper
    assert bare == "10:500"
    later = (10, ["/usr/bin/python3", "-mpre_commit", "hook-impl"], "900")  # a reused pid
    assert run_identity([later], 10, ["hook"]) != bare


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
    from hooks.repo.memo import _key
    from hooks.repo.memo import _private_folder
    from hooks.repo.memo import memo_load

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    folder = _private_folder()
    assert folder is not None
    with open(os.path.join(folder, _key(b"kind", b"data")), "wb") as fh:
        fh.write(blob)
    assert memo_load(b"kind", b"data") is None


@pytest.mark.skipif(os.name == "nt", reason="FIFOs, devices and links to them: POSIX")
@pytest.mark.parametrize("entry", ["fifo", "link-to-dev-zero", "link-to-a-memo", "folder"])
def test_a_memo_entry_that_is_no_file_is_no_answer_and_never_waited_on(tmp_path, entry) -> None:
    """A pipe in an entry's place would hang the hook on its open, /dev/zero would be read
    until memory ran out (an independent tester's rows): an entry is a regular file or
    nothing. In a process of its own, with a deadline: a hang fails, it does not stall."""
    import subprocess
    import sys

    from hooks.repo.memo import _key

    folder = tmp_path / f"atlas-first-{os.getuid()}"
    folder.mkdir(mode=0o700)
    (folder / "real").write_bytes(b"")
    path = folder / _key(b"kind", b"data")
    if entry == "fifo":
        os.mkfifo(path)
    elif entry == "link-to-dev-zero":
        os.symlink("/dev/zero", path)
    elif entry == "link-to-a-memo":
        os.symlink(folder / "real", path)
    else:
        path.mkdir()
    probe = "from hooks.repo.memo import memo_load; print(memo_load(b'kind', b'data'))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert out.stdout.strip() == "None"


def test_a_well_formed_memo_is_loaded(tmp_path, monkeypatch) -> None:
    from hooks.repo.memo import memo_load
    from hooks.repo.memo import memo_store

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    memo_store(b"kind", b"data", {"k": ["v", 1]})
    assert memo_load(b"kind", b"data") == {"k": ["v", 1]}


def test_the_memo_folder_is_swept_of_stale_entries_at_most_every_ten_minutes(
    tmp_path: pathlib.Path,
) -> None:
    """A busy folder holds thousands of markers: a commit does not read them all. The first
    sweep removes what is stale; another within ten minutes reads nothing; later, it sweeps
    again."""
    from hooks.repo.memo import _STALE_SECONDS
    from hooks.repo.memo import _SWEEP_SECONDS
    from hooks.repo.memo import _sweep

    now = 2_000_000_000.0
    stale, fresh = tmp_path / "0badc0de", tmp_path / "0000beef"
    for entry, age in ((stale, _STALE_SECONDS + 5), (fresh, 5)):
        entry.write_bytes(b"")
        os.utime(entry, (now - age, now - age))
    assert _sweep(str(tmp_path), now) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0000beef", "swept"]
    stale.write_bytes(b"")
    os.utime(stale, (now - _STALE_SECONDS - 5, now - _STALE_SECONDS - 5))
    assert _sweep(str(tmp_path), now + _SWEEP_SECONDS - 1) is False
    assert stale.exists()
    assert _sweep(str(tmp_path), now + _SWEEP_SECONDS + 1) is True
    assert not stale.exists()


def test_a_marker_over_an_hour_old_no_longer_silences_the_run(monkeypatch, tmp_path) -> None:
    """A claim counts for the hour, whether or not the folder was swept since (it is swept
    at most every ten minutes): the same change an hour later reports again."""
    import time

    from hooks.repo.memo import _STALE_SECONDS
    from hooks.repo.memo import _private_folder

    monkeypatch.setenv("PRE_COMMIT", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert first_in_run(b"change-x") is True
    assert first_in_run(b"change-x") is False
    folder = _private_folder()
    assert folder is not None
    old = time.time() - _STALE_SECONDS - 60
    for name in os.listdir(folder):
        os.utime(os.path.join(folder, name), (old, old) if name != "swept" else None)
    assert first_in_run(b"change-x") is True  # (the sweep did not run: swept just now)
    assert first_in_run(b"change-x") is False


def test_memo_names_are_one_per_key_and_short_keys_load_no_library() -> None:
    """A memo's or a marker's name is a function of its key alone, short keys (a marker's, a
    config's, a commit id) named without loading zlib, long ones (a schema's text) by its
    checksums; keys that differ by a byte, by a trailing zero or by length get other names."""
    import subprocess
    import sys

    from hooks.repo.memo import _SHORT_KEY
    from hooks.repo.memo import _digest

    keys = [b"", b"\0", b"\0\0", b"a", b"a\0", b"b", b"toml\0hint = 1\n", b"x" * _SHORT_KEY,
            b"x" * (_SHORT_KEY + 1), b"y" * (_SHORT_KEY + 1), b"x" * _SHORT_KEY + b"\0"]  # fmt: skip
    names = [_digest(k) for k in keys]
    assert names == [_digest(k) for k in keys]  # the same key, the same name
    assert len(set(names)) == len(keys)
    assert all(n.isalnum() and n == n.lower() for n in names)  # a file name anywhere
    probe = (
        "import sys\n"
        "before = 'zlib' in sys.modules  # (a coverage run loads it at start)\n"
        "from hooks.repo.memo import _digest, _key\n"
        "_key(b'toml', b'hint = 1\\n'); _digest(b'z' * 8192)\n"
        "assert before or 'zlib' not in sys.modules, 'zlib loaded for a short key'\n"
        "_digest(b'z' * 8193)\n"
        "assert 'zlib' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_source_stamp_changes_with_the_code_it_stamps(tmp_path) -> None:
    """`source_stamp`: what the gate memo, the model memo and the statement memo are keyed
    by. An edit to a stamped file, or to any `.py` file of a stamped folder, gives another
    stamp (a development install forgets its memos); other files of the folder do not; a
    path that cannot be read is a stamp too, never an error."""
    from hooks.repo.memo import source_stamp

    folder = tmp_path / "part"
    folder.mkdir()
    (folder / "a.py").write_text("x = 1\n")
    (folder / "b.py").write_text("y = 2\n")
    (folder / "notes.txt").write_text("n\n")
    file_stamp, folder_stamp = source_stamp(str(folder / "a.py")), source_stamp(str(folder))
    assert source_stamp(str(folder / "a.py")) == file_stamp  # the same code, the same stamp
    (folder / "notes.txt").write_text("other notes\n")
    assert source_stamp(str(folder)) == folder_stamp
    (folder / "b.py").write_text("y = 20\n")
    assert source_stamp(str(folder)) != folder_stamp
    assert source_stamp(str(folder / "a.py")) == file_stamp
    (folder / "a.py").write_text("x = 10\n")
    assert source_stamp(str(folder / "a.py")) != file_stamp
    assert b"unknown" in source_stamp(str(tmp_path / "gone.py"))


def _is_prime(n: int) -> bool:
    """Miller-Rabin with the first 20 prime bases: exact for every n below 3.3e24, and for
    a 128-bit n wrong with probability under 4**-20."""
    bases = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71)
    if n < 2 or any(n % p == 0 for p in bases):
        return n in bases
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in bases:
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True


def test_no_two_short_keys_a_byte_or_two_apart_share_a_name() -> None:
    """A short key's name is its bytes as a number modulo a prime. Keys that differ in one
    byte cannot share it (256**i is no multiple of a prime); keys that differ in two bytes,
    by d1 at i and d2 at i+k, share it only if d2 * 256**k is within 255 of a multiple of the
    prime: never, for any distance a short key allows. (A Mersenne prime made 256**16 equal
    2, and a second claim of one run, `v1/.../b` after `v3/.../a`, was taken for the first:
    a tester's row.)"""
    from hooks.repo.memo import _PRIME
    from hooks.repo.memo import _SHORT_KEY
    from hooks.repo.memo import _digest

    assert _is_prime(_PRIME)
    power = 1
    for _distance in range(1, _SHORT_KEY):
        power = power * 256 % _PRIME
        for d2 in range(1, 256):
            product = power * d2 % _PRIME
            assert min(product, _PRIME - product) > 255, (_distance, d2)
    # The tester's rows: changes whose names collided under 2**127 - 1.
    pairs = [
        (b"claim\0src/api/v3/handlers/user/a.ts", b"claim\0src/api/v1/handlers/user/b.ts"),
        (b"zz/A" + b"x" * 126 + b"B.ts", b"zz/B" + b"x" * 126 + b"A.ts"),
        (b"--config cfg/v3/databases/pgx/a.toml", b"--config cfg/v1/databases/pgx/b.toml"),
    ]
    for first, second in pairs:
        assert _digest(first) != _digest(second), (first, second)


def test_two_claims_of_one_run_that_differ_by_two_bytes_both_report(monkeypatch, tmp_path):
    """The markers of one run: two changes (or two entries' claims) a couple of bytes apart
    are two claims, each the first of its own."""
    monkeypatch.setenv("PRE_COMMIT", "1")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    first = b"atlas-first\0M src/api/v3/handlers/user/a.ts"
    second = b"atlas-first\0M src/api/v1/handlers/user/b.ts"
    assert first_in_run(first)
    assert first_in_run(second)
    assert not first_in_run(first)
    assert not first_in_run(second)

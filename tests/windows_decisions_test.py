"""Each Windows decision as a pure function, with rows for Windows and POSIX: they run on
every machine (and on windows-latest in .github/workflows/ci.yml), none needs Windows."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from hooks.repo.memo import _cache_folder
from hooks.report.violation import ToolError
from hooks.schema.sql import missing_parser_message
from hooks.setup.init import regenerate_command
from hooks.setup.verify import link_folder
from hooks.setup.verify import remove_tree
from hooks.setup.verify import resolve_program
from hooks.setup.verify import rmtree_error_keyword

# --- the memo folder (hooks/repo/memo.py) -------------------------------------------------------

LOCAL = r"C:\Users\me\AppData\Local"
SHARED_TEMP = {"TEMP": r"C:\Windows\Temp", "TMP": r"C:\Windows\Temp", "TMPDIR": r"C:\Temp"}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        pytest.param(
            {"LOCALAPPDATA": LOCAL, **SHARED_TEMP},
            LOCAL + r"\atlas-first\cache",
            id="local-app-data-not-the-shared-temp",
        ),
        pytest.param(
            {"LOCALAPPDATA": LOCAL + "\\"}, LOCAL + r"\atlas-first\cache", id="trailing-backslash"
        ),
        pytest.param(
            {"LOCALAPPDATA": r"\\server\profiles\me\Local"},
            r"\\server\profiles\me\Local\atlas-first\cache",
            id="a-network-profile",
        ),
        pytest.param(
            {"USERPROFILE": r"C:\Users\me", **SHARED_TEMP},
            r"C:\Users\me\.atlas-first\cache",
            id="no-local-app-data-the-home-folder",
        ),
        pytest.param(
            {"LOCALAPPDATA": r"AppData\Local", "USERPROFILE": r"C:\Users\me"},
            r"C:\Users\me\.atlas-first\cache",
            id="a-relative-local-app-data-is-not-used",
        ),
        pytest.param(
            {"HOMEDRIVE": "D:", "HOMEPATH": r"\Users\me"},
            r"D:\Users\me\.atlas-first\cache",
            id="home-drive-and-path",
        ),
        pytest.param(SHARED_TEMP, None, id="only-temp-means-no-memo-folder"),
        pytest.param({"USERPROFILE": "", "LOCALAPPDATA": ""}, None, id="empty-values"),
        pytest.param({"LOCALAPPDATA": "\\\\"}, None, id="a-unc-prefix-alone"),
    ],
)
def test_windows_memo_folder_is_in_the_users_profile_never_in_temp(environ, expected) -> None:
    found = _cache_folder("nt", environ, None, isdir=lambda _: True)
    assert found == expected
    temps = [v for k, v in environ.items() if k in SHARED_TEMP]
    assert found is None or not any(found.startswith(t) for t in temps)


@pytest.mark.parametrize(
    ("environ", "dirs", "uid", "expected"),
    [
        pytest.param({"TMPDIR": "/var/tmp"}, {"/var/tmp"}, 1000, "/var/tmp/atlas-first-1000", id="tmpdir"),
        pytest.param(
            {"TMPDIR": "/var/folders/x/T/"}, {"/var/folders/x/T/"}, 501,
            "/var/folders/x/T/atlas-first-501", id="macos-tmpdir-with-a-slash",
        ),
        pytest.param(
            {"TMPDIR": "/gone", "TEMP": "/scratch"}, {"/scratch"}, 7, "/scratch/atlas-first-7",
            id="a-missing-tmpdir-then-temp",
        ),
        pytest.param({}, set(), 1000, "/tmp/atlas-first-1000", id="nothing-set-is-tmp"),
        pytest.param(
            {"LOCALAPPDATA": LOCAL, "USERPROFILE": r"C:\Users\me"}, set(), 1000,
            "/tmp/atlas-first-1000", id="windows-variables-are-not-read",
        ),
        pytest.param({"TMPDIR": "/"}, {"/"}, 0, "/atlas-first-0", id="root-folder"),
        pytest.param({}, set(), None, "/tmp/atlas-first-user", id="no-uid"),
    ],
)  # fmt: skip
def test_posix_memo_folder_is_unchanged(environ, dirs, uid, expected) -> None:
    assert _cache_folder("posix", environ, uid, isdir=dirs.__contains__) == expected


# --- node_modules in verify's scratch copy (hooks/setup/verify.py) --------------------------------


class _Links:
    def __init__(self, symlink_ok: bool, junction_ok: bool) -> None:
        self.symlink_ok, self.junction_ok = symlink_ok, junction_ok
        self.calls: list[str] = []

    def symlink(self, src: str, dst: str) -> None:
        self.calls.append("symlink")
        if not self.symlink_ok:
            raise OSError(1314, "A required privilege is not held by the client")

    def junction(self, src: str, dst: str) -> None:
        self.calls.append("junction")
        if not self.junction_ok:
            raise OSError(5, "Access is denied")


@pytest.mark.parametrize(
    ("os_name", "symlink_ok", "junction_ok", "linked", "calls"),
    [
        pytest.param("nt", True, True, True, ["symlink"], id="windows-developer-mode-symlink"),
        pytest.param("nt", False, True, True, ["symlink", "junction"], id="windows-no-privilege-junction"),
        pytest.param("nt", False, False, False, ["symlink", "junction"], id="windows-neither"),
        pytest.param("posix", True, True, True, ["symlink"], id="posix-symlink"),
        pytest.param("posix", False, True, False, ["symlink"], id="posix-never-a-junction"),
    ],
)  # fmt: skip
def test_node_modules_link_falls_back_to_a_junction_on_windows(
    os_name, symlink_ok, junction_ok, linked, calls
) -> None:
    links = _Links(symlink_ok, junction_ok)
    assert link_folder("src", "dst", os_name, links.symlink, links.junction) is linked
    assert links.calls == calls


def test_linked_node_modules_are_removed_without_touching_their_contents(tmp_path) -> None:
    from hooks.setup.verify import _link_node_modules
    from hooks.setup.verify import _unlink_folder_link

    source, worktree = tmp_path / "repo", tmp_path / "tree"
    (source / "packages" / "db" / "node_modules" / "drizzle-kit").mkdir(parents=True)
    (source / "node_modules").mkdir()
    (worktree / "packages" / "db").mkdir(parents=True)
    try:
        made = _link_node_modules(str(source), str(worktree), ["", "packages/db", "apps/none"])
    except NotImplementedError:  # pragma: no cover - a file system without links
        pytest.skip("no links here")
    assert made == [
        os.path.join(str(worktree), "node_modules"),
        os.path.join(str(worktree), "packages", "db", "node_modules"),
    ]
    assert (worktree / "packages" / "db" / "node_modules" / "drizzle-kit").is_dir()
    assert _link_node_modules(str(source), str(worktree), ["packages/db"]) == []  # already there
    for link in made:
        _unlink_folder_link(link)
        assert not os.path.lexists(link)
    assert (source / "packages" / "db" / "node_modules" / "drizzle-kit").is_dir()
    _unlink_folder_link(made[0])  # gone already: no error


# --- pnpm, npx and their .cmd shims (hooks/setup/verify.py) --------------------------------------

NODE = r"C:\Program Files\nodejs"
ON_PATH = {"npx": NODE + r"\npx.CMD", "pnpm": NODE + r"\pnpm.CMD", "sh": "/usr/bin/sh"}


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        pytest.param(["npx", "drizzle-kit", "pull"], [NODE + r"\npx.CMD", "drizzle-kit", "pull"], id="npx-is-npx-cmd"),
        pytest.param(["pnpm", "db:sync"], [NODE + r"\pnpm.CMD", "db:sync"], id="pnpm-is-pnpm-cmd"),
        pytest.param(["sh", "scripts/sync-schema.sh"], ["/usr/bin/sh", "scripts/sync-schema.sh"], id="posix-program"),
        pytest.param(["yarn", "sync"], None, id="not-installed"),
        pytest.param(["./scripts/sync.sh"], ["./scripts/sync.sh"], id="a-path-runs-as-written"),
        pytest.param([r"tools\sync.cmd", "x"], [r"tools\sync.cmd", "x"], id="a-windows-path-runs-as-written"),
    ],
)  # fmt: skip
def test_regenerate_program_is_found_as_windows_finds_it(command, expected) -> None:
    asked: list[str] = []

    def which(name: str) -> str | None:
        asked.append(name)
        return ON_PATH.get(name)

    assert resolve_program(command, which) == expected
    assert asked == ([] if "/" in command[0] or "\\" in command[0] else [command[0]])


def test_a_missing_regenerate_tool_is_one_line(tmp_path) -> None:
    from hooks.setup.verify import run_regenerate

    with pytest.raises(ToolError) as caught:
        run_regenerate(["no-such-tool-xyz", "sync"], str(tmp_path))
    assert str(caught.value) == (
        "regenerate: 'no-such-tool-xyz' was not found on PATH; install it or fix 'regenerate'"
    )


# --- removing git's read-only files (hooks/setup/verify.py) --------------------------------------


@pytest.mark.parametrize(
    ("version", "keyword"),
    [((3, 10), "onerror"), ((3, 11), "onerror"), ((3, 12), "onexc"), ((3, 13), "onexc")],
)
def test_rmtree_handler_keyword_follows_the_python_version(version, keyword) -> None:
    assert rmtree_error_keyword(version) == keyword


def test_scratch_folder_with_read_only_files_is_removed_without_warnings(tmp_path) -> None:
    """(pytest turns warnings into errors: `onerror` on 3.12+ would fail this test.)"""
    objects = tmp_path / "scratch" / "tree" / ".git" / "objects" / "ab"
    objects.mkdir(parents=True)
    for name in ("cdef", "0123"):
        (objects / name).write_bytes(b"blob")
        (objects / name).chmod(stat.S_IREAD)
    objects.chmod(stat.S_IREAD | stat.S_IEXEC)
    remove_tree(str(tmp_path / "scratch"))
    assert not (tmp_path / "scratch").exists()
    remove_tree(str(tmp_path / "scratch"))  # gone already: no error


def unlink(path: str) -> None:
    """os.unlink as Windows does it: a read-only file is not deleted."""
    if not os.stat(path).st_mode & stat.S_IWRITE:
        raise PermissionError(13, "Access is denied", path)
    os.unlink(path)


def test_read_only_file_is_made_writable_and_removed(tmp_path) -> None:
    from hooks.setup.verify import _writable_and_retry

    target = tmp_path / "object"
    target.write_bytes(b"blob")
    target.chmod(stat.S_IREAD)
    with pytest.raises(PermissionError):
        unlink(str(target))
    _writable_and_retry(unlink, str(target), None)
    assert not target.exists()


@pytest.mark.parametrize(
    "func",
    [pytest.param(os.scandir, id="a-listing"), pytest.param(os.lstat, id="a-stat")],
)
def test_only_removals_are_retried(tmp_path, func) -> None:
    from hooks.setup.verify import _writable_and_retry

    target = tmp_path / "object"
    target.write_bytes(b"blob")
    target.chmod(stat.S_IREAD)
    _writable_and_retry(func, str(target), None)
    assert target.exists()
    assert not target.stat().st_mode & stat.S_IWRITE  # left as it was


def test_a_removal_that_fails_again_is_left(tmp_path) -> None:
    from hooks.setup.verify import _writable_and_retry

    _writable_and_retry(os.rmdir, str(tmp_path / "gone"), None)  # no error


# --- init's regenerate command (hooks/setup/init.py) ---------------------------------------------

SH = "scripts/sync-schema.sh"
PS1 = "scripts/sync-schema.ps1"
BYPASS = ["-NoProfile", "-ExecutionPolicy", "Bypass", "-File", PS1]


@pytest.mark.parametrize(
    ("scripts", "os_name", "installed", "expected"),
    [
        pytest.param([SH, PS1], "posix", {"sh", "pwsh"}, ["sh", SH], id="posix-both-sh"),
        pytest.param([SH, PS1], "posix", {"pwsh"}, ["pwsh", "-NoProfile", "-File", PS1], id="posix-no-sh-powershell"),
        pytest.param([PS1], "posix", {"sh"}, ["pwsh", "-NoProfile", "-File", PS1], id="posix-only-ps1"),
        pytest.param([SH], "posix", set(), ["sh", SH], id="posix-only-sh"),
        pytest.param([SH, PS1], "nt", {"sh", "pwsh"}, ["pwsh", *BYPASS], id="windows-both-ps1-even-with-git-bash"),
        pytest.param([SH, PS1], "nt", set(), ["powershell", *BYPASS], id="windows-powershell-without-pwsh"),
        pytest.param([PS1], "nt", {"pwsh"}, ["pwsh", *BYPASS], id="windows-only-ps1-pwsh"),
        pytest.param([SH], "nt", {"sh"}, ["sh", SH], id="windows-only-sh-git-bash"),
        pytest.param([SH], "nt", set(), ["sh", SH], id="windows-only-sh-nothing-better"),
        pytest.param([], "nt", {"sh", "pwsh"}, [], id="windows-no-script"),
        pytest.param([], "posix", {"sh"}, [], id="posix-no-script"),
    ],
)  # fmt: skip
def test_init_regenerate_command_runs_a_script_this_machine_can(
    scripts, os_name, installed, expected
) -> None:
    def which(name: str) -> str | None:
        return f"/bin/{name}" if name in installed else None

    assert regenerate_command(scripts, os_name, which) == expected


# --- postgast missing (hooks/schema/sql.py, pyproject.toml) ---------------------------------------


@pytest.mark.parametrize(
    ("platform", "machine", "arm"),
    [
        pytest.param("win32", "ARM64", True, id="windows-arm64"),
        pytest.param("win32", "arm64", True, id="windows-arm64-lower-case"),
        pytest.param("win32", "AMD64", False, id="windows-x64"),
        pytest.param("linux", "aarch64", False, id="linux-arm"),
        pytest.param("darwin", "arm64", False, id="macos-arm"),
    ],
)
def test_missing_parser_says_what_to_do_in_one_line(platform, machine, arm) -> None:
    message = missing_parser_message(platform, machine)
    assert "\n" not in message
    assert "postgast" in message
    assert ("x64 Python" in message) is arm
    assert ("reinstall atlas-first-hooks" in message) is not arm


def test_missing_parser_is_a_tool_error(monkeypatch) -> None:
    import platform

    from hooks.schema import sql

    real = sql._spec_of  # (what importlib.util.find_spec finds: tests/schema_source_parser_test)
    monkeypatch.setattr(sql, "_spec_of", lambda name: None if name == "postgast" else real(name))
    monkeypatch.setattr(sql, "_LIBRARY", [])
    with pytest.raises(ToolError) as caught:
        sql._parse("SELECT 1;")
    assert str(caught.value) == missing_parser_message(sys.platform, platform.machine())


def _postgast_marker():
    markers = pytest.importorskip("packaging.requirements")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    from tests.conftest import PROJECT

    deps = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["dependencies"]
    (dep,) = [d for d in deps if d.startswith("postgast")]
    return markers.Requirement(dep).marker


@pytest.mark.parametrize(
    ("system", "machine", "installed"),
    [
        ("Windows", "ARM64", False),
        ("Windows", "AMD64", True),
        ("Windows", "x86", True),
        ("Linux", "aarch64", True),
        ("Linux", "x86_64", True),
        ("Darwin", "arm64", True),
    ],
)
def test_postgast_is_left_out_only_on_windows_arm64(system, machine, installed) -> None:
    marker = _postgast_marker()
    assert marker is not None
    env = {"platform_system": system, "platform_machine": machine}
    assert marker.evaluate(env) is installed

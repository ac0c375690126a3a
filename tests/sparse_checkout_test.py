"""Issue 38: what is committed is the index, whatever the checkout. A sparse checkout leaves
files out of the work tree (skip-worktree), and `git update-index --skip-worktree` or
`--assume-unchanged` lets the work-tree copy differ from the index unseen by `git diff` (and so
by pre-commit's stash). Under pre-commit/prek (PRE_COMMIT=1) and `--all-files` the work tree
stands for the index everywhere else; these entries are read from the index, and a file
missing from the work tree is not a deletion. The drift rows run every probe: the pre-commit hook,
the all-in-one hook under pre-commit, a plain git hook (`atlas-first check`) and
`check --all-files`; the full-checkout rows keep their verdicts."""

from __future__ import annotations

import subprocess

import pytest

from hooks.cli import main as cli_main
from hooks.forbid_generated_schema_edits import main as generated_main
from hooks.repo.listings import parse_index_listing
from hooks.repo.repository import Repo
from hooks.setup.demo import REGENERATED
from hooks.setup.demo import SCHEMA_TS
from tests.git_processes_test import _git_runs

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import GitRepo

SQL = "packages/database/schema.sql"
PULL = "packages/database/src/schema/schema.ts"
PKG = "packages/database/package.json"
NEW_SQL = str(REGENERATED[SQL])
NEW_PULL = str(REGENERATED[PULL])
# a column the source never had: drift wherever the pull is read
DRIFTED_PULL = SCHEMA_TS.replace("});", "\tnickname: text(),\n});")
PUSH = '{"scripts": {"db:push": "drizzle-kit push"}}\n'
CLEAN = '{"scripts": {"db:pull": "drizzle-kit pull"}}\n'


@pytest.fixture(autouse=True)
def private_memo(tmp_path, monkeypatch):
    """Run markers and memos of this test's own (each probe reports its findings)."""
    (tmp_path / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))


def _sparse(repo: GitRepo, *args: str) -> None:
    proc = subprocess.run(
        ["git", "sparse-checkout", "set", *args],
        cwd=repo.path,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:  # (git older than 2.35: no --no-cone, no --sparse-index)
        pytest.skip(f"this git has no `sparse-checkout set {' '.join(args)}`: {proc.stderr}")


def _without_generated(repo: GitRepo) -> None:
    """Cone mode, the common form: only the migrations of packages/database (and the files
    beside them, schema.sql among them) are checked out; the pull is not."""
    _sparse(repo, "packages/database/migrations")
    assert not (repo.path / PULL).exists()
    assert (repo.path / SQL).exists()


def _without_generated_sparse_index(repo: GitRepo) -> None:
    """The same, with a sparse index (the generated folder is one tree entry in it)."""
    _sparse(repo, "--sparse-index", "packages/database/migrations")
    assert not (repo.path / PULL).exists()


def _without_source(repo: GitRepo) -> None:
    """Non-cone patterns: everything but schema.sql."""
    _sparse(repo, "--no-cone", "/*", "!/packages/database/schema.sql")
    assert not (repo.path / SQL).exists()
    assert (repo.path / PULL).exists()


def _full(repo: GitRepo) -> None:
    """The ordinary checkout: the negative rows."""


CHECKOUTS: dict[str, Callable[[GitRepo], None]] = {
    "full checkout": _full,
    "cone without the generated folder": _without_generated,
    "sparse index without the generated folder": _without_generated_sparse_index,
    "non-cone without schema.sql": _without_source,
}


def _probe(name: str, monkeypatch) -> int:
    """One run, the way each runner makes it."""
    if name in ("pre-commit hook", "pre-commit all-in-one hook"):
        monkeypatch.setenv("PRE_COMMIT", "1")
    else:
        monkeypatch.delenv("PRE_COMMIT", raising=False)
    if name == "pre-commit hook":
        return generated_main([SQL])  # (this hook reads the change, not its file names)
    if name == "pre-commit all-in-one hook":
        return cli_main(["hook", SQL])
    if name == "plain git hook":
        return cli_main(["check"])
    return cli_main(["check", "--all-files"])


PROBES = ["pre-commit hook", "pre-commit all-in-one hook", "plain git hook", "check --all-files"]


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("checkout", list(CHECKOUTS))
def test_a_schema_change_committed_without_its_pull_is_drift_whatever_the_checkout(
    monorepo, monkeypatch, capsys, checkout, probe
) -> None:
    CHECKOUTS[checkout](monorepo)
    _stage_blob(monorepo, SQL, NEW_SQL)
    assert _probe(probe, monkeypatch) == 1
    out = capsys.readouterr().out
    assert f"{SQL}:5:3: AF102 column public.users.email is in the source" in out


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("checkout", list(CHECKOUTS))
def test_a_schema_change_committed_with_its_pull_passes_whatever_the_checkout(
    monorepo, monkeypatch, capsys, checkout, probe
) -> None:
    CHECKOUTS[checkout](monorepo)
    for path, text in ((SQL, NEW_SQL), (PULL, NEW_PULL)):
        _stage_blob(monorepo, path, text)
    assert _probe(probe, monkeypatch) == 0, capsys.readouterr().out


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("checkout", list(CHECKOUTS))
def test_a_file_left_out_of_the_checkout_is_no_deletion(
    monorepo, monkeypatch, capsys, checkout, probe
) -> None:
    """Nothing staged, nothing drifts (`pre-commit run --all-files`: every database): no
    AF102 for tables that exist, as when a source left out was read as empty."""
    CHECKOUTS[checkout](monorepo)
    assert _probe(probe, monkeypatch) == 0, capsys.readouterr().out


@pytest.mark.parametrize("checkout", list(CHECKOUTS))
def test_drift_already_committed_is_found_under_all_files_whatever_the_checkout(
    monorepo, monkeypatch, capsys, checkout
) -> None:
    monorepo.stage(PULL, DRIFTED_PULL)
    monorepo.commit("a hand edit, --no-verify")
    CHECKOUTS[checkout](monorepo)
    assert _probe("check --all-files", monkeypatch) == 1
    assert "AF102 column public.users.nickname is in the generated schema" in (
        capsys.readouterr().out
    )
    monkeypatch.setenv("PRE_COMMIT", "1")  # `pre-commit run --all-files`: nothing staged
    assert generated_main([]) == 1
    assert "AF102 column public.users.nickname" in capsys.readouterr().out


def _stage_blob(repo: GitRepo, path: str, text: str) -> None:
    """Stage `text` at `path`: with `git add` where the work tree holds the file; else into
    the index only (as `git add --sparse` of a file the checkout then leaves out again)."""
    if (repo.path / path).exists():
        repo.stage(path, text)
        return
    blob = repo.path.parent / "blob.tmp"
    blob.write_text(text)
    oid = repo.git("hash-object", "-w", str(blob)).strip()
    repo.git("update-index", "--add", "--cacheinfo", f"100644,{oid},{path}")
    repo.git("sparse-checkout", "reapply")
    assert not (repo.path / path).exists()


BITS = ["--skip-worktree", "--assume-unchanged"]


@pytest.mark.parametrize("probe", PROBES)
@pytest.mark.parametrize("bit", [*BITS, None])
def test_a_regenerated_pull_the_index_does_not_hold_is_not_judged(
    monorepo, monkeypatch, capsys, bit, probe
) -> None:
    """The work tree holds the pull that would match; the index holds the old one, and that
    is committed: drift. (No bit: the regenerated pull is an unstaged edit, which pre-commit
    stashes: the in-process probes under PRE_COMMIT=1 see it, as a stash would not leave it.)"""
    if bit is not None:
        monorepo.git("update-index", bit, PULL)
    monorepo.write(PULL, NEW_PULL)  # stale for git: not what is committed
    monorepo.stage(SQL, NEW_SQL)
    expected = 0 if bit is None and probe != "plain git hook" else 1
    assert _probe(probe, monkeypatch) == expected
    assert ("AF102" in capsys.readouterr().out) == bool(expected)


@pytest.mark.parametrize("bit", [*BITS, None])
def test_a_stale_source_copy_is_not_judged_under_all_files(
    monorepo, monkeypatch, capsys, bit
) -> None:
    """The work-tree schema.sql has a column the pull lacks; the index's does not."""
    if bit is not None:
        monorepo.git("update-index", bit, SQL)
    monorepo.write(SQL, NEW_SQL)
    code = _probe("check --all-files", monkeypatch)
    assert ("AF102" in capsys.readouterr().out) == (bit is None)  # --all-files: the work tree
    assert code == (1 if bit is None else 0)


@pytest.mark.parametrize("bit", [*BITS, None])
@pytest.mark.parametrize(
    ("staged", "copy", "blocked"),
    [
        pytest.param(PUSH, CLEAN, 1, id="push-committed-clean-copy"),
        pytest.param(CLEAN, PUSH, 0, id="clean-committed-push-copy"),
    ],
)
def test_a_script_file_kept_apart_is_read_from_the_index_under_all_files(
    monorepo, monkeypatch, capsys, bit, staged, copy, blocked
) -> None:
    monorepo.stage(PKG, staged)
    monorepo.commit("scripts, --no-verify")
    if bit is not None:
        monorepo.git("update-index", bit, PKG)
    monorepo.write(PKG, copy)
    # No bit: --all-files reads the work tree, unstaged edits and all (pre-commit's too).
    expected = 1 - blocked if bit is None else blocked
    assert _probe("check --all-files", monkeypatch) == expected
    assert ('"db:push" runs "drizzle-kit push"' in capsys.readouterr().out) == bool(expected)


def test_a_script_file_out_of_the_checkout_is_read_from_the_index_by_a_hook(
    monorepo, monkeypatch, capsys
) -> None:
    _without_generated(monorepo)
    _stage_blob(monorepo, "packages/api/push.sh", "#!/bin/sh\nnpx drizzle-kit push\n")
    monkeypatch.setenv("PRE_COMMIT", "1")
    assert cli_main(["hook", "packages/api/push.sh"]) == 1
    assert "push.sh:2:1: AF301" in capsys.readouterr().out


# --- what git is asked --------------------------------------------------------------------


def test_index_listings_tag_the_entries_git_keeps_apart(monorepo) -> None:
    monorepo.git("update-index", "--assume-unchanged", SQL)
    monorepo.git("update-index", "--skip-worktree", PKG)
    out = monorepo.git("ls-files", "-s", "-v", "-z").encode()
    entries, apart = parse_index_listing(out, root=str(monorepo.path))
    assert sorted(apart) == [PKG, SQL]
    assert apart[SQL] == entries[SQL]
    assert PULL in entries
    assert PULL not in apart


def test_only_an_index_with_extended_flags_may_keep_files_out(monorepo, monkeypatch) -> None:
    assert Repo.discover().may_keep_apart() is False  # version 2: no skip-worktree entry
    monorepo.git("update-index", "--assume-unchanged", SQL)
    assert Repo.discover().may_keep_apart() is False  # (known from the listings' tags)
    monorepo.git("update-index", "--skip-worktree", PKG)
    assert Repo.discover().may_keep_apart() is True
    monorepo.git("update-index", "--no-skip-worktree", PKG)
    assert Repo.discover().may_keep_apart() is False  # git writes version 2 again
    monorepo.git("config", "index.version", "4")
    monorepo.git("update-index", "--index-version", "4")
    assert Repo.discover().may_keep_apart() is True  # version 4: cannot tell
    monkeypatch.setenv("GIT_INDEX_FILE", str(monorepo.path / "no-such-index"))
    assert Repo.discover().may_keep_apart() is True


def test_a_sparse_checkout_costs_one_cat_file_more(monorepo, monkeypatch, tmp_path, capsys):
    """The same commit, the same verdict: the pull left out is read from git, in one
    `git cat-file`; the listings that find it are the ones the run makes anyway."""
    monorepo.stage(SQL, NEW_SQL)
    monkeypatch.setenv("PRE_COMMIT", "1")

    def run() -> list[str]:
        fresh = tmp_path / f"memo{len(list(tmp_path.iterdir()))}"
        fresh.mkdir()
        monkeypatch.setenv("TMPDIR", str(fresh))  # cold memos, fresh run markers
        return _git_runs(monkeypatch, tmp_path, lambda: cli_main(["hook", SQL]))

    full = run()
    verdict = capsys.readouterr().out
    assert "AF102" in verdict
    monorepo.git("sparse-checkout", "set", "packages/database/migrations")
    sparse = run()
    assert capsys.readouterr().out == verdict
    assert sorted(sparse) == sorted([*full, "cat-file"])

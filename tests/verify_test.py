"""`atlas-first verify` with a small real generator (a Python script) in real git worktrees.

The PostgreSQL + drizzle-kit version of these checks is in real_tools_test.py.
"""

from __future__ import annotations

import json
import sys

import pytest

from hooks.cli import main

GEN = "db/types/schema.ts"

GENERATOR = """\
import pathlib, re
sql = pathlib.Path("db/schema.sql").read_text()
out = pathlib.Path("db/types")
out.mkdir(parents=True, exist_ok=True)
tables = re.findall(r"CREATE TABLE (\\w+)", sql)
out.joinpath("schema.ts").write_text("".join(f"export const {t} = '{t}';\\n" for t in tables))
for extra in pathlib.Path(".").glob("EXTRA_*"):
    out.joinpath(extra.name[6:]).write_text("extra\\n")
if pathlib.Path("LEFTOVER").exists():  # drizzle-kit 1.0's pull: its commented-out migration
    folder = out / "20261206043218_rare_hercules"
    folder.mkdir(exist_ok=True)
    folder.joinpath("migration.sql").write_text("-- Current sql file was generated after introspecting the database\\n/*\\n*/")
    folder.joinpath("snapshot.json").write_text('{"version": "9", "dialect": "postgres", "prevIds": []}')
if pathlib.Path("FAIL").exists():
    print("cannot reach the database")
    raise SystemExit(3)
"""


@pytest.fixture
def project(repo):
    config = {
        "generated": ["db/types/"],
        "sources": ["db/schema.sql"],
        "migrations": ["db/migrations/"],
        "regenerate": [sys.executable, "tools/gen.py"],
    }
    lines = [f"{k} = {json.dumps(v)}" for k, v in config.items()]
    repo.write(".atlas-first.toml", "\n".join(lines) + "\n")
    repo.write("tools/gen.py", GENERATOR)
    repo.write("db/schema.sql", "CREATE TABLE users (id int);\n")
    repo.write(GEN, "export const users = 'users';\n")
    repo.add()
    repo.commit("initial")
    return repo


def test_committed_output_matches(project, capsys) -> None:
    assert main(["verify"]) == 0
    assert "verified 1 committed generated file(s)" in capsys.readouterr().out


def test_hand_edit_with_a_cosmetic_source_change_is_caught(project, capsys) -> None:
    project.write("db/schema.sql", "-- cosmetic\nCREATE TABLE users (id int);\n")
    project.write(GEN, "export const users = 'users';\nexport const hacked = 1;\n")
    project.add()
    project.commit("sneaky")
    assert main(["check", "--from-ref", "HEAD~1", "--to-ref", "HEAD"]) == 0  # paired: allowed
    capsys.readouterr()
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert f"{GEN}: AF501 differs from what regeneration writes" in out
    assert "-export const hacked = 1;" in out


def test_missing_and_extra_files(project, capsys) -> None:
    project.write("db/types/handwritten.ts", "export {};\n")
    project.write("db/types/old/schema.ts", "export {};\n")
    project.write("EXTRA_relations.ts", "")
    project.add()
    project.commit("more")
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "db/types/old/schema.ts: AF502 committed in the generated folder" in out
    assert (
        "db/types/relations.ts: AF503 regeneration writes this file, but it is not committed" in out
    )
    assert "handwritten.ts" not in out  # pull never writes it: not generated (issue 36)


def test_pulls_leftover_migration_folder_is_not_a_generated_file(project, capsys) -> None:
    """drizzle-kit 1.0's pull leaves `<out>/<timestamp>_<name>/` (its commented-out
    migration): not a file pull's types are made of, so neither AF502 nor AF503."""
    project.write("LEFTOVER", "")
    project.add()
    project.commit("1.0")
    assert main(["verify"]) == 0, capsys.readouterr().out


def test_verifies_the_commit_not_the_work_tree(project, capsys) -> None:
    project.write(GEN, "dirty, uncommitted\n")
    assert main(["verify"]) == 0
    project.write(GEN, "export const users = 'users';\n")
    project.write(GEN, "export const hacked = 1;\n")
    project.add()
    project.commit("hack")
    assert main(["verify", "--rev", "HEAD~1"]) == 0
    assert main(["verify", "--rev", "HEAD"]) == 1


def test_failing_command_is_exit_2_with_its_output(project, capsys) -> None:
    project.write("FAIL", "")
    project.add()
    project.commit("break")
    assert main(["verify"]) == 2
    err = capsys.readouterr().err
    assert "failed with exit 3; nothing was verified" in err
    assert "| cannot reach the database" in err


def test_command_not_found(project, capsys) -> None:
    project.write(
        ".atlas-first.toml", 'generated = ["db/types/"]\nregenerate = ["no-such-tool-xyz"]\n'
    )
    assert main(["verify"]) == 2
    err = capsys.readouterr().err
    assert "'no-such-tool-xyz' was not found on PATH" in err
    assert len(err.strip().splitlines()) == 1


def test_no_regenerate_configured(project, capsys) -> None:
    project.write(".atlas-first.toml", 'generated = ["db/types/"]\n')
    assert main(["verify"]) == 2
    assert "set 'regenerate'" in capsys.readouterr().err


def test_unknown_rev(project, capsys) -> None:
    assert main(["verify", "--rev", "nope"]) == 2
    assert "nope: no such commit here" in capsys.readouterr().err


def test_worktree_is_removed_and_user_hooks_do_not_run(project) -> None:
    hooks = project.path / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    marker = project.path / "post-checkout-ran"
    (hooks / "post-checkout").write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    (hooks / "post-checkout").chmod(0o755)
    assert main(["verify"]) == 0
    assert not marker.exists()
    assert len(project.git("worktree", "list").splitlines()) == 1


@pytest.mark.parametrize(
    "value",
    ['"sh scripts/sync.sh"', "[1, 2]", '[""]'],
)
def test_regenerate_must_be_an_argument_list(project, capsys, value) -> None:
    project.write(".atlas-first.toml", f"regenerate = {value}\n")
    assert main(["verify"]) == 2
    assert "'regenerate' must be a command as a list of strings" in capsys.readouterr().err


def test_a_program_that_vanishes_after_it_was_found_is_one_line(
    project, monkeypatch, capsys
) -> None:
    """`shutil.which` found it (e.g. a stale `pnpm.cmd` shim), running it did not."""
    import shutil

    project.write(
        ".atlas-first.toml", 'generated = ["db/types/"]\nregenerate = ["pnpm", "db:sync"]\n'
    )
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: str(project.path / "gone" / name))
    assert main(["verify"]) == 2
    err = capsys.readouterr().err
    assert "was not found; install it or fix 'regenerate'" in err
    assert len(err.strip().splitlines()) == 1


def test_node_modules_are_linked_in_and_unlinked_before_the_worktree_goes(project) -> None:
    """The scratch copy runs the checkout's tools; removing it leaves them as they were."""
    project.write("package.json", '{"name": "app"}\n')
    project.write(".gitignore", "node_modules/\n")
    project.add()
    project.commit("a package")
    tool = project.path / "node_modules" / ".bin" / "drizzle-kit"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\n")
    project.write(
        "tools/gen.py",
        GENERATOR + 'assert pathlib.Path("node_modules/.bin/drizzle-kit").is_file()\n',
    )
    project.add()
    project.commit("the generator uses the tools")
    assert main(["verify"]) == 0
    assert tool.read_text() == "#!/bin/sh\n"
    assert len(project.git("worktree", "list").splitlines()) == 1

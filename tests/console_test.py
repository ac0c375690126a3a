"""The console entry points end the process with `os._exit` after flushing (issue 25): what
they print and the exit code are the same as `main`'s run in the usual way, whatever the
output's size and wherever it goes (a pipe, a pipe the reader closes early)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import clean_env

GEN = "packages/database/src/schema/schema.ts"
NEW = "packages/database/migrations/0001_add_email.sql"

# The same entry point run two ways: through the console wrapper, and as `sys.exit(main())`.
FAST = "import sys; from hooks import _console; sys.argv[0] = 'x'; _console.{func}()"
USUAL = "import sys; from {module} import main; sys.argv[0] = 'x'; sys.exit(main())"


def _env() -> dict[str, str]:
    """The test's environment without a runner's variables, with the project importable."""
    return clean_env(PYTHONPATH=os.environ.get("PYTHONPATH", ""))


def _both(func: str, module: str, args: list[str]) -> tuple[subprocess.CompletedProcess[str], ...]:
    runs = []
    for code in (FAST.format(func=func), USUAL.format(module=module)):
        runs.append(
            subprocess.run(
                [sys.executable, "-c", code, *args],
                capture_output=True,
                text=True,
                env=_env(),
                check=False,
            )
        )
    return tuple(runs)


CASES = [
    ("atlas_first", "hooks.cli", ["check"], 1),
    ("atlas_first", "hooks.cli", ["check", "--format", "sarif"], 1),
    ("atlas_first", "hooks.cli", ["check", "--format", "json", "--all-files"], 1),
    ("atlas_first", "hooks.cli", ["--version"], 0),
    ("atlas_first", "hooks.cli", ["check", "--help"], 0),
    ("atlas_first", "hooks.cli", ["check", "--no-such-option"], 2),
    ("atlas_first", "hooks.cli", [], 2),
    # The staged change's diff starts before the modules load (or not, for a range or the
    # whole tree): the same verdict either way.
    ("atlas_first", "hooks.cli", ["hook", GEN, NEW], 1),
    ("atlas_first", "hooks.cli", ["check", "--all"], 1),  # (--all-files, abbreviated)
    ("atlas_first", "hooks.cli", ["check", "--from-ref", "HEAD", "--to-ref", "HEAD"], 0),
    ("atlas_first", "hooks.cli", ["hook", "--to-r=HEAD", "--from-ref=HEAD"], 0),
    ("atlas_first", "hooks.cli", ["check", "--", "--all-files"], 1),  # (a file's name)
    ("lint_schema_source", "hooks.lint_schema_source", [], 0),
    ("forbid_new_migrations", "hooks.forbid_new_migrations", ["--format", "json", NEW], 1),
    ("forbid_new_migrations", "hooks.forbid_new_migrations", [NEW], 1),
    ("forbid_new_migrations", "hooks.forbid_new_migrations", ["README.md"], 0),
    ("forbid_generated_schema_edits", "hooks.forbid_generated_schema_edits", [], 1),
    ("forbid_drizzle_kit_scripts", "hooks.forbid_drizzle_kit_scripts", ["package.json"], 0),
    ("forbid_drizzle_migrator", "hooks.forbid_drizzle_migrator", ["--bogus"], 2),
    ("lint_schema_source", "hooks.lint_schema_source", ["packages/database/schema.sql"], 0),
    ("guard_atlas_config", "hooks.guard_atlas_config", ["packages/database/atlas.hcl"], 0),
]


@pytest.mark.parametrize(("func", "module", "args", "code"), CASES)
def test_console_entry_prints_and_exits_as_main_does(monorepo, func, module, args, code) -> None:
    monorepo.stage(GEN, "// edit\n")
    monorepo.stage(NEW, "select 1;\n")
    fast, usual = _both(func, module, args)
    assert fast.returncode == usual.returncode == code, (fast.stderr, usual.stderr)
    assert fast.stdout == usual.stdout
    assert fast.stderr == usual.stderr
    assert "Traceback" not in fast.stderr


def test_console_output_larger_than_a_pipe_buffer_arrives_whole(monorepo) -> None:
    for n in range(400):  # ~100 KB of findings: more than a pipe holds, flushed before exit
        monorepo.stage(f"packages/database/migrations/{n:04d}_x.sql", "select 1;\n")
    fast, usual = _both("atlas_first", "hooks.cli", ["check", "--format", "json"])
    assert len(fast.stdout) > 65536
    assert fast.stdout == usual.stdout
    assert fast.returncode == 1


def test_console_reader_closing_the_pipe_early_is_no_traceback(monorepo) -> None:
    for n in range(400):
        monorepo.stage(f"packages/database/migrations/{n:04d}_x.sql", "select 1;\n")
    with subprocess.Popen(
        [sys.executable, "-c", FAST.format(func="atlas_first"), "check"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # as `| head -1` does
        err = proc.stderr.read()
        assert proc.wait() == 1
    assert b"AF201" in first
    assert b"Traceback" not in err


@pytest.mark.parametrize(
    ("raised", "code", "stderr"),
    [("None", 0, ""), ("3", 3, ""), ("'no such thing'", 1, "no such thing\n")],
)
def test_console_exit_codes_follow_the_interpreter(raised, code, stderr) -> None:
    program = (
        "import sys, types; from hooks import _console\n"
        "m = types.ModuleType('m')\n"
        f"def main():\n    raise SystemExit({raised})\n"
        "m.main = main; sys.modules['m'] = m\n"
        "_console._run('m')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=_env(), check=False
    )
    assert (run.returncode, run.stderr) == (code, stderr)


@pytest.mark.parametrize(
    ("argv", "environ", "staged"),
    [
        ([], {}, True),
        (["a.ts", "--format", "json"], {}, True),
        (["--all-files"], {}, False),
        (["--all"], {}, False),  # an abbreviation the parser takes
        (["--from-ref=HEAD~1", "--to-ref", "HEAD"], {}, False),
        (["--to"], {}, False),
        (["-h"], {}, False),
        (["--help"], {}, False),
        (["--", "--all-files"], {}, True),  # a file of that name
        (["--config", "c.toml"], {}, True),
        ([], {"PRE_COMMIT_FROM_REF": "a", "PRE_COMMIT_TO_REF": "b"}, False),
        ([], {"PRE_COMMIT_FROM_REF": ""}, True),
    ],
)
def test_a_run_that_reads_the_staged_change_is_told_from_its_arguments(
    argv, environ, staged
) -> None:
    from hooks._console import reads_staged_change

    assert reads_staged_change(argv, environ) is staged

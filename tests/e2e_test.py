"""End to end: the real pre-commit and prek install this repository as a hook repository.

The hook repository is a snapshot of the current work tree committed in a temp folder, so the
tests exercise the code as it is now (not only what is committed). Each runner installs it once
per session into its own PRE_COMMIT_HOME / PREK_HOME under a temp folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GitRepo
from tests.conftest import checkout_example
from tests.conftest import clean_env

pytestmark = pytest.mark.e2e

GEN = "packages/database/src/schema/schema.ts"
SQL = "packages/database/schema.sql"
NEW = "packages/database/migrations/0001_add_email.sql"
HOOK_IDS = (
    "forbid-generated-schema-edits",
    "forbid-new-migrations",
    "forbid-drizzle-kit-scripts",
    "forbid-drizzle-migrator",
    "lint-schema-source",
    "guard-atlas-config",
)
PKG = "packages/database/package.json"


def _prek() -> str | None:
    here = Path(sys.executable).parent
    for name in ("prek", "prek.exe"):
        if (here / name).exists():
            return str(here / name)
    return shutil.which("prek")


RUNNERS = ["pre-commit", "prek"]


class Runner:
    def __init__(self, name: str, home: Path, repo: GitRepo) -> None:
        self.name = name
        self.repo = repo
        if name == "pre-commit":
            self.argv = [sys.executable, "-m", "pre_commit"]
            self.env = clean_env(PRE_COMMIT_HOME=str(home))
        else:
            prek = _prek()
            if prek is None:
                pytest.skip("prek is not installed (pip install prek, or the test extra)")
            self.argv = [prek]
            self.env = clean_env(PREK_HOME=str(home), PRE_COMMIT_HOME=str(home))
        self.env["NO_COLOR"] = "1"

    def run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        """Run a command in the consumer repository; stdout and stderr together."""
        return subprocess.run(
            argv,
            cwd=self.repo.path,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run([*self.argv, *args])

    def commit(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.run(["git", "commit", "-q", *args])


@pytest.fixture(params=RUNNERS)
def runner(request, hook_repo, runner_homes, tmp_path, monkeypatch) -> Runner:
    path = tmp_path / "consumer"
    repo = checkout_example(path, hook_repo)
    monkeypatch.chdir(path)
    run = Runner(request.param, runner_homes[request.param], repo)
    proc = run("install", "--hook-type", "pre-commit", "--hook-type", "pre-push")
    assert proc.returncode == 0, proc.stdout
    return run


def _last_subject(repo: GitRepo) -> str:
    return repo.git("log", "-1", "--format=%s").strip()


def test_hand_edit_commit_is_blocked(runner) -> None:
    runner.repo.stage(GEN, "// hand edit\n")
    proc = runner.commit("-m", "hand edit")
    assert proc.returncode != 0, proc.stdout
    assert f"{GEN}: AF101" in proc.stdout
    assert "git restore --staged" in proc.stdout
    assert _last_subject(runner.repo) == "the example monorepo, using atlas-first-hooks"


def test_sanctioned_regeneration_commits(runner) -> None:
    schema = (runner.repo.path / SQL).read_text()
    runner.repo.stage(SQL, schema + 'CREATE TABLE "t" ("id" int);\n')
    runner.repo.stage(GEN, "export const t = 1;\n")
    proc = runner.commit("-m", "regenerate")
    assert proc.returncode == 0, proc.stdout
    assert _last_subject(runner.repo) == "regenerate"


def test_new_migration_commit_is_blocked(runner) -> None:
    runner.repo.stage(NEW, "select 1;\n")
    proc = runner.commit("-m", "drizzle-kit generate")
    assert proc.returncode != 0, proc.stdout
    assert f"{NEW}: AF201" in proc.stdout


def test_run_all_files_on_a_clean_baselined_repository(runner) -> None:
    proc = runner("run", "--all-files")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.count("Passed") == len(HOOK_IDS)


def test_run_range_catches_a_no_verify_commit(runner) -> None:
    base = runner.repo.head()
    runner.repo.stage(NEW, "select 1;\n")
    runner.repo.stage(GEN, "// edit\n")
    runner.repo.commit("no-verify")
    proc = runner("run", "--from-ref", base, "--to-ref", "HEAD")
    assert proc.returncode == 1, proc.stdout
    assert f"{NEW}: AF201" in proc.stdout
    assert f"{GEN}: AF101" in proc.stdout
    proc = runner("run", "--all-files")
    assert proc.returncode == 1, proc.stdout
    assert f"{NEW}: AF201" in proc.stdout


def test_pre_push_blocks_a_no_verify_commit(runner, tmp_path) -> None:
    remote = tmp_path / "remote.git"
    runner.repo.git("init", "-q", "--bare", str(remote))
    runner.repo.git("remote", "add", "origin", str(remote))
    runner.repo.git("push", "-q", "--no-verify", "origin", "HEAD:refs/heads/main")
    runner.repo.stage(GEN, "// edit\n")
    runner.repo.commit("no-verify hand edit")
    proc = runner.run(["git", "push", "-q", "origin", "HEAD:refs/heads/main"])
    assert proc.returncode != 0, proc.stdout
    assert f"{GEN}: AF101" in proc.stdout


def test_sparse_checkouts_judge_the_index(runner) -> None:
    """Issue 38: the pull left out of a sparse checkout is read from the index, so a schema.sql
    change committed without it is drift; schema.sql left out is no deletion."""
    runner.repo.git("sparse-checkout", "set", "packages/database/migrations")
    assert not (runner.repo.path / GEN).exists()
    schema = (runner.repo.path / SQL).read_text()
    runner.repo.stage(SQL, schema + 'CREATE TABLE "t" ("id" int);\n')
    proc = runner.commit("-m", "schema.sql without its pull")
    assert proc.returncode != 0, proc.stdout
    drift = [line for line in proc.stdout.splitlines() if "AF102 table public.t is in the" in line]
    assert drift, proc.stdout
    assert drift[0].strip().startswith(f"{SQL}:")  # (prek indents what a hook prints)
    runner.repo.git("reset", "-q", "--hard")
    runner.repo.git("sparse-checkout", "set", "--no-cone", "/*", "!/" + SQL)
    assert not (runner.repo.path / SQL).exists()
    proc = runner("run", "--all-files")
    assert proc.returncode == 0, proc.stdout


def test_banned_script_commit_is_blocked(runner) -> None:
    text = (runner.repo.path / PKG).read_text()
    runner.repo.stage(
        PKG, text.replace('"db:pull"', '"db:push": "npx drizzle-kit push",\n    "db:pull"')
    )
    proc = runner.commit("-m", "add db:push")
    assert proc.returncode != 0, proc.stdout
    assert f'{PKG}:9:5: AF301 script "db:push" runs "drizzle-kit push"' in proc.stdout


def test_mentioning_drizzle_kit_commits(runner) -> None:
    text = (runner.repo.path / PKG).read_text()
    runner.repo.stage(
        PKG,
        text.replace('"db:pull"', '"db:help": "echo drizzle-kit push is banned",\n    "db:pull"'),
    )
    proc = runner.commit("-m", "docs")
    assert proc.returncode == 0, proc.stdout


def test_migrator_import_commit_is_blocked(runner) -> None:
    runner.repo.stage(
        "packages/database/src/migrate.ts",
        'import { migrate } from "drizzle-orm/node-postgres/migrator";\n',
    )
    proc = runner.commit("-m", "migrate on boot")
    assert proc.returncode != 0, proc.stdout
    assert "packages/database/src/migrate.ts:1:25: AF401" in proc.stdout


def test_all_in_one_hook_reports_change_findings_once_across_split_invocations(
    runner, hook_repo
) -> None:
    config = runner.repo.path / ".pre-commit-config.yaml"
    text = config.read_text()
    head, _, _ = text.partition("    hooks:")
    config.write_text(head + "    hooks:\n      - id: atlas-first\n")
    runner.repo.add()
    runner.repo.commit("use the all-in-one hook")
    runner.repo.git("rm", "-q", "packages/database/src/schema/relations.ts")
    for n in range(40):  # enough files for the runner to split the list across processes
        runner.repo.stage(f"apps/web/src/page-{n:02d}.ts", "export {};\n")
    runner.repo.stage(NEW, "select 1;\n")
    proc = runner.commit("-m", "split")
    assert proc.returncode != 0, proc.stdout
    assert proc.stdout.count("packages/database/src/schema/relations.ts: AF101") == 1, proc.stdout
    assert proc.stdout.count(f"{NEW}: AF201") == 1, proc.stdout
    runner.repo.git("reset", "-q", "--hard")
    runner.repo.stage("README.md", "# docs\n")
    proc = runner.commit("-m", "clean")
    assert proc.returncode == 0, proc.stdout


def test_two_entries_of_every_hook_each_report_what_they_were_asked_to_check(runner) -> None:
    """Issue 38: a second database's entries (`args: [--config, billing.toml]`) after the
    first's; a hand edit to billing's generated schema and a new billing migration, in a
    change long enough for the runner to split the file list."""
    repo = runner.repo
    repo.stage(
        "billing.toml",
        'generated = ["packages/billing/src/schema/"]\n'
        'sources = ["packages/billing/schema.sql"]\n'
        'migrations = ["packages/billing/migrations/"]\n'
        'baseline = ".atlas-first-baseline.json"\n',
    )
    repo.stage("packages/billing/schema.sql", 'CREATE TABLE "invoices" ("id" int);\n')
    repo.stage("packages/billing/src/schema/schema.ts", "export const invoices = 1;\n")
    config = repo.path / ".pre-commit-config.yaml"
    head, _, _ = config.read_text().partition("    hooks:")
    entries = "".join(f"      - id: {hook_id}\n" for hook_id in HOOK_IDS)
    entries += "".join(
        f"      - id: {hook_id}\n        args: [--config, billing.toml]\n" for hook_id in HOOK_IDS
    )
    config.write_text(f"{head}    hooks:\n{entries}")
    repo.add()
    repo.commit("a second database")
    billing = "packages/billing/src/schema/schema.ts"
    repo.stage(billing, "// hand edit\n")
    for n in range(40):
        repo.stage(f"apps/web/src/page-{n:02d}.ts", "export {};\n")
    proc = runner.commit("-m", "hand edit to billing")
    assert proc.returncode != 0, proc.stdout
    assert proc.stdout.count(f"{billing}: AF101") == 1, proc.stdout
    repo.git("reset", "-q", "--hard")
    repo.stage(GEN, "// hand edit\n")  # the first database's: its entries report it once
    proc = runner.commit("-m", "hand edit to database")
    assert proc.returncode != 0, proc.stdout
    assert proc.stdout.count(f"{GEN}: AF101") == 1, proc.stdout
    repo.git("reset", "-q", "--hard")
    repo.stage("README.md", "# docs\n")
    proc = runner.commit("-m", "clean")
    assert proc.returncode == 0, proc.stdout


def test_a_wrapped_entry_reports_change_findings_once_across_split_invocations(runner) -> None:
    """Issue 38: an entry behind a wrapper (`timeout`, `sh -c` without exec, as `uv run`
    and node scripts are) has a fresh parent per invocation; the run is the runner's."""
    import shlex

    repo = runner.repo
    here = shlex.quote(sys.executable)
    entries = {
        "direct": f"{here} -m hooks.cli hook",
        "timeout": f"timeout 120 {here} -m hooks.cli hook",
        "sh-c": f"sh -c '{here} -m hooks.cli hook \"$@\"; exit $?' --",
    }
    hooks = "".join(
        f"      - id: {name}\n        name: {name}\n        entry: {entry}\n"
        "        language: system\n"
        for name, entry in entries.items()
    )
    (repo.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: local\n    hooks:\n{hooks}"
    )
    repo.add()
    repo.commit("local hooks behind wrappers")
    runner.env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    for n in range(60):
        repo.stage(f"apps/web/src/page-{n:02d}.ts", "export {};\n")
    repo.git("rm", "-q", "packages/database/src/schema/relations.ts")
    proc = runner("run", "--verbose")
    assert proc.returncode != 0, proc.stdout
    gone = "packages/database/src/schema/relations.ts: AF101"
    assert proc.stdout.count(gone) == len(entries), proc.stdout


@pytest.mark.parametrize("runner_name", RUNNERS)
def test_zero_config_guards_the_drizzle_out_folder(
    runner_name, hook_repo, runner_homes, tmp_path, monkeypatch
) -> None:
    """Issue 15: the README's snippet, no `atlas-first init`, a layout whose drizzle config
    writes to ./drizzle; what `drizzle-kit generate` writes there must not commit."""
    from tests.zero_config_test import NEW_MIGRATION
    from tests.zero_config_test import livermore

    path = tmp_path / "livermore"
    path.mkdir()
    subprocess.run(["git", "init", "-q", str(path)], check=True)
    repo = livermore(GitRepo(path))
    hooks = "".join(f"      - id: {hook_id}\n" for hook_id in HOOK_IDS)
    repo.stage(
        ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_repo[0]}\n    rev: {hook_repo[1]}\n    hooks:\n{hooks}",
    )
    repo.commit("add the hooks")
    monkeypatch.chdir(path)
    run = Runner(runner_name, runner_homes[runner_name], repo)
    assert run("install").returncode == 0
    repo.stage(NEW_MIGRATION, "ALTER TABLE users ADD COLUMN email text;\n")
    proc = run.commit("-m", "drizzle-kit generate")
    assert proc.returncode != 0, proc.stdout
    assert f"{NEW_MIGRATION}: AF201" in proc.stdout
    assert _last_subject(repo) == "add the hooks"

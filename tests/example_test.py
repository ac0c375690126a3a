"""The example repository is the seed's system: its layout, its docs, and our hooks on it."""

from __future__ import annotations

import re

import pytest

from hooks.cli import main
from tests.conftest import EXAMPLE
from tests.conftest import GitRepo
from tests.conftest import checkout_example

DB = EXAMPLE / "packages" / "database"

LAYOUT = [
    "packages/database/schema.sql",
    "packages/database/atlas.hcl",
    "packages/database/drizzle.config.ts",
    "packages/database/package.json",
    "packages/database/src/index.ts",
    "packages/database/src/schema/schema.ts",
    "packages/database/src/schema/relations.ts",
    "scripts/sync-schema.ps1",
    "scripts/sync-schema.sh",
    "scripts/apply-schema-sandbox.ps1",
    "scripts/apply-schema-sandbox.sh",
    "scripts/apply-schema.ps1",
    "scripts/apply-schema.sh",
    ".pre-commit-config.yaml",
    ".atlas-first.toml",
    ".atlas-first-baseline.json",
    "ARCHITECTURE.md",
]


@pytest.mark.parametrize("rel", LAYOUT)
def test_layout(rel) -> None:
    assert (EXAMPLE / rel).is_file(), rel


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = re.search(r"^## ", text[start + len(heading) :], re.M)
    return text[start : start + len(heading) + nxt.start()] if nxt else text[start:]


def test_architecture_documents_the_workflow_as_the_seed_asks() -> None:
    text = (EXAMPLE / "ARCHITECTURE.md").read_text()
    workflow = _section(text, "## Database Workflow")
    assert "Drizzle migrations are BANNED" in workflow
    assert "schema.sql → Atlas → drizzle-kit pull" in workflow
    for script in ("sync-schema.ps1", "apply-schema-sandbox.ps1", "apply-schema.ps1"):
        assert f"| `{script}` |" in workflow
    for var in (
        "DATABASE_HOST", "DATABASE_PORT", "DATABASE_LIVERMORE_USERNAME",
        "DATABASE_LIVERMORE_PASSWORD", "LIVERMORE_DATABASE_NAME", "PG_SANDBOX_HOST",
        "PG_SANDBOX_USER", "PG_SANDBOX_PASSWORD",
    ):  # fmt: skip
        assert var in workflow
    anti = _section(workflow, "### Anti-Patterns (DO NOT)")
    assert "`drizzle-kit push` or `drizzle-kit generate`" in anti
    assert "packages/database/migrations/" in anti
    assert "packages/database/src/schema/" in anti
    assert "**DO** edit only `schema.sql`" in anti
    layer = _section(text, "**Database Layer (packages/database):**")
    assert "Schema management: Atlas (NOT Drizzle migrations)" in layer
    assert "**Database Schema Management:**" in text
    assert "**Database Migrations:**" not in text


def test_atlas_environments() -> None:
    hcl = (DB / "atlas.hcl").read_text()
    envs = re.findall(r'^env "(\w+)"', hcl, re.M)
    assert envs == ["local", "sandbox", "production"]
    production = hcl[hcl.index('env "production"') :]
    assert re.search(r"diff\s*{\s*skip\s*{[^}]*drop_table\s*=\s*true", production)
    assert "sslmode=require" in hcl
    assert "sslmode=disable" in (EXAMPLE / "scripts" / "sync-schema.sh").read_text()
    assert all('src = "file://schema.sql"' in block for block in hcl.split('env "')[1:])


def test_drizzle_config_pulls_into_the_generated_folder() -> None:
    config = (DB / "drizzle.config.ts").read_text()
    assert 'out: "./src/schema"' in config
    assert 'dialect: "postgresql"' in config


@pytest.fixture
def example_repo(tmp_path) -> GitRepo:
    return checkout_example(tmp_path / "example")


def test_our_hooks_pass_on_the_example(example_repo, monkeypatch, capsys) -> None:
    monkeypatch.chdir(example_repo.path)
    assert main(["check", "--all-files"]) == 0, capsys.readouterr()


def test_the_committed_baseline_is_current(example_repo, monkeypatch, capsys) -> None:
    monkeypatch.chdir(example_repo.path)
    assert main(["baseline"]) == 0
    assert "is up to date (3 legacy file(s))" in capsys.readouterr().out


def test_sync_scripts_only_pull(example_repo, monkeypatch, capsys) -> None:
    monkeypatch.chdir(example_repo.path)
    for script in ("scripts/sync-schema.ps1", "scripts/sync-schema.sh"):
        text = (example_repo.path / script).read_text()
        assert "drizzle-kit pull" in text
        (example_repo.path / script).write_text(
            text.replace("drizzle-kit pull", "drizzle-kit push")
        )
    assert main(["check", "--all-files"]) == 1
    out = capsys.readouterr().out
    assert "scripts/sync-schema.ps1:" in out
    assert "scripts/sync-schema.sh:" in out


def test_pre_commit_config_lists_every_hook() -> None:
    from tests.manifest_test import PUBLIC_IDS

    config = (EXAMPLE / ".pre-commit-config.yaml").read_text()
    for hook_id in PUBLIC_IDS - {"atlas-first"}:  # the four, or the all-in-one: not both
        assert f"- id: {hook_id}" in config
    assert "- id: atlas-first\n" not in config

from __future__ import annotations

import os
import shutil

import pytest

from hooks.cli import main
from hooks.project.config_files import load_config
from hooks.project.layout import detect_layout
from hooks.setup.init import INSTALL_COMMAND
from hooks.setup.init import choose_pin
from hooks.setup.init import installed_direct_url
from hooks.setup.init import pre_commit_snippet
from hooks.setup.init import regenerate_command
from tests.conftest import EXAMPLE
from tests.conftest import checkout_example
from tests.conftest import package_root_layout


@pytest.fixture
def bare_example(tmp_path, monkeypatch):
    """The example monorepo without its config and baseline: what init is for."""
    repo = checkout_example(tmp_path / "example")
    repo.git("rm", "-q", ".atlas-first.toml", ".atlas-first-baseline.json")
    repo.commit("before init")
    monkeypatch.chdir(repo.path)
    return repo


def test_init_detects_the_seed_layout(bare_example, capsys) -> None:
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    config = load_config(str(bare_example.path))
    assert config.origin == ".atlas-first.toml"
    assert config.patterns("generated") == ("packages/database/src/schema/",)
    assert config.patterns("sources") == ("packages/database/schema.sql",)
    assert config.patterns("migrations") == ("packages/database/migrations/",)
    scripts = ["scripts/sync-schema.sh", "scripts/sync-schema.ps1"]
    assert config.regenerate == tuple(regenerate_command(scripts, os.name, shutil.which))
    if os.name != "nt":
        assert config.regenerate == ("sh", "scripts/sync-schema.sh")
    text = (bare_example.path / ".atlas-first.toml").read_text()
    assert "#   drizzle config:    packages/database/drizzle.config.ts" in text
    assert "#   migration folder:  packages/database/migrations (meta/_journal.json)" in text
    assert '# allow-drizzle-kit-api = ["**/*.test.ts"]' in text
    assert "drifts from schema.sql" in text
    baseline = (bare_example.path / ".atlas-first-baseline.json").read_bytes()
    assert baseline == (EXAMPLE / ".atlas-first-baseline.json").read_bytes()
    snippet = pre_commit_snippet(choose_pin(installed_direct_url()))
    assert snippet in out  # pinned to how this package is installed (tests/init_pin_test.py)
    assert f"then run `{INSTALL_COMMAND}`" in out
    assert INSTALL_COMMAND == "pre-commit install --hook-type pre-commit --hook-type pre-push"
    for hook_id in ("forbid-generated-schema-edits", "forbid-new-migrations",
                    "forbid-drizzle-kit-scripts", "forbid-drizzle-migrator"):  # fmt: skip
        assert f"- id: {hook_id}" in out
    bare_example.add()
    assert main(["check", "--all-files"]) == 0


def test_init_writes_the_powershell_sync_script_where_no_sh_is_found(
    bare_example, monkeypatch, capsys
) -> None:
    """Git for Windows puts no `sh` on PATH: the team's sync-schema.ps1 is what runs there."""
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    assert main(["init"]) == 0
    command = load_config(str(bare_example.path)).regenerate
    assert command[0] in ("pwsh", "powershell")
    assert command[-2:] == ("-File", "scripts/sync-schema.ps1")
    text = (bare_example.path / ".atlas-first.toml").read_text()
    assert "#   sync script:       scripts/sync-schema.sh" in text
    assert "#   sync script:       scripts/sync-schema.ps1" in text


def test_running_init_twice_changes_nothing(bare_example, capsys) -> None:
    assert main(["init"]) == 0
    files = {
        n: (bare_example.path / n).read_bytes()
        for n in (".atlas-first.toml", ".atlas-first-baseline.json")
    }
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "kept .atlas-first.toml" in out
    assert "kept .atlas-first-baseline.json" in out
    for name, data in files.items():
        assert (bare_example.path / name).read_bytes() == data


def test_existing_config_is_kept_without_force(bare_example, capsys) -> None:
    bare_example.write(".atlas-first.toml", 'hint = "mine"\n')
    assert main(["init"]) == 0
    assert (bare_example.path / ".atlas-first.toml").read_text() == 'hint = "mine"\n'
    assert main(["init", "--force"]) == 0
    assert "generated = " in (bare_example.path / ".atlas-first.toml").read_text()


def test_pyproject_table_counts_as_an_existing_config(bare_example, capsys) -> None:
    bare_example.write("pyproject.toml", '[tool.atlas-first]\nhint = "mine"\n')
    assert main(["init"]) == 0
    assert not (bare_example.path / ".atlas-first.toml").exists()
    assert "kept pyproject.toml [tool.atlas-first]" in capsys.readouterr().out


def test_force_never_launders_silently(bare_example, capsys) -> None:
    assert main(["init"]) == 0
    bare_example.stage("packages/database/migrations/0001_new.sql", "select 1;\n")
    capsys.readouterr()
    assert main(["init", "--force"]) == 0
    assert "added: packages/database/migrations/0001_new.sql" in capsys.readouterr().out


def test_other_layouts() -> None:
    files = [
        "apps/api/db/schema.sql",
        "apps/api/drizzle.config.ts",
        "apps/api/src/db/generated/schema.ts",
        "apps/api/src/db/generated/relations.ts",
        "apps/api/drizzle/0000_init.sql",
        "apps/api/drizzle/meta/_journal.json",
        "node_modules/x/drizzle.config.ts",
        "node_modules/y/meta/_journal.json",
    ]
    texts = {
        "apps/api/drizzle.config.ts": (
            'export default { schema: "./src/db/generated/schema.ts", out: "./src/db/generated",'
            ' dialect: "postgresql" }'
        ),
    }
    layout = detect_layout(files, lambda p: texts.get(p, ""))
    assert layout.sources == ["apps/api/db/schema.sql"]
    assert layout.generated == ["apps/api/src/db/generated/"]
    assert layout.migrations == ["apps/api/drizzle/"]
    assert layout.regenerate == []


def test_nothing_found_writes_commented_defaults(repo, capsys) -> None:
    repo.stage("README.md", "hi\n")
    repo.commit()
    assert main(["init"]) == 0
    text = (repo.path / ".atlas-first.toml").read_text()
    assert "init found no schema.sql" in text
    # Nothing there: said plainly, marked for the user, and no missing file named anywhere.
    assert "generated = []  # NONE FOUND: no pulled schema found" in text
    assert "sources = []  # NONE FOUND: no schema.sql here" in text
    assert "packages/database" not in text
    captured = capsys.readouterr()
    assert "no schema.sql here; name your schema source" in captured.err
    assert "no migration folder was found: no baseline is needed" in captured.out
    config = load_config(str(repo.path))
    assert config.origin == ".atlas-first.toml"
    assert config.patterns("sources") == ()
    assert "none is set or found: name it in 'sources'" in config.hint
    # No migration folder: nothing to freeze, so no baseline is written.
    assert not os.path.exists(repo.path / ".atlas-first-baseline.json")


def test_init_names_the_atlas_envs_and_protects_a_differently_named_production(
    repo, capsys
) -> None:
    repo.stage(
        "db/atlas.hcl",
        'env "dev" {\n  src = "file://schema.sql"\n}\nenv "prod" {\n  src = "file://schema.sql"\n}\n',
    )
    repo.stage("db/schema.sql", "CREATE TABLE t (id int);\n")
    repo.commit()
    assert main(["init"]) == 0
    text = (repo.path / ".atlas-first.toml").read_text()
    assert "#   atlas.hcl:         db/atlas.hcl (src: db/schema.sql; envs: dev, prod)" in text
    assert load_config(str(repo.path)).names("protected-envs") == ("prod",)


def test_init_keeps_the_default_when_production_exists(bare_example, capsys) -> None:
    assert main(["init"]) == 0
    text = (bare_example.path / ".atlas-first.toml").read_text()
    assert '# protected-envs = ["production"]  # the default' in text
    assert load_config(str(bare_example.path)).names("protected-envs") == ("production",)


def test_init_writes_the_folders_drizzle_kit_runs_in(repo, capsys) -> None:
    """A config at server/db/ run from the package root with --config: init writes the real
    schema and migration folders, never the config-relative ones that do not exist."""
    package_root_layout(repo)
    assert main(["init"]) == 0
    text = (repo.path / ".atlas-first.toml").read_text()
    assert "server/db/schema/" in text
    assert "server/db/server/" not in text
    assert "is run from . (a package script passes it as --config)" in text


def test_init_keeps_a_default_that_is_there_though_no_config_names_it(repo, capsys) -> None:
    repo.stage("packages/database/src/schema/schema.ts", "export {};\n")
    repo.stage("packages/database/schema.sql", "CREATE TABLE t (id int);\n")
    repo.commit()
    assert main(["init"]) == 0
    text = (repo.path / ".atlas-first.toml").read_text()
    assert (
        'generated = ["packages/database/src/schema/"]'
        "  # not named by any config: the default, present"
    ) in text
    assert 'sources = ["packages/database/schema.sql"]  # found in' in text

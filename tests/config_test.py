from __future__ import annotations

import pytest

from hooks.cli import main as cli
from hooks.project.config_files import load_config
from hooks.report.violation import ToolError


def test_zero_config_defaults_are_the_seed_layout(tmp_path) -> None:
    config = load_config(str(tmp_path))
    assert config.origin == "defaults"
    assert config.patterns("generated") == ("packages/database/src/schema/",)
    assert config.patterns("sources") == ("packages/database/schema.sql",)
    assert config.patterns("migrations") == ("packages/database/migrations/",)
    assert config.baseline == ".atlas-first-baseline.json"
    assert "packages/database/schema.sql" in config.hint
    assert "sync script" in config.hint


def test_own_file_wins_over_pyproject(tmp_path) -> None:
    (tmp_path / ".atlas-first.toml").write_text('sources = ["db/schema.sql"]\n')
    (tmp_path / "pyproject.toml").write_text('[tool.atlas-first]\nsources = ["other.sql"]\n')
    config = load_config(str(tmp_path))
    assert config.origin == ".atlas-first.toml"
    assert config.patterns("sources") == ("db/schema.sql",)
    assert "db/schema.sql" in config.hint  # the default hint follows the source


def test_pyproject_table(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.atlas-first]\nhint = "run make schema"\n',
    )
    config = load_config(str(tmp_path))
    assert config.origin == "pyproject.toml [tool.atlas-first]"
    assert config.hint == "run make schema"


def test_pyproject_without_our_table_is_not_even_parsed(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text("this is [not toml\n")
    assert load_config(str(tmp_path)).origin == "defaults"


def test_explicit_config_path(tmp_path) -> None:
    path = tmp_path / "custom.toml"
    path.write_text('baseline = "db/baseline.json"\n')
    assert load_config(str(tmp_path), str(path)).baseline == "db/baseline.json"


def test_explicit_pyproject_path(tmp_path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.atlas-first]\nbaseline = "b.json"\n')
    assert load_config(str(tmp_path / "elsewhere"), str(path)).baseline == "b.json"


def test_bom_is_accepted(tmp_path) -> None:
    (tmp_path / ".atlas-first.toml").write_bytes(b'\xef\xbb\xbfhint = "x"\r\n')
    assert load_config(str(tmp_path)).hint == "x"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        pytest.param(
            "generatd = []\n", "unknown key 'generatd'; did you mean 'generated'?", id="typo"
        ),
        pytest.param("zzz = 1\n", "unknown key 'zzz' (known keys:", id="unknown"),
        pytest.param('generated = "a/"\n', "'generated' must be a list", id="string-not-list"),
        pytest.param("sources = [1]\n", "'sources' must be a list", id="list-of-int"),
        pytest.param("baseline = 3\n", "'baseline' must be a string, not an integer", id="int"),
        pytest.param('baseline = " "\n', "'baseline' must not be empty", id="empty-path"),
        pytest.param("hint = true\n", "'hint' must be a string, not a boolean", id="bool"),
        pytest.param("generated = [\n", "invalid TOML", id="syntax"),
        pytest.param("a = 1\na = 2\n", "invalid TOML", id="duplicate-key"),
    ],
)
def test_invalid_config_names_the_file_and_key(tmp_path, text, words) -> None:
    (tmp_path / ".atlas-first.toml").write_text(text)
    with pytest.raises(ToolError) as info:
        load_config(str(tmp_path))
    assert str(info.value).startswith(".atlas-first.toml: ")
    assert words in str(info.value)


def test_syntax_error_gives_line_and_column(tmp_path) -> None:
    (tmp_path / ".atlas-first.toml").write_text('hint = "ok"\nsources = [1,,]\n')
    with pytest.raises(ToolError, match=r"line \d+, column \d+"):
        load_config(str(tmp_path))


def test_pyproject_table_of_wrong_type(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool]\natlas-first = "on"\n')
    with pytest.raises(ToolError, match=r"pyproject.toml \[tool.atlas-first\]: must be a table"):
        load_config(str(tmp_path))


def test_unknown_key_in_pyproject_names_the_table(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.atlas-first]\nsauces = ["x"]\n')
    with pytest.raises(ToolError, match=r"\[tool.atlas-first\]: unknown key 'sauces'"):
        load_config(str(tmp_path))


def test_missing_explicit_config(tmp_path) -> None:
    with pytest.raises(ToolError, match="config file not found"):
        load_config(str(tmp_path), str(tmp_path / "nope.toml"))


def test_undecodable_config(tmp_path) -> None:
    (tmp_path / ".atlas-first.toml").write_bytes(b"hint = '\xff'\n")
    with pytest.raises(ToolError, match="not UTF-8"):
        load_config(str(tmp_path))


def test_config_file_that_is_a_directory(tmp_path) -> None:
    (tmp_path / "c.toml").mkdir()
    with pytest.raises(ToolError, match="config file not found"):
        load_config(str(tmp_path), str(tmp_path / "c.toml"))


def test_bad_config_is_exit_2_with_one_line_for_every_entry_point(monorepo, capsys) -> None:
    from hooks import forbid_generated_schema_edits
    from hooks import forbid_new_migrations

    monorepo.write(".atlas-first.toml", "generated = 5\n")
    for entry in (forbid_generated_schema_edits.main, forbid_new_migrations.main):
        assert entry([]) == 2
    assert cli(["check"]) == 2
    assert cli(["baseline"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4
    assert all(".atlas-first.toml: 'generated' must be a list" in line for line in err)


def test_config_flag_on_hooks(monorepo, tmp_path, capsys) -> None:
    from hooks import forbid_generated_schema_edits

    other = tmp_path / "other.toml"
    other.write_text('generated = ["elsewhere/"]\n')
    monorepo.stage("packages/database/src/schema/schema.ts", "// edit\n")
    assert forbid_generated_schema_edits.main([]) == 1
    assert forbid_generated_schema_edits.main(["--config", str(other)]) == 0


def test_names_keep_their_case_and_are_validated(tmp_path) -> None:
    from hooks.report.violation import ToolError

    (tmp_path / ".atlas-first.toml").write_text('protected-envs = ["Prod", "live"]\n')
    assert load_config(str(tmp_path)).names("protected-envs") == ("Prod", "live")
    (tmp_path / ".atlas-first.toml").write_text('required-skips = ["drop table"]\n')
    with pytest.raises(ToolError, match="'required-skips' must be a list of single words"):
        load_config(str(tmp_path))

"""Issue 39: one source for where the project lives (hooks/report/links.py), and what init's
snippet pins to (`choose_pin`, a pure function of pip's direct_url.json); where no host is
known nothing links anywhere."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
import yaml

from hooks import __version__
from hooks.report import links as _project
from hooks.setup.init import HOOK_IDS
from hooks.setup.init import INSTALL_COMMAND
from hooks.setup.init import REPO_PLACEHOLDER
from hooks.setup.init import REV_PLACEHOLDER
from hooks.setup.init import choose_pin
from hooks.setup.init import pre_commit_snippet
from tests.conftest import EXAMPLE
from tests.conftest import PROJECT

SHA = "0123456789abcdef0123456789abcdef01234567"


def _record(**fields: object) -> str:
    return json.dumps(fields)


def _parsed(snippet: str) -> dict:
    (entry,) = yaml.safe_load(snippet)["repos"]
    assert [h["id"] for h in entry["hooks"]] == list(HOOK_IDS)
    return entry


def test_project_has_no_host_and_its_version_is_the_package_version() -> None:
    assert _project.REPOSITORY_URL is None
    assert _project.DOCS_URL is None
    assert __version__ == _project.VERSION
    assert _project.docs_page("codes", "af101") is None
    assert _project.docs_page("codes", "af101", base="https://d.example/") == (
        "https://d.example/codes/#af101"
    )


@pytest.mark.parametrize(
    "url",
    ["file:///tmp/snap", "https://git.example.com/team/atlas-first-hooks.git",
     "ssh://git@git.example.com/team/atlas-first-hooks.git"],
)  # fmt: skip
def test_a_git_install_pins_its_url_and_commit(url) -> None:
    pin = choose_pin(_record(url=url, vcs_info={"vcs": "git", "commit_id": SHA,
                                               "requested_revision": "main"}))  # fmt: skip
    assert pin.exact
    assert (pin.repo, pin.rev) == (url, SHA)
    entry = _parsed(pre_commit_snippet(pin))
    assert (entry["repo"], entry["rev"]) == (url, SHA)
    assert "<" not in pre_commit_snippet(pin)  # nothing to fill in


def test_a_git_install_without_a_commit_keeps_the_url_and_asks_for_the_commit() -> None:
    pin = choose_pin(_record(url="https://g.example/a.git", vcs_info={"vcs": "git"}))
    assert not pin.exact
    assert (pin.repo, pin.rev) == ("https://g.example/a.git", REV_PLACEHOLDER)
    assert any("git rev-parse HEAD" in c for c in pin.comments)


@pytest.mark.parametrize("editable", [True, False])
def test_a_local_directory_install_names_the_directory_and_how_to_find_its_commit(
    editable, tmp_path
) -> None:
    url = tmp_path.as_uri()
    pin = choose_pin(_record(url=url, dir_info={"editable": editable} if editable else {}))
    assert not pin.exact
    assert pin.repo == str(tmp_path)
    assert pin.rev == REV_PLACEHOLDER
    text = pre_commit_snippet(pin)
    assert f"git -C {tmp_path} rev-parse HEAD" in text
    assert ("editable" in text) is editable
    entry = _parsed(text)
    assert (entry["repo"], entry["rev"]) == (str(tmp_path), REV_PLACEHOLDER)


@pytest.mark.parametrize(
    "record",
    [
        None,  # from an index, a wheel file, or not installed at all
        "",
        "not json",
        "[1, 2]",
        _record(),
        _record(url=""),
        _record(url=7),
        _record(url="https://files.example/a.whl", archive_info={"hashes": {}}),
        _record(url="https://hg.example/a", vcs_info={"vcs": "hg", "commit_id": SHA}),
        _record(url="file:///tmp/snap", vcs_info={"vcs": "git", "commit_id": "v0.2.0"}),
        _record(
            url="file:///tmp/snap", vcs_info={"vcs": "git", "commit_id": SHA}, subdirectory="pkg"
        ),
        _record(url="https://x.example/dir", dir_info={}),  # not a file: URL
    ],
)
def test_anything_else_prints_placeholders_and_says_what_to_fill_in(record) -> None:
    pin = choose_pin(record)
    assert not pin.exact
    assert pin.rev == REV_PLACEHOLDER
    text = pre_commit_snippet(pin)
    assert f"Fill in {REV_PLACEHOLDER}" in text
    if pin.repo == REPO_PLACEHOLDER:
        assert f"Fill in {REPO_PLACEHOLDER}" in text
    entry = _parsed(text)  # valid YAML as printed
    assert entry["rev"] == REV_PLACEHOLDER
    assert "your-org" not in text


def test_placeholders_use_the_project_url_once_it_has_one(monkeypatch) -> None:
    monkeypatch.setattr(_project, "REPOSITORY_URL", "https://g.example/atlas-first-hooks.git")
    pin = choose_pin(None)
    assert (pin.repo, pin.rev) == ("https://g.example/atlas-first-hooks.git", REV_PLACEHOLDER)
    assert not any(REPO_PLACEHOLDER in c for c in pin.comments)


@pytest.mark.parametrize("value", ["12345678901234567890", "a: b", "#x", "- x", "C:\\a b\\c"])
def test_snippet_values_yaml_would_misread_are_quoted(value) -> None:
    from hooks.setup.init import Pin

    entry = _parsed(pre_commit_snippet(Pin(value, value, [], exact=False)))
    assert (entry["repo"], entry["rev"]) == (value, value)


def test_the_example_config_holds_the_placeholders_conftest_fills_in() -> None:
    config = (EXAMPLE / ".pre-commit-config.yaml").read_text()
    (entry,) = yaml.safe_load(config)["repos"]
    assert (entry["repo"], entry["rev"]) == (REPO_PLACEHOLDER, REV_PLACEHOLDER)
    assert INSTALL_COMMAND in config


def test_no_code_names_a_placeholder_host_or_a_tag_that_does_not_exist() -> None:
    """Only hooks/report/links.py may name where the project lives."""
    if not (PROJECT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(
        ["git", "ls-files", "-z", "hooks", "examples", "action.yml", "pyproject.toml",
         ".pre-commit-hooks.yaml"],
        cwd=PROJECT, capture_output=True, check=True,
    ).stdout.split(b"\0")  # fmt: skip
    for rel in filter(None, map(os.fsdecode, files)):
        path = PROJECT / rel
        if not path.is_file() or path.suffix not in {".py", ".yaml", ".yml", ".toml", ".json"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for bad in ("your-org", "github.com/", f"v{__version__}"):
            assert bad not in text, f"{rel} names {bad!r}"


def test_explain_and_sarif_link_only_where_a_docs_host_is_known(monkeypatch) -> None:
    from hooks.cli import load_catalogue
    from hooks.report.catalogue import registered
    from hooks.report.formats import _sarif_rule

    load_catalogue()
    entry = registered()[0]
    assert entry.help_uri is None
    assert "More:" not in entry.as_text()
    assert "http" not in entry.as_text()
    rule = _sarif_rule(entry)
    assert "helpUri" not in rule
    monkeypatch.setattr(_project, "DOCS_URL", "https://docs.example/atlas-first-hooks")
    uri = f"https://docs.example/atlas-first-hooks/codes/#{entry.code.lower()}"
    assert entry.help_uri == uri
    assert entry.as_text().rstrip().endswith(f"More: {uri}")
    assert _sarif_rule(entry)["helpUri"] == uri

"""One catalogue of codes (issue 26): each hook declares its codes once; the reports,
`atlas-first explain` and docs/codes.md read that one source."""

from __future__ import annotations

import json
import re

import pytest

from hooks._codes import codes_page
from hooks.cli import load_catalogue
from hooks.cli import main
from tests.conftest import PROJECT

CATALOGUE = load_catalogue()
CODES = [entry.code for entry in CATALOGUE]


def _reported_codes() -> set[str]:
    """Every code a module of the package writes as a literal (what it can report)."""
    found: set[str] = set()
    for path in (PROJECT / "hooks").rglob("*.py"):
        found.update(re.findall(r'"(AF\d{3})"', path.read_text(encoding="utf-8")))
    return found


def test_every_code_the_package_names_is_in_the_catalogue_once() -> None:
    assert len(CODES) == len(set(CODES))
    assert _reported_codes() <= set(CODES)
    assert len(CODES) >= 38  # AF101 ... AF703: the table cannot pass by being empty


@pytest.mark.parametrize("code", CODES)
def test_explain_prints_every_entry_as_text_and_json(code, capsys) -> None:
    assert main(["explain", code.lower()]) == 0  # any case
    text = capsys.readouterr().out
    entry = next(e for e in CATALOGUE if e.code == code)
    assert text.startswith(f"{code} ({entry.severity}, {entry.hook}): {entry.title}\n")
    assert entry.why in text
    assert f"Fix: {entry.fix}" in text
    assert text.rstrip().endswith(f"docs/codes.md#{code.lower()}")
    assert main(["explain", code, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["code"] == code
    assert doc["hook"] == entry.hook
    assert doc["severity"] in ("error", "warning")
    assert all(doc[key] for key in ("title", "why", "fix", "help_uri"))


def test_explain_list_names_every_code_with_its_severity_and_hook(capsys) -> None:
    assert main(["explain", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == CODES
    assert lines[0].split()[1:3] == ["error", "forbid-generated-schema-edits"]
    assert main(["explain", "--list", "--format", "json"]) == 0
    assert [e["code"] for e in json.loads(capsys.readouterr().out)] == CODES


def test_an_unknown_code_is_one_line_and_exit_2(capsys) -> None:
    assert main(["explain", "AF999"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "AF999: no such code" in err
    assert "explain --list" in err


def test_the_codes_page_is_current() -> None:
    page = (PROJECT / "docs" / "codes.md").read_text(encoding="utf-8")
    assert page == codes_page(CATALOGUE), (
        "docs/codes.md is stale: atlas-first explain --list --format markdown > docs/codes.md"
    )
    for code in CODES:
        assert f'<a id="{code.lower()}"></a>' in page


def test_every_code_is_in_the_readme() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert [c for c in CODES if c not in readme] == []


def test_a_code_is_declared_by_one_hook_only() -> None:
    from hooks._codes import Code
    from hooks._codes import register

    with pytest.raises(ValueError, match="AF101 is declared by forbid-generated-schema-edits"):
        register("another-hook", Code("AF101", "x", why="x", fix="x"))

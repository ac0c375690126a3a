"""One catalogue of codes (issue 26): each hook declares its codes once; the reports,
`atlas-first explain` and docs/codes.md read that one source."""

from __future__ import annotations

import json
import re

import pytest

from hooks.cli import load_catalogue
from hooks.cli import main
from hooks.report.catalogue import codes_page
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
    assert "More:" not in text  # the project has no docs host: no link (hooks.report.links)
    assert main(["explain", code, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["code"] == code
    assert doc["hook"] == entry.hook
    assert doc["severity"] in ("error", "warning")
    assert all(doc[key] for key in ("title", "why", "fix"))
    assert doc["help_uri"] is None


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


def test_every_code_is_in_the_handwritten_docs() -> None:
    """The pages written by hand (what was the README; docs/codes.md is generated) name every
    code."""
    pages = [p for p in (PROJECT / "docs").glob("*.md") if p.name != "codes.md"]
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert [c for c in CODES if c not in text] == []


def test_a_code_is_declared_by_one_hook_only() -> None:
    import hooks.forbid_generated_schema_edits  # noqa: F401 (registers AF101)
    from hooks.report.catalogue import hook_of
    from hooks.report.catalogue import register

    register("another-hook", ("AF101",), list)
    with pytest.raises(ValueError, match="AF101 is declared by forbid-generated-schema-edits"):
        hook_of("AF101")


def test_a_hooks_codes_may_be_declared_by_the_parts_it_uses() -> None:
    """A hook that registers a function for its codes imports the parts that declare them
    only when a report, `explain` or the docs ask: each code still belongs to its hook."""
    import subprocess
    import sys

    probe = (
        "import sys, hooks.forbid_drizzle_kit_scripts, hooks.lint_schema_source,"
        " hooks.guard_atlas_config;"
        " before = sorted(m for m in sys.modules if m.startswith(('hooks.commands.verdicts',"
        " 'hooks.schema.codes', 'hooks.atlas.envs', 'hooks.report.directives')));"
        " from hooks.report.catalogue import hook_of;"
        " print(before, hook_of('AF301'), hook_of('AF601'), hook_of('AF701'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["[]", "forbid-drizzle-kit-scripts", "lint-schema-source", "guard-atlas-config"]


def test_a_hooks_entries_are_built_only_when_asked_for() -> None:
    """A hook starts on every commit: importing it registers its codes, and the texts and
    examples are built only for a rule table, `explain` or the docs."""
    import subprocess
    import sys

    probe = (
        "import hooks.lint_schema_source, hooks.report.catalogue as c;"
        "assert c.hook_of('AF612') == 'lint-schema-source';"
        "print(len(c._BUILT));"
        "c.lookup('AF612');"
        "print(len(c._BUILT))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=PROJECT
    ).stdout.split()
    assert out == ["0", "25"]


def _with_examples():
    return [
        pytest.param(entry, kind, id=f"{entry.code}-{kind}")
        for entry in CATALOGUE
        for kind in ("fires", "passes")
        if getattr(entry, kind) is not None
    ]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    from hooks.setup.demo import build_monorepo

    root = tmp_path_factory.mktemp("demo") / "repo"
    root.mkdir()
    build_monorepo(str(root))
    return root


def test_every_hook_code_has_an_example_of_each_kind() -> None:
    missing = [e.code for e in CATALOGUE if not (e.fires and e.passes)]
    assert missing == []


@pytest.mark.parametrize(("entry", "kind"), _with_examples())
def test_every_catalogue_example_behaves_as_declared(
    entry, kind, demo_template, tmp_path, monkeypatch, capsys
) -> None:
    """Each example, staged on the demo monorepo (its `base` committed first), through the
    real `atlas-first check` (`verify`'s: committed, then `atlas-first verify`): the code
    fires on `fires` and not on `passes`."""
    import shutil

    from hooks.setup.demo import git
    from hooks.setup.demo import write_files

    root = tmp_path / "repo"
    shutil.copytree(demo_template, root, symlinks=True)
    example = getattr(entry, kind)
    monkeypatch.chdir(root)
    monkeypatch.delenv("PRE_COMMIT", raising=False)
    if example.base:
        write_files(str(root), example.base)
        git(str(root), "add", "-A")
        git(str(root), "commit", "-q", "--no-verify", "-m", "base")
    write_files(str(root), example.change)
    git(str(root), "add", "-A")
    if entry.hook == "verify":  # a commit, regenerated in a scratch worktree and compared
        git(str(root), "commit", "-q", "--no-verify", "--allow-empty", "-m", "change")
        code = main(["verify", "--format", "json"])
    else:
        code = main(["check", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["errors"] == [], doc["errors"]
    codes = {v["code"] for v in doc["violations"]}
    if kind == "fires":
        assert entry.code in codes, (entry.code, doc["violations"])
        assert code == (1 if entry.severity == "error" else code)
    else:
        assert entry.code not in codes, (entry.code, doc["violations"])


def test_every_hint_line_points_at_its_explanation_in_text_only(monorepo, capsys) -> None:
    monorepo.stage("packages/database/package.json", '{"scripts": {"db": "drizzle-kit push"}}\n')
    monorepo.stage("packages/database/migrations/0001_x.sql", "SELECT 1;\n")
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    findings = [(n, line) for n, line in enumerate(lines) if re.search(r": AF\d{3} ", line)]
    assert len(findings) >= 2
    for n, line in findings:
        code = re.search(r": (AF\d{3}) ", line).group(1)
        assert lines[n + 1].startswith("    ")
        assert lines[n + 1].endswith(f" (atlas-first explain {code})")
    assert main(["check", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert all("atlas-first explain" not in v["hint"] for v in doc["violations"])


def test_the_demo_shows_every_guard_and_checks_each_scenarios_codes() -> None:
    from hooks.cli import GUARDS
    from hooks.setup.demo import SCENARIOS

    by_code = {entry.code: entry.hook for entry in CATALOGUE}
    shown = {by_code[code] for _, _, codes in SCENARIOS for code in codes}
    assert shown >= set(GUARDS)  # every hook id has a scenario of its own
    assert any(not codes for _, _, codes in SCENARIOS)  # and changes that are fine


def test_the_hooks_pages_code_tables_are_the_catalogues() -> None:
    from hooks.report.catalogue import codes_table

    page = (PROJECT / "docs" / "hooks.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- codes: (\S+) [^\n]*-->\n(.*?)<!-- /codes -->\n", page, re.S)
    assert {hook for hook, _ in blocks} == {"lint-schema-source", "guard-atlas-config"}
    for hook, table in blocks:
        severity = table.startswith("| code | severity")
        expected = codes_table([e for e in CATALOGUE if e.hook == hook], severity=severity)
        # codes_table links from the repository root; the page lives beside docs/codes.md.
        expected = expected.replace("](docs/codes.md#", "](codes.md#")
        assert table == expected, (
            f"docs/hooks.md's {hook} table is stale; regenerate it:\n{expected}"
        )

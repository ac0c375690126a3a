"""The docs: README.md is a front page with a quick start that pastes, docs/ holds the rest,
every relative link resolves, and the site builds with `mkdocs build --strict`."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml

from hooks.project.config import DATABASE_KEYS
from hooks.project.config import SCHEMA
from tests.conftest import PROJECT

if TYPE_CHECKING:
    from pathlib import Path

README = PROJECT / "README.md"
DOCS = PROJECT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _links(path: Path) -> list[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # inline code is not a link
    return LINK.findall(text)


def _quickstart(lang: str) -> str:
    blocks = re.findall(rf"^```{lang} quickstart\n(.*?)^```$", README.read_text(), re.S | re.M)
    assert len(blocks) == 1, f"README.md needs one ```{lang} quickstart block"
    return blocks[0]


@pytest.mark.parametrize("path", [README, *PAGES], ids=lambda p: p.name)
def test_every_relative_link_resolves(path: Path) -> None:
    broken = []
    for target in _links(path):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue  # a URL (http:, mailto:) or an anchor on the same page
        file = target.split("#", 1)[0]
        if not (path.parent / file).exists():
            broken.append(target)
    assert broken == [], f"{path.name}: links to nothing: {broken}"


def test_the_docs_pages_link_nowhere_outside_docs() -> None:
    """mkdocs serves docs/ alone: a link out of it (../README.md) is a dead link on the site."""
    outside = [
        (page.name, target) for page in PAGES for target in _links(page) if target.startswith("../")
    ]
    assert outside == []


def test_the_readme_is_a_front_page() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 260, f"README.md has {len(lines)} lines: move detail to docs/"


def test_the_readme_links_every_docs_page() -> None:
    readme = README.read_text(encoding="utf-8")
    assert [p.name for p in PAGES if p.name != "index.md" and f"docs/{p.name}" not in readme] == []


def test_the_readme_names_every_hook_id() -> None:
    manifest = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())
    readme = README.read_text(encoding="utf-8")
    ids = [hook["id"] for hook in manifest]
    assert "atlas-first" in ids
    assert [i for i in ids if f"`{i}`" not in readme] == []


def test_every_config_key_is_documented() -> None:
    page = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [k for k in SCHEMA if f"`{k}`" not in page and f"`[[{k}]]`" not in page]
    assert missing == [], f"docs/configuration.md lacks the keys {missing}"
    assert [k for k in DATABASE_KEYS if f"`{k}`" not in page] == []


def test_the_quick_start_pastes_in_sh_and_in_powershell() -> None:
    sh = _quickstart("sh")
    ps = _quickstart("powershell")
    for block in (sh, ps):
        assert "<your-git-url>" in block
        assert "<commit-sha>" in block
        assert "git ls-remote <your-git-url> HEAD" in block
        assert "pre-commit install --hook-type pre-commit --hook-type pre-push" in block
        assert "atlas-first init" in block
    assert "&&" not in ps, "Windows PowerShell 5.1 has no &&: one command per line"
    assert "||" not in ps


def test_the_readme_shows_every_way_to_install() -> None:
    readme = README.read_text(encoding="utf-8")
    for way in ("pip install", "pipx install", "uv tool install"):
        assert f'{way} "git+<your-git-url>@<commit-sha>"' in readme, way
    assert "prek install --hook-type pre-commit --hook-type pre-push" in readme
    assert "pre-commit try-repo" in readme
    assert "your-org" not in readme  # no made-up public host


def test_no_page_names_a_public_host_that_does_not_exist() -> None:
    assert [p.name for p in PAGES if "github.com/your-org" in p.read_text()] == []


def test_every_page_is_in_the_mkdocs_nav() -> None:
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text())
    assert config["docs_dir"] == "docs"
    listed = {next(iter(item.values())) for item in config["nav"]}
    assert listed == {p.name for p in PAGES}


def test_the_troubleshooting_page_answers_the_faq() -> None:
    page = (DOCS / "troubleshooting.md").read_text(encoding="utf-8")
    for answer in (
        "SKIP=",
        "atlas-first: allow",
        "pre-commit.ci",
        "fetch-depth: 0",
        "--no-verify",
        "| 0 |",
        "| 1 |",
        "| 2 |",
    ):
        assert answer in page, answer


def test_ci_covers_each_platform() -> None:
    page = (DOCS / "ci.md").read_text(encoding="utf-8")
    for platform in ("GitHub Actions", "GitLab", "Azure Pipelines", "plain shell"):
        assert platform in page, platform


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs is not installed (the test extra has it)")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "index.html").exists()


def test_the_command_list_names_every_command_and_console_script() -> None:
    """The Command line section leaves nothing out: every `atlas-first` subcommand and every
    console script the package installs."""
    from hooks.cli import COMMANDS
    from hooks.cli import FAST

    page = (PROJECT / "docs" / "commands.md").read_text(encoding="utf-8")
    listed = page.split("```text", 1)[1].split("```", 1)[0]
    for name in {*COMMANDS, *FAST}:
        assert f"atlas-first {name} " in listed or f"atlas-first {name}\n" in listed, name
    scripts = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    section = scripts.split("[project.scripts]", 1)[1].split("\n[", 1)[0]
    for line in section.splitlines():
        script = line.split("=", 1)[0].strip()
        if script and not script.startswith("#") and script != "atlas-first":
            assert f"\n{script} " in listed or f"\n{script}\n" in listed, script

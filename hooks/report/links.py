"""Where this project lives: the one place that says it.

atlas-first-hooks has no public host (no repository URL, no release tags). Everything that
would name one (init's pre-commit snippet, `explain`'s "More:" line, SARIF's `helpUri` and
`informationUri`) asks here, and says nothing where the answer is None: no link is better
than a dead one. When the project gets a home, set the URLs here (and `[project.urls]` in
pyproject.toml); nothing else names them.
"""

from __future__ import annotations

from hooks import __version__

VERSION = __version__
# The git repository to clone (what a `.pre-commit-config.yaml` names as `repo:`).
REPOSITORY_URL: str | None = None
# The published documentation, whose pages are docs/ (`codes.md`: one section per code).
DOCS_URL: str | None = None


def docs_page(page: str, anchor: str = "", *, base: str | None = None) -> str | None:
    """The URL of a page of docs/ (`page` without `.md`), at `anchor`; None with no
    documentation host. `base` stands in for DOCS_URL (tests)."""
    root = DOCS_URL if base is None else base
    if not root:
        return None
    return f"{root.rstrip('/')}/{page}/" + (f"#{anchor}" if anchor else "")

"""Which configuration applies to a repository and its reading: --config, else
`.atlas-first.toml`, else `[tool.atlas-first]` in `pyproject.toml` (parsed only when it
names our table), else the seed's defaults, with the layout inferred from the repository's
own files; a file's parse is remembered by its bytes, and its values validated on every run."""

from __future__ import annotations

import os

from hooks.project.config import CONFIG_FILE
from hooks.project.config import PYPROJECT
from hooks.project.config import TABLE
from hooks.project.config import Config
from hooks.project.config import Database
from hooks.project.config import type_name
from hooks.project.config import validate
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping

    from hooks.project.layout import Layout
    from hooks.repo.changes import ChangeSet
    from hooks.repo.repository import Repo


def _parse_toml(path: str, shown: str) -> dict[str, object]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ToolError(f"{shown}: cannot read the config file ({exc.strerror})") from None
    from hooks.repo.memo import memo_load
    from hooks.repo.memo import memo_store

    remembered = memo_load(b"toml", data)
    if isinstance(remembered, dict):
        return remembered  # the same bytes parsed before: tomllib's import alone costs ~7 ms
    parsed = _parse_toml_bytes(data, shown)
    memo_store(b"toml", data, parsed)
    return parsed


def _parse_toml_bytes(data: bytes, shown: str) -> dict[str, object]:
    from hooks.repo.files import load_toml as load

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ToolError(f"{shown}: the config file is not UTF-8 text") from None
    return load(text, shown)


def load_config(root: str, explicit: str | None = None) -> Config:
    """The configuration for the repository at `root` (`explicit`: a --config path)."""
    if explicit is not None:
        shown = explicit
        if not os.path.isfile(explicit):
            raise ToolError(f"{explicit}: config file not found (given with --config)")
        data = _parse_toml(explicit, shown)
        if os.path.basename(explicit) == PYPROJECT:
            return _from_pyproject(data, f"{shown} [tool.{TABLE}]") or Config(
                validate({}, shown),
                shown,
            )
        return Config(validate(data, shown), shown, configured=data)
    own = os.path.join(root, CONFIG_FILE)
    if os.path.isfile(own):
        data = _parse_toml(own, CONFIG_FILE)
        return Config(validate(data, CONFIG_FILE), CONFIG_FILE, configured=data)
    pyproject = os.path.join(root, PYPROJECT)
    try:
        with open(pyproject, "rb") as fh:
            mentions_us = TABLE.encode() in fh.read()
    except OSError:
        mentions_us = False
    if mentions_us:  # parse TOML only when our table can be there: start-up time matters
        found = _from_pyproject(_parse_toml(pyproject, PYPROJECT), f"{PYPROJECT} [tool.{TABLE}]")
        if found is not None:
            return found
    return Config(validate({}, "defaults"), "defaults")


def follow_source_links(config: Config, root: str) -> None:
    """A configured schema source that is a symbolic link inside the repository (Atlas
    follows it: `packages/database/schema.sql -> ../../db/schema.sql`) names the file it
    points at too, which is what a change edits. One `lstat` per plainly named source."""
    from hooks.repo.patterns import literal_prefix

    def followed(patterns: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for pattern in patterns:
            literal = literal_prefix(pattern)
            target = None if literal is None or literal[1] else _link_target(root, literal[0])
            out.append(pattern)
            if target is not None and target not in patterns:
                out.append(target)
        return tuple(out)

    sources = config.values.get("sources")
    if isinstance(sources, tuple):
        config.values["sources"] = followed(sources)
    tables = config.values.get("database")
    for db in tables if isinstance(tables, tuple) else ():
        if isinstance(db, Database) and db.patterns("sources"):
            db.follow("sources", followed(db.patterns("sources")))


def _link_target(root: str, path: str) -> str | None:
    """The repository path a link at `path` points at, if it is one and stays inside."""
    where = os.path.join(root, *path.split("/"))
    if not os.path.islink(where):
        return None
    top = os.path.realpath(root)
    target = os.path.realpath(where)
    try:
        if os.path.commonpath([top, target]) != top or not os.path.isfile(target):
            return None
    except ValueError:  # another drive
        return None
    return os.path.relpath(target, top).replace(os.sep, "/")


def load_repo_config(
    repo: Repo,
    explicit: str | None = None,
    *,
    layout_soon: bool = True,
    staged_changes: Callable[[], ChangeSet] | None = None,
) -> Config:
    """The configuration of `repo`; with none at all, the path keys are inferred from its
    drizzle configs, migration journals, atlas.hcl and schema.sql: their list is started
    now when `layout_soon` (git lists while the hook gets on with its work), else when a
    path key is first needed. `staged_changes`: the check is of the staged change, which
    lets a remembered list stand in for git's (see `list_evidence`)."""
    config = load_config(repo.root, explicit)
    config.ignorecase = repo.ignorecase
    if config.origin != "defaults":
        follow_source_links(config, repo.root)
        return config
    if layout_soon:
        from hooks.project.layout import infer_layout
        from hooks.project.layout import list_evidence

        listing = list_evidence(repo, staged_changes)
        config.infer_with(lambda: infer_layout(repo, listing()))
    else:

        def infer() -> Layout:
            from hooks.project.layout import infer_layout
            from hooks.project.layout import list_evidence

            return infer_layout(repo, list_evidence(repo, staged_changes)())

        config.infer_with(infer)
    return config


def _from_pyproject(data: Mapping[str, object], where: str) -> Config | None:
    tool = data.get("tool")
    if not isinstance(tool, dict) or TABLE not in tool:
        return None
    table = tool[TABLE]
    if not isinstance(table, dict):
        raise ToolError(f"{where}: must be a table, not {type_name(table)}")
    return Config(validate(table, where), where, configured=table)

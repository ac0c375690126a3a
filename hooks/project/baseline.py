"""The baseline: legacy migration files frozen at the Atlas switch, by path and content.

Content is the git blob id of what is committed (the index during a commit). Git hashes the
content after its clean filters, so a Windows checkout with CRLF line endings and a Linux one
agree, and nothing has to be read from the work tree.
"""

from __future__ import annotations

import json
import os

from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Mapping

    from hooks.project.config import Config
    from hooks.repo.repository import Repo

VERSION = 1
COMMENT = (
    "Legacy Drizzle migrations from before the Atlas switch, frozen by `atlas-first baseline`."
    " Do not edit by hand: a file listed here must not change, and no file may be added."
)


def _is_blob_id(value: object) -> bool:
    return (
        isinstance(value, str)
        and len(value) in (40, 64)
        and all(c in "0123456789abcdef" for c in value)
    )


def parse_baseline(data: bytes, shown: str) -> dict[str, str]:
    fix = f"restore it from git (git checkout -- {shown}) or rebuild it with `atlas-first baseline`"
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ToolError(f"{shown}: the baseline is not UTF-8 text; {fix}") from None
    except json.JSONDecodeError as exc:
        raise ToolError(
            f"{shown}:{exc.lineno}:{exc.colno}: the baseline is not valid JSON ({exc.msg}); {fix}",
        ) from None
    except RecursionError:
        raise ToolError(f"{shown}: the baseline is nested too deeply; {fix}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("files"), dict):
        raise ToolError(f'{shown}: the baseline has no "files" object; {fix}')
    if doc.get("version") != VERSION:
        raise ToolError(
            f"{shown}: unsupported baseline version {doc.get('version')!r} (expected {VERSION});"
            f" {fix}",
        )
    files: dict[str, str] = {}
    for path, blob in doc["files"].items():
        if not _is_blob_id(blob):
            raise ToolError(
                f"{shown}: entry {path!r} has {blob!r} where a git blob id belongs; {fix}",
            )
        files[path] = blob
    return files


def read_baseline(root: str, relpath: str) -> dict[str, str] | None:
    """The frozen files by path, or None when there is no baseline file."""
    path = os.path.join(root, *relpath.split("/"))
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ToolError(f"{relpath}: cannot read the baseline ({exc.strerror})") from None
    return parse_baseline(data, relpath)


def render_baseline(files: Mapping[str, str]) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, LF, final newline."""
    doc = {"comment": COMMENT, "version": VERSION, "files": dict(sorted(files.items()))}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_baseline(root: str, relpath: str, files: Mapping[str, str]) -> None:
    path = os.path.join(root, *relpath.split("/"))
    try:
        parent = os.path.dirname(path)
        if parent:
            os.makedirs(parent, exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(render_baseline(files))
    except OSError as exc:
        raise ToolError(f"{relpath}: cannot write the baseline ({exc.strerror})") from None


def _artefacts_anywhere(repo: Repo, config: Config, whole: dict[str, str] | None) -> dict[str, str]:
    """Drizzle migrations outside the configured folders, known by their shape and content
    as forbid-new-migrations knows them (a legacy 1.0 folder, a journal no config names):
    frozen with the rest, or the guard would call them new."""
    from hooks.drizzle.artefacts import migrations_among
    from hooks.repo.files import read_bytes

    if whole is None:
        whole = repo.index_blobs()

    def read(path: str) -> bytes | None:
        try:
            return read_bytes(repo.root, path)
        except ToolError:
            return None

    found = migrations_among(
        sorted(whole),
        configured=lambda _path: False,
        read=read,
        committed=lambda paths: {p: whole[p] for p in paths if p in whole},
        skip=config.baseline,
    )
    return {path: whole[path] for path in found}


def frozen_by(baseline: Mapping[str, str], key: Callable[[str], str]) -> dict[str, str]:
    """The baseline's blob ids by `key` of their path (`path_key`: core.ignorecase makes
    `Migrations/0000_init.sql` the entry `migrations/0000_init.sql`)."""
    return {key(path): blob for path, blob in baseline.items()}


def compare_baseline(
    existing: Mapping[str, str], current: Mapping[str, str], key: Callable[[str], str]
) -> tuple[list[str], list[str], list[str]]:
    """(added, changed, removed): what `current` adds to the `existing` baseline, changes in
    it, and what it no longer holds; paths compared by `key`."""
    old = frozen_by(existing, key)
    now = {key(p) for p in current}
    added = sorted(p for p in current if key(p) not in old)
    changed = sorted(p for p in current if key(p) in old and old[key(p)] != current[p])
    removed = sorted(p for p in existing if key(p) not in now)
    return added, changed, removed


def freeze(repo: Repo, config: Config, *, update: bool = False) -> int:
    """`atlas-first baseline`: record the committed migration files; refuse to add to an
    existing baseline unless `update`, and then say what was added."""
    import sys

    from hooks.repo.patterns import path_key

    matcher = config.migrations
    if not matcher:
        raise ToolError(f"{config.origin}: 'migrations' is empty, so there is nothing to baseline")
    literal = matcher.literal_paths
    icase = matcher.ignorecase  # core.ignorecase: `Migrations/` is the configured `migrations/`
    key = path_key(icase)
    in_index = repo.index_blobs(literal, icase=icase)
    from hooks.drizzle.artefacts import could_be_migration

    current = {  # (a README or a .gitkeep in the folder is no migration: never frozen)
        path: blob
        for path, blob in in_index.items()
        if key(path) != key(config.baseline) and matcher.match(path) and could_be_migration(path)
    }
    current.update(_artefacts_anywhere(repo, config, in_index if literal is None else None))
    untracked = [
        p
        for p in repo.untracked(literal, icase=icase)
        if key(p) != key(config.baseline) and matcher.match(p)
    ]
    first = repo.unborn()
    if first:  # no commit yet: what the first commit will hold is what is here now
        found = [p for p in untracked if could_be_migration(p)]
        current.update(repo.hash_files(found))
        untracked = [p for p in untracked if p not in current]
    existing = read_baseline(repo.root, config.baseline)
    out = sys.stdout
    if existing is not None:
        added, changed, removed = compare_baseline(existing, current, key)
        if (added or changed) and not update:
            for path in added:
                out.write(f"{path}: not in the baseline\n")
            for path in changed:
                out.write(f"{path}: content differs from the baseline\n")
            out.write(
                f"atlas-first: refusing to add {len(added) + len(changed)} file(s) to the existing"
                f" baseline {config.baseline}: that would wave new migrations through. If they"
                " really are legacy migrations, run `atlas-first baseline --update` and say why"
                " in the commit message.\n",
            )
            return 1
        for label, paths in (("added", added), ("updated", changed), ("dropped", removed)):
            for path in paths:
                out.write(f"{label}: {path}\n")
        path = repo.abspath(config.baseline)
        with open(path, "rb") as fh:
            unchanged = fh.read() == render_baseline(current)
        if unchanged:
            out.write(f"{config.baseline} is up to date ({len(current)} legacy file(s))\n")
            return 0
    write_baseline(repo.root, config.baseline, current)
    out.write(
        f"wrote {config.baseline}: {len(current)} legacy migration file(s) frozen;"
        f" commit it (git add {config.baseline})\n",
    )
    if first and current:
        out.write(
            "note: this repository has no commit yet: the migration files here now are"
            " frozen as they are; commit them with the baseline in the first commit\n",
        )
    if untracked:
        out.write(
            f"note: {len(untracked)} untracked file(s) match 'migrations' and were not"
            f" recorded (the baseline holds what is committed), e.g. {untracked[0]}\n",
        )
    return 0

"""Where a repository keeps its schema source, its generated types and its Drizzle migrations,
read from the repository's own files: `atlas.hcl` (`src`), `schema.sql` files,
`drizzle.config.*` (`out`, `schema`), migration journals (`meta/_journal.json`) and pulled
`schema.ts` / `relations.ts`.

`atlas-first init` writes what this finds into `.atlas-first.toml`; with no configuration at
all, every hook guards the same folders (one `git ls-files` names the evidence, or the
list remembered for HEAD with the staged change applied). A drizzle
config whose `out` cannot be read is never guessed at: init says so, and the hooks fail closed.
"""

from __future__ import annotations

import posixpath
import re

from hooks.repo.changes import DELETED
from hooks.repo.changes import RENAMED
from hooks.repo.changes import head_from_index
from hooks.repo.patterns import join_inside
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks.repo.changes import ChangeSet
    from hooks.repo.repository import Repo

PATH_KEYS = ("generated", "sources", "migrations")

# What `git ls-files` is asked for when nothing is configured: the evidence (a superset,
# filtered by name here). Plain pathspecs, whose `*` also matches `/`: `:(glob)**/` costs
# git three times as much on a large index. `:(top)`: from the top of the tree wherever the
# command runs (a plain pathspec is relative to the current directory).
EVIDENCE_PATTERNS = (
    "*drizzle*.config*",
    "*package.json",  # scripts that run drizzle-kit with --config: the folder it runs in
    "*meta/_journal.json",
    "*schema.ts",
    "*relations.ts",
    "*schema.sql",
    "*atlas.hcl",
)
EVIDENCE_PATHSPECS = tuple(f":(top){pattern}" for pattern in EVIDENCE_PATTERNS)
MAX_CONFIG_CHARS = 1_000_000
_ATLAS_SRC = r"""\bsrc\s*=\s*(\[[^\]]*\]|"[^"]*")"""
_FILE_URL = r'"file://([^"]+)"'
_GLOB = frozenset("*?[{")


def _schema_target(schema: str) -> str:
    """What a drizzle config's `schema` value guards: a folder (its glob's literal part, or
    the folder of a barrel `index.ts`), or the one file it names."""
    parts = schema.split("/")
    for n, part in enumerate(parts):
        if _GLOB.intersection(part):
            return "/".join(parts[:n]) + "/"
    name = parts[-1]
    if "." not in name:
        return schema.rstrip("/") + "/"
    if name.split(".")[0] == "index":
        return "/".join(parts[:-1]) + "/"
    return schema


SYNC_SCRIPTS = ("scripts/sync-schema.sh", "scripts/sync-schema.ps1")


class Layout:
    """What was found: the patterns for each path key, and the evidence for each."""

    def __init__(self) -> None:
        self.generated: list[str] = []
        self.sources: list[str] = []
        self.migrations: list[str] = []
        self.sync_scripts: list[str] = []  # those of SYNC_SCRIPTS present, in its order
        self.regenerate: list[str] = []  # the command init writes (`regenerate_command`)
        self.evidence: list[str] = []
        self.found_in: dict[str, list[str]] = {key: [] for key in PATH_KEYS}
        self.problems: list[str] = []  # one line each: a config that could not be read
        self.unreadable: list[str] = []  # the drizzle configs whose `out` cannot be known
        self.atlas_envs: list[str] = []  # env names of every atlas.hcl, in order
        # With several drizzle configs: (name, its own Layout) per database, paired by folder.
        self.databases: list[tuple[str, Layout]] = []

    def patterns(self, key: str) -> list[str]:
        found: list[str] = getattr(self, key)
        return found

    def _add(self, key: str, pattern: str, evidence: str) -> None:
        if key != "sources" and pattern.endswith("/") and "/" not in pattern[:-1]:
            # A folder at the root (`out: "./migrations"`) is that folder, not every folder
            # of the name (gitignore's `migrations/` would be prisma/migrations/ too).
            pattern = "/" + pattern
        target = self.patterns(key)
        covered = any(p.endswith("/") and pattern.startswith(p) for p in target)
        if pattern and pattern not in target and not covered:
            target.append(pattern)
        if evidence not in self.found_in[key]:
            self.found_in[key].append(evidence)


def detect_layout(
    files: list[str], read: Callable[[str], str | None], *, ignorecase: bool = False
) -> Layout:
    """Work out the settings from a file list; `read(path)` gives a file's text (None:
    unreadable). Any superset of EVIDENCE_PATHSPECS's matches gives the same answer.
    `ignorecase` (core.ignorecase): a folder a config names is the one git holds in any case
    (`out: "./migrations"` and git's `Migrations/meta/_journal.json`: one folder)."""
    from hooks.repo.patterns import path_key

    key = path_key(ignorecase)
    layout = Layout()
    files = [f for f in files if "node_modules/" not in f and not f.startswith("node_modules")]
    present = set(files)
    named = {f: f[f.rfind("/") + 1 :] for f in files}  # (each file's name, cut once)
    journals = {  # by key: git's spelling
        key(folder): folder
        for folder in (
            posixpath.dirname(posixpath.dirname(f))
            for f in files
            if f.endswith("meta/_journal.json")
        )
    }
    pulled = {
        key(posixpath.dirname(f)) for f, n in named.items() if n in ("schema.ts", "relations.ts")
    }

    homes: dict[str, str] = {}  # source -> the folder it belongs to (its atlas.hcl's, or its own)
    for path in sorted(f for f, n in named.items() if n == "atlas.hcl"):
        base = posixpath.dirname(path)
        srcs: list[str] = []
        try:
            text = read(path)
        except ToolError as exc:
            layout.problems.append(f"{exc}; cannot tell which schema source it applies")
            continue
        for env in re.findall(r'(?m)^[ \t]*env[ \t]+"([^"]+)"', text or ""):
            if env not in layout.atlas_envs:
                layout.atlas_envs.append(env)
        for value in re.compile(_ATLAS_SRC).findall(text or ""):
            for url in re.compile(_FILE_URL).findall(value):
                joined = join_inside(base, url)
                if joined and joined not in srcs:
                    srcs.append(joined)
        layout.evidence.append(
            f"atlas.hcl:         {path} (src: {', '.join(srcs) or 'none'};"
            f" envs: {', '.join(layout.atlas_envs) or 'none'})",
        )
        for src in srcs:
            if src.endswith(".sql"):
                layout._add("sources", src, path)
                homes.setdefault(src, base)
    for path in sorted(f for f, n in named.items() if n == "schema.sql"):
        layout._add("sources", path, path)
        homes.setdefault(path, posixpath.dirname(path))
    for path in layout.sources:
        layout.evidence.append(f"schema source:     {path}")

    claimed: set[str] = set()
    own: list[tuple[str, Layout]] = []  # (config folder, what that config alone names)
    configs = [f for f, n in named.items() if n.startswith("drizzle")]
    if configs:  # (the drizzle config's reader is loaded for a tree that has one)
        from hooks.project.drizzle_config import is_drizzle_config

        configs = [f for f in configs if is_drizzle_config(named[f])]
    for path in sorted(configs):
        folders, unsure = run_folders(path, present, read, key)
        for where in unsure:
            layout.evidence.append(
                f"CHECK BY HAND:     {where} runs drizzle-kit with a computed --config;"
                f" {path}'s paths were read from its own folder",
            )
        bases = sorted(folders) or [posixpath.dirname(path)]
        if folders:
            disagree = "; they disagree: each is guarded" if len(bases) > 1 else ""
            layout.evidence.append(
                f"drizzle config:    {path} is run from {', '.join(b or '.' for b in bases)}"
                f" (a package script passes it as --config{disagree})",
            )
        for base in bases:
            _read_config(layout, path, base, read, claimed, own, set(journals), pulled, key)
    for folder in sorted(journals[k] for k in set(journals) - claimed - pulled):
        layout._add("migrations", folder + "/", f"{folder}/meta/_journal.json")
        layout.evidence.append(f"migration folder:  {folder} (meta/_journal.json)")

    layout.databases = _pair(own, homes, key)
    for name, db in layout.databases:
        paired = f"sources: {', '.join(db.sources)}; generated: {', '.join(db.generated) or '-'}"
        layout.evidence.append(f"database {name}:".ljust(19) + paired)
    for script in SYNC_SCRIPTS:
        if script in present:
            layout.sync_scripts.append(script)
            layout.evidence.append(f"sync script:       {script}")
    return layout


def _read_config(
    layout: Layout,
    path: str,
    base: str,
    read: Callable[[str], str | None],
    claimed: set[str],
    own: list[tuple[str, Layout]],
    journals: set[str],
    pulled: set[str],
    key: Callable[[str], str],
) -> None:
    """What one drizzle config names, its relative paths resolved against `base`, the folder
    drizzle-kit runs in (the config's own, or the package whose script names it). `claimed`,
    `journals` and `pulled` hold folders by `key` (lower case where the checkout ignores
    case)."""
    # (the reader loads with the first config read: a commit on a remembered layout reads none)
    from hooks.project.drizzle_config import UnreadableConfig
    from hooks.project.drizzle_config import read_drizzle_config

    try:
        try:
            text = read(path)
        except ToolError as exc:
            raise UnreadableConfig(str(exc).removeprefix(f"{path}: ")) from None
        if text is None:
            raise UnreadableConfig("it cannot be read")
        if len(text) > MAX_CONFIG_CHARS:
            raise UnreadableConfig("it is larger than any real drizzle config (1 MB)")
        config = read_drizzle_config(path, text)
        outs = [join_inside(base, o.rstrip("/") or ".") for o in config.outs]
        if None in outs:
            raise UnreadableConfig("its `out` points outside the repository")
        if "" in outs:
            raise UnreadableConfig("its `out` is the repository root")
    except UnreadableConfig as exc:
        layout.problems.append(f"{path}: cannot tell where drizzle-kit writes: {exc}")
        layout.unreadable.append(path)
        layout.evidence.append(f"drizzle config:    {path} (unreadable: {exc})")
        return
    schemas = [t for t in (join_inside(base, _schema_target(s)) for s in config.schemas) if t]
    layout.evidence.append(
        f"drizzle config:    {path} (out: {', '.join(o or '.' for o in outs)};"
        f" schema: {', '.join(schemas) or '-'})",
    )
    mine = Layout()
    for out in outs:
        assert out is not None
        claimed.add(key(out))
        journal, pull = key(out) in journals, key(out) in pulled
        for target in (layout, mine):
            _classify_out(target, out, path, journal=journal, pulled=pull)
    # (`schema` is where generate and push read the TypeScript schema: pull writes only to
    # `out`, so a file of its own there is no generated file: issue 36)
    own.append((base, mine))


def run_folders(
    config: str,
    present: set[str],
    read: Callable[[str], str | None],
    key: Callable[[str], str] = str,
) -> tuple[set[str], list[str]]:
    """The folders drizzle-kit runs in for this config: every package (the config's own and
    each above it) with a script that passes it as `--config` (compared by `key`: in any
    case where the checkout ignores case), as drizzle-kit resolves `out` and `schema`
    against the folder it runs in. Also the scripts whose `--config` is computed (`$CFG`),
    which cannot be placed."""
    import json

    folders: set[str] = set()
    unsure: list[str] = []
    folder = posixpath.dirname(config)
    while True:
        manifest = f"{folder}/package.json" if folder else "package.json"
        text = None
        if manifest in present:
            try:
                text = read(manifest)
            except ToolError:
                text = None  # the scripts guard reports it
        try:
            scripts = json.loads(text).get("scripts") if text else None
        except (ValueError, AttributeError, RecursionError):
            scripts = None
        for name, body in scripts.items() if isinstance(scripts, dict) else ():
            for value in config_flags(body) if isinstance(body, str) else ():
                if value is None:
                    unsure.append(f'{manifest} script "{name}"')
                elif key(join_inside(folder, value) or "") == key(config):
                    folders.add(folder)
        if not folder:
            break
        folder = posixpath.dirname(folder)
    return folders, unsure


def config_flags(script: str, _depth: int = 0) -> list[str | None]:
    """The `--config` values of the drizzle-kit runs in a package script (None: computed),
    read from the shell reader's words; a quoted string handed to another shell
    (`sh -c "drizzle-kit … --config x"`) is read the same way."""
    from hooks.commands.drizzle_kit import is_drizzle_kit_program
    from hooks.commands.shell import split_commands

    found: list[str | None] = []
    for command in split_commands(script).commands:
        words = command.words
        start = next((i for i, w in enumerate(words) if is_drizzle_kit_program(w)), None)
        if start is None:
            if _depth < 4:
                for word in words:
                    if word.quoted and "drizzle-kit" in word.value:
                        found += config_flags(word.value, _depth + 1)
            continue
        rest = words[start + 1 :]
        for at, word in enumerate(rest):
            if word.value == "--config" and at + 1 < len(rest):
                value = rest[at + 1]
                text, raw = value.value, value.raw
            elif word.value.startswith("--config="):
                text, raw = word.value[len("--config=") :], word.raw
            else:
                continue
            found.append(None if "$" in raw or "`" in raw else text)
    return found


def _pair(
    own: list[tuple[str, Layout]], homes: dict[str, str], fold: Callable[[str], str] = str
) -> list[tuple[str, Layout]]:
    """Databases, when the repository has several drizzle configs in different folders: each
    config's folder is a database, and a source belongs to the database whose folder holds
    its home (the folder of the atlas.hcl that names it, else its own), the deepest one
    first. A source no database holds belongs to every one (it may feed any), and so do all
    sources when a database would have none (never guess a pairing that can block a commit)."""
    folders: dict[str, Layout] = {}
    for folder, mine in own:
        if folder in folders:  # two configs in one folder: one database (drizzle.config.*.ts)
            for key in ("generated", "migrations"):
                for pattern in mine.patterns(key):
                    folders[folder]._add(key, pattern, folder)
        else:
            folders[folder] = mine
    if len(folders) < 2:
        return []

    def holds(folder: str, path: str) -> bool:
        folder, path = fold(folder), fold(path)
        return folder == "" or path == folder or path.startswith(folder + "/")

    shared = []
    for source, home in sorted(homes.items()):
        owners = [f for f in folders if holds(f, home)]
        if not owners:
            shared.append(source)
            continue
        folders[max(owners, key=len)]._add("sources", source, source)
    for mine in folders.values():
        for source in shared:
            mine._add("sources", source, source)
    if any(not mine.sources for mine in folders.values()):
        return []  # a database with no source of its own: no pairing is certain
    names = [posixpath.basename(f) or "root" for f in folders]
    return [
        (name if names.count(name) == 1 else folder or "root", mine)
        for name, (folder, mine) in zip(names, folders.items(), strict=True)
    ]


def _classify_out(layout: Layout, out: str, config: str, *, journal: bool, pulled: bool) -> None:
    """Where drizzle-kit writes: `pull` writes schema.ts/relations.ts, `generate` writes
    numbered .sql files and meta/. A folder that shows only one of them is that; a folder
    that shows both, or nothing yet, is guarded both ways."""
    folder = out + "/"
    if journal and not pulled:
        layout._add("migrations", folder, config)
        return
    layout._add("generated", folder, config)
    if not pulled or journal:
        layout._add("migrations", f"{folder}*.sql", config)
        layout._add("migrations", f"{folder}meta/", config)


_ARTEFACT_SUFFIXES = (".sql", ".json", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs")


def could_be_written_by(config: str, path: str) -> bool:
    """Whether `path` could be what drizzle-kit writes for a config whose `out` cannot be
    known: SQL, JSON or code in the config's package, or a file named as pull names them."""
    from hooks.drizzle.artefacts import pulled_file
    from hooks.drizzle.versions import pull_files

    folder = posixpath.dirname(config)
    inside = not folder or path.startswith(folder + "/")
    lower = path.lower()
    return (inside and lower.endswith(_ARTEFACT_SUFFIXES)) or pulled_file(path, pull_files())


def is_evidence(path: str) -> bool:
    """Whether git's plain pathspecs EVIDENCE_PATTERNS match `path` (`*` matches any run of
    characters, `/` included): what `ls-files` would list, decided here for the paths a
    change adds."""
    for pattern in EVIDENCE_PATTERNS:
        pieces = pattern.split("*")
        if not path.startswith(pieces[0]) or not path.endswith(pieces[-1]):
            continue
        at, end = len(pieces[0]), len(path) - len(pieces[-1])
        for piece in pieces[1:-1]:
            found = path.find(piece, at, end)
            if found < 0:
                break
            at = found + len(piece)
        else:
            if at <= end:
                return True
    return False


def list_evidence(
    repo: Repo, staged_changes: Callable[[], ChangeSet] | None = None
) -> Callable[[], list[str]]:
    """Start what infer_layout needs: the tracked files EVIDENCE_PATTERNS match.

    For the staged change (`staged_changes` given) the list at a commit is remembered in the
    private memo folder by HEAD's id, read without a process: a later commit on that HEAD
    takes it and applies the staged additions, deletions and renames, and no `git ls-files`
    runs. Otherwise (first use of a HEAD, a range, an unreadable HEAD) `git ls-files` starts
    now; for the staged change HEAD's list is then derived from it by undoing the staged
    change (see `head_evidence`) and remembered, with no second process."""
    head = repo.head_commit() if staged_changes is not None else None
    key = ("\0".join((head or "", *EVIDENCE_PATTERNS))).encode()
    if head is not None and staged_changes is not None:
        from hooks.repo.memo import memo_load

        remembered = memo_load(b"evidence", key)
        if isinstance(remembered, list) and all(isinstance(p, str) for p in remembered):
            return lambda: staged_evidence(remembered, staged_changes())
    from hooks.repo.listings import INDEX_LISTING
    from hooks.repo.listings import parse_index_listing

    listing = repo.git_soon([*INDEX_LISTING, "--", *EVIDENCE_PATHSPECS])

    def collect() -> list[str]:
        entries, _ = parse_index_listing(listing(), root=repo.root)
        files = sorted(entries)
        if head is not None and staged_changes is not None:
            at_head = head_evidence(entries, staged_changes())
            if at_head is not None:
                from hooks.repo.memo import memo_store

                memo_store(b"evidence", key, at_head)
        return files

    return collect


def head_evidence(index: dict[str, tuple[str, str]], changes: ChangeSet) -> list[str] | None:
    """HEAD's evidence, from the index's (`index`: path -> mode, object id) with the staged
    change undone; None where that is not certain: a change that is not a plain add, modify,
    delete, rename, copy or type change (a conflict), or an empty blob in the listing (an
    intent-to-add entry lists as one, and the staged diff does not show it)."""
    from hooks.repo.blobs import blob_id

    for _mode, oid in index.values():
        if oid == blob_id(b"", len(oid)):
            return None
    head = head_from_index(index, changes.changes)
    return None if head is None else sorted(p for p in head if is_evidence(p))


def staged_evidence(at_head: list[str], changes: ChangeSet) -> list[str]:
    """The evidence in the index: HEAD's, with the staged change applied to it."""
    present = set(at_head)
    for change in changes.changes:
        if change.status in (DELETED, RENAMED):
            present.discard(change.old_path)
        if change.status != DELETED and is_evidence(change.new_path):
            present.add(change.new_path)
    return sorted(present)


def infer_layout(repo: Repo, files: list[str]) -> Layout:
    """The layout of a repository with no configuration, from list_evidence's list."""
    from hooks.repo.files import read_text

    return detect_layout(files, lambda path: read_text(repo.root, path), ignorecase=repo.ignorecase)

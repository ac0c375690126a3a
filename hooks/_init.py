"""`atlas-first init`: find the layout of a consuming repository and write what it needs.

It looks for `schema.sql`, `atlas.hcl`, `drizzle.config.*` (its `out` and `schema` values) and
Drizzle migration folders (a `meta/_journal.json` beside numbered `.sql` files), writes
`.atlas-first.toml` saying what it found, writes the baseline, and prints the
`.pre-commit-config.yaml` snippet pinned to the installed version. Existing files are kept
unless `--force`; running it twice changes nothing.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys

from hooks import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks._git import Repo

HOOK_IDS = (
    "forbid-generated-schema-edits",
    "forbid-new-migrations",
    "forbid-drizzle-kit-scripts",
    "forbid-drizzle-migrator",
)
_DRIZZLE_CONFIG = re.compile(r"drizzle\.config\.(?:ts|mts|cts|js|mjs|cjs|json)\Z")
_OPTION = r"""["']?{key}["']?\s*:\s*(\[[^\]]*\]|["'`][^"'`]*["'`])"""
_STRING = re.compile(r"""["'`]([^"'`]+)["'`]""")
_ATLAS_SRC = re.compile(r"""src\s*=\s*"file://([^"]+)\"""")


class Layout:
    """What init found: each setting with the evidence for it."""

    def __init__(self) -> None:
        self.generated: list[str] = []
        self.sources: list[str] = []
        self.migrations: list[str] = []
        self.regenerate: list[str] = []
        self.evidence: list[str] = []


def _config_values(text: str, key: str) -> list[str]:
    match = re.search(_OPTION.format(key=key), text)
    return _STRING.findall(match.group(1)) if match else []


def _join(base: str, rel: str) -> str:
    joined = posixpath.normpath(posixpath.join(base, rel.replace("\\", "/")))
    return "" if joined == "." else joined


def detect_layout(files: list[str], read: Callable[[str], str]) -> Layout:
    """Work out the settings from the repository's file list; `read(path)` gives a file's text."""
    layout = Layout()
    files = [f for f in files if "node_modules/" not in f and not f.startswith("node_modules")]
    folders_of = {posixpath.dirname(f) for f in files}
    journals = sorted(
        posixpath.dirname(posixpath.dirname(f)) for f in files if f.endswith("meta/_journal.json")
    )
    pulled = {d for d in folders_of if {f"{d}/schema.ts", f"{d}/relations.ts"} & set(files)}

    for path in sorted(f for f in files if posixpath.basename(f) == "atlas.hcl"):
        base = posixpath.dirname(path)
        srcs = sorted({_join(base, s) for s in _ATLAS_SRC.findall(read(path))})
        layout.evidence.append(f"atlas.hcl:         {path} (src: {', '.join(srcs) or 'none'})")
        layout.sources += [s for s in srcs if s.endswith(".sql") and s not in layout.sources]
    for path in sorted(f for f in files if posixpath.basename(f) == "schema.sql"):
        if path not in layout.sources:
            layout.sources.append(path)
    for path in layout.sources:
        layout.evidence.append(f"schema source:     {path}")

    for path in sorted(f for f in files if _DRIZZLE_CONFIG.search(posixpath.basename(f))):
        base = posixpath.dirname(path)
        text = read(path)
        outs = [_join(base, o) for o in _config_values(text, "out")]
        schemas = [_join(base, s) for s in _config_values(text, "schema")]
        layout.evidence.append(
            f"drizzle config:    {path} (out: {', '.join(outs) or '-'};"
            f" schema: {', '.join(schemas) or '-'})",
        )
        for folder in outs + [
            posixpath.dirname(s) if "." in posixpath.basename(s) else s for s in schemas
        ]:
            is_migrations = folder in journals and folder not in pulled
            target = layout.migrations if is_migrations else layout.generated
            if folder and folder not in target:
                target.append(folder)
    for folder in journals:
        if folder not in pulled and folder not in layout.migrations:
            layout.migrations.append(folder)
            layout.evidence.append(f"migration folder:  {folder} (meta/_journal.json)")

    for script in ("scripts/sync-schema.sh", "scripts/sync-schema.ps1"):
        if script in files:
            shell = ["sh"] if script.endswith(".sh") else ["pwsh", "-NoProfile", "-File"]
            layout.regenerate = [*shell, script]
            layout.evidence.append(f"sync script:       {script}")
            break
    return layout


def _toml_list(values: list[str]) -> str:
    import json

    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def render_config(layout: Layout) -> str:
    from hooks._config import SCHEMA

    def chosen(key: str, found: list[str]) -> tuple[str, str]:
        if found:
            return _toml_list(
                [f + "/" if "." not in posixpath.basename(f) else f for f in found]
            ), ""
        default = SCHEMA[key][1]
        assert isinstance(default, tuple)
        return _toml_list(list(default)), "  # not found: the default"

    source = layout.sources[0] if layout.sources else "schema.sql"
    lines = ["# atlas-first-hooks configuration, written by `atlas-first init`.", "#"]
    if layout.evidence:
        lines.append("# What init found:")
        lines += [f"#   {line}" for line in layout.evidence]
    else:
        lines.append("# init found no schema.sql, atlas.hcl or drizzle config: these are defaults.")
    generated, note_g = chosen("generated", layout.generated)
    sources, note_s = chosen("sources", layout.sources)
    migrations, note_m = chosen("migrations", layout.migrations)
    lines += [
        "",
        "# Files written by `drizzle-kit pull`: edit the schema source instead.",
        f"generated = {generated}{note_g}",
        "# The source of truth: changing it in the same commit sanctions a regeneration.",
        f"sources = {sources}{note_s}",
        "# Drizzle migrations are banned; the files there now are frozen in the baseline.",
        f"migrations = {migrations}{note_m}",
        'baseline = ".atlas-first-baseline.json"',
        "# The fix printed under every violation:",
        f'# hint = "edit {source}, then run the sync script"',
    ]
    if layout.regenerate:
        lines += [
            "# What `atlas-first verify` runs in CI to regenerate the generated files:",
            f"regenerate = {_toml_list(layout.regenerate)}",
        ]
    else:
        lines.append('# regenerate = ["sh", "scripts/sync-schema.sh"]  # for `atlas-first verify`')
    return "\n".join(lines) + "\n"


def pre_commit_snippet() -> str:
    hooks = "".join(f"      - id: {hook}\n" for hook in HOOK_IDS)
    return (
        "repos:\n"
        "  - repo: https://github.com/your-org/atlas-first-hooks\n"
        f"    rev: v{__version__}\n"
        f"    hooks:\n{hooks}"
    )


def run_init(repo: Repo, *, force: bool = False) -> int:
    from hooks._baseline import freeze
    from hooks._config import CONFIG_FILE
    from hooks._config import load_config

    out = sys.stdout
    listing = repo.git(
        ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"]
    )
    files = sorted({os.fsdecode(p) for p in listing.split(b"\0") if p})

    def read(path: str) -> str:
        try:
            with open(repo.abspath(path), encoding="utf-8", errors="replace") as fh:
                return fh.read(1_000_000)
        except OSError:
            return ""

    layout = detect_layout(files, read)
    config_path = repo.abspath(CONFIG_FILE)
    existing = load_config(repo.root)
    if existing.origin != "defaults" and not force:
        out.write(f"kept {existing.origin}: it exists (use --force to overwrite {CONFIG_FILE})\n")
    else:
        text = render_config(layout)
        with open(config_path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        out.write(f"wrote {CONFIG_FILE}:\n")
        out.write("".join(f"    {line}\n" for line in text.splitlines()))
    config = load_config(repo.root)
    baseline_exists = os.path.exists(repo.abspath(config.baseline))
    if baseline_exists and not force:
        out.write(
            f"kept {config.baseline}: it exists (update it with `atlas-first baseline --update`)\n"
        )
    else:
        freeze(repo, config, update=True)
    out.write(
        "\nAdd this to .pre-commit-config.yaml, then run `pre-commit install`:\n\n"
        + pre_commit_snippet()
        + f"\nCommit {CONFIG_FILE} and {config.baseline}.\n",
    )
    return 0

"""forbid-drizzle-kit-scripts: no `drizzle-kit push/generate/migrate/up/drop`, however wrapped.

Reads the `scripts` of every package.json it is given and, unless `script-files = false`,
every other carrier of commands (`hooks.commands.carriers`: shell and PowerShell scripts,
Makefiles, CI YAML, Dockerfiles, compose files, deploy-platform configs, task runners, git
hooks, atlas.hcl, code that shells out). Each command is read as the shell would read it (see
`hooks.commands.shell` and `hooks.commands.drizzle_kit`): a run is flagged, a mention in an
argument, a comment or an install is not. This module registers the codes, picks the files
worth reading and hands each to its finder (`hooks.commands.package_scripts`,
`hooks.commands.script_files`) with what only the run knows: the repository's other scripts
and files, and the commands elsewhere that call a banned script.
"""

from __future__ import annotations

import os

from hooks.report.catalogue import register
from hooks.report.violation import ToolError
from hooks.runner.hook import Findings
from hooks.runner.hook import hook_main

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

    from hooks.commands.analyzer import Resolver
    from hooks.commands.gate_memo import GateMemo
    from hooks.report.catalogue import Code
    from hooks.runner.hook import Context

_PKG = "packages/database/package.json"


def _scripts(**scripts: str) -> str:
    body = ",\n".join(f'    "{name}": "{command}"' for name, command in scripts.items())
    return f'{{\n  "name": "@acme/database",\n  "scripts": {{\n{body}\n  }}\n}}\n'


_PUSH_TS = "packages/database/src/push.ts"
_SH = "scripts/db.sh"
_UNIT = "deploy/api.service"
_EXEC = 'import { execSync } from "node:child_process";\n'
_ALLOWED = "#!/bin/sh\n# atlas-first: allow AF301 the throwaway CI database\n"


def _codes() -> tuple[str, ...]:
    """This hook's codes, declared by the parts that report them (imported when asked: a
    commit with nothing to read never loads them)."""
    from hooks.commands.verdicts import NO_READER
    from hooks.commands.verdicts import RUNS
    from hooks.commands.verdicts import SHELLS_OUT
    from hooks.commands.verdicts import UNPARSEABLE
    from hooks.report.directives import STALE

    return (RUNS, UNPARSEABLE, SHELLS_OUT, NO_READER, STALE)


def _catalogue() -> list[Code]:
    """This hook's codes (built when a report or `explain` asks)."""
    from hooks.report.catalogue import Code
    from hooks.report.catalogue import Example

    RUNS, UNPARSEABLE, SHELLS_OUT, NO_READER, STALE_EXEMPTION = _codes()
    return [
        Code(
            RUNS,
            "drizzle-kit migration command in a script",
            why="`drizzle-kit push`, `generate`, `migrate`, `up` and `drop` change the database (or"
            " write migrations) from the TypeScript schema, bypassing Atlas and schema.sql. Read"
            " wherever a command is written (package.json, shell and PowerShell scripts, CI,"
            " containers, deploy platforms, task runners, git hooks) and through the programs"
            " that wrap it (`docker compose exec`, `ssh`, secret loaders, `timeout`…).",
            when_not="the command is `drizzle-kit pull` (types only), `check`, `studio` or another"
            " read-only subcommand, or drizzle-kit is only mentioned (an `echo`, a comment).",
            fix="use the sync script (Atlas apply, then drizzle-kit pull); `drizzle-kit pull`"
            " alone is fine",
            accept="`# atlas-first: allow AF301 <reason>` on or above the line, or an"
            " [[allow-drizzle-kit-script]] entry in .atlas-first.toml (e.g. a throwaway CI"
            " database)",
            fires=Example(
                {
                    _PKG: _scripts(
                        **{
                            "with-env": "dotenv -e .env --",
                            "db:push": "pnpm with-env drizzle-kit push",
                        }
                    )
                }
            ),
            passes=Example({_PKG: _scripts(**{"db:pull": "drizzle-kit pull && echo 'no push'"})}),
        ),
        Code(
            UNPARSEABLE,
            "Unreadable script that mentions drizzle-kit",
            why="The command has an unbalanced quote, so it cannot be shown not to run"
            " drizzle-kit: a guard that cannot check does not pass.",
            when_not="the text that cannot be read does not mention drizzle-kit.",
            fix="fix the quoting so the command can be read",
            fires=Example({_SH: "#!/bin/sh\necho 'drizzle-kit push\n"}),
            passes=Example({_SH: "#!/bin/sh\necho 'drizzle-kit push'\n"}),
        ),
        Code(
            SHELLS_OUT,
            "Code that shells out to a drizzle-kit migration command",
            why="execSync, spawn, execa, zx, Bun.spawn and infrastructure code (SST, CDK, Pulumi"
            " commands) running drizzle-kit push/generate/migrate/up/drop bypass Atlas from a"
            " program instead of a script.",
            when_not="the code names drizzle-kit without handing it to a process API, or runs"
            " `drizzle-kit pull`.",
            fix="remove the call; apply schema.sql through the sync script",
            accept="`// atlas-first: allow AF303 <reason>` on or above the line",
            fires=Example({_PUSH_TS: _EXEC + 'execSync("npx drizzle-kit push");\n'}),
            passes=Example({_PUSH_TS: _EXEC + 'execSync("npx drizzle-kit pull");\n'}),
        ),
        Code(
            NO_READER,
            "drizzle-kit migration command in a file no reader knows",
            why="A command can be written in any file something runs: a systemd unit, a"
            " Terraform `local-exec`, `wrangler.toml`, `buildspec.yml`, a Vagrantfile, Go or"
            " Ruby that shells out. A file atlas-first has no reader for is read line by line:"
            " a quoted string or a value that runs drizzle-kit push/generate/migrate/up/drop"
            " plainly (or through a wrapper it knows) is reported, so that no new kind of file"
            " is a way around the ban.",
            when_not="the line is a comment, a prose key's value (`description:`), a sentence"
            " (`drizzle-kit push to sync`), a program atlas-first does not know handed the"
            " words, or the file is prose, a lock file or a binary (README, *.md, docs/).",
            fix="run the sync script (Atlas apply, then drizzle-kit pull) from there instead",
            accept="`# atlas-first: allow AF305 <reason>` on or above the line (in a format"
            " with comments), or the file's path in `not-scripts` in .atlas-first.toml",
            fires=Example({_UNIT: "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit migrate\n"}),
            passes=Example({_UNIT: "[Service]\nExecStartPre=/usr/bin/npx drizzle-kit check\n"}),
        ),
        Code(
            STALE_EXEMPTION,
            "An AF301/AF303 exemption that allows nothing",
            severity="warning",
            why="An `atlas-first: allow` directive or an [[allow-drizzle-kit-script]] entry that"
            " matches no banned command, names no code or a code that cannot be allowed, or gives"
            " no reason: left behind, it would silently allow the next command written there.",
            when_not="the exemption names AF301 or AF303, gives a reason and matches a finding on"
            " its line (or the next, for a comment alone on its line).",
            fix="remove it, or fix it so that it names the command it is for",
            fires=Example({_SH: _ALLOWED + "npx drizzle-kit pull\n"}),  # nothing to allow
            passes=Example({_SH: _ALLOWED + "npx drizzle-kit push --force\n"}),
        ),
    ]


register("forbid-drizzle-kit-scripts", _codes, _catalogue)


def script_resolver(ctx: Context) -> Resolver:
    """The scripts of the repository's package.json files that run drizzle-kit, by name:
    (where, body). Built on first use (one `git grep`, then those files read once)."""
    import posixpath

    from hooks.commands.carriers.package_json import load_package_json
    from hooks.repo.files import decode

    table: dict[str, list[tuple[str, str]]] | None = None

    def resolve(name: str) -> list[tuple[str, str]]:
        nonlocal table
        if table is None:
            table = {}
            paths = ctx.tracked_matching("drizzle-kit")
            for path in sorted(p for p in paths if posixpath.basename(p) == "package.json"):
                try:
                    doc = load_package_json(decode(ctx.read_source(path) or b"{}", path), path)
                except ToolError:
                    continue  # reported where it is checked
                scripts = doc.get("scripts")
                for key, body in scripts.items() if isinstance(scripts, dict) else ():
                    if isinstance(body, str) and "drizzle-kit" in body:
                        table.setdefault(key, []).append((path, body))
        return table.get(name, [])

    return resolve


def callers_elsewhere(ctx: Context) -> Callable[[str, str | None, set[str]], dict[str, list[str]]]:
    """For a package.json with banned scripts: the commands in other tracked files that run
    them (the run's one `CallerIndex`, built only when a banned script is found; then only
    files that name a script are read, each once)."""

    def find(path: str, package_name: str | None, scripts: set[str]) -> dict[str, list[str]]:
        import posixpath

        from hooks.commands.callers import Package

        package = Package(posixpath.dirname(path), package_name)
        return ctx.caller_index().callers(package, scripts)

    return find


# Carriers a file is only by its content (a shebang, a container, a [program:] section): one
# that cannot be read is an odd file of the repository, not a carrier we failed to check.
BY_CONTENT = frozenset({"shebang", "containers", "supervisord"})
# Read only if command-shaped (`command_shaped`): a tree-wide `git grep` for that shape was
# measured slower than the byte tests (glibc's regex engine: 0.7 s over 7 MB of prose).
_GATED = frozenset({"containers", "supervisord"})


def check(ctx: Context, filenames: list[str]) -> Findings:
    from hooks.commands.carriers import CODE_SUFFIXES
    from hooks.commands.carriers import SHEBANG
    from hooks.commands.carriers import UNKNOWN
    from hooks.commands.carriers import carrier_for
    from hooks.commands.carriers import shebang_carrier
    from hooks.repo.files import decode

    findings = Findings()
    wanted = []
    script_files = ctx.config.script_files  # (asked once: the loop runs per file of the tree)
    for path in sorted(set(filenames)):
        kind = carrier_for(path)
        if kind is None or (not script_files and kind != "package_json"):
            continue
        if kind == SHEBANG and os.path.isdir(ctx.repo.abspath(path)):
            continue  # a submodule: no script
        wanted.append((path, kind))
    if ctx.all_files and any(k == "code" for _, k in wanted):
        # The whole tree: one `git grep` picks the code to open (see `worth_opening`).
        code = [p for p, k in wanted if k == "code"]
        from hooks.commands.prefilter import SHELLS_OUT_ERES

        shelling = set(ctx.worth_opening(code, *SHELLS_OUT_ERES, within=CODE_SUFFIXES))
        wanted = [(p, k) for p, k in wanted if k != "code" or p in shelling]
    if ctx.all_files and any(k == UNKNOWN for _, k in wanted):
        # Most of a tree is files no reader knows: one `git grep` picks those that name it.
        unknown = [p for p, k in wanted if k == UNKNOWN]
        naming = set(ctx.worth_opening(unknown, "drizzle-kit"))
        wanted = [(p, k) for p, k in wanted if k != UNKNOWN or p in naming]

    def exempt(path: str) -> bool:  # (the config is asked only when a file needs it)
        return ctx.config.not_scripts.match(path)

    if not wanted:
        return findings
    from hooks.commands.prefilter import calls_with_banned
    from hooks.commands.prefilter import runs_something
    from hooks.commands.prefilter import sources_another
    from hooks.commands.prefilter import worth_reading

    ctx.prefetch([path for path, _ in wanted])
    more_callers = callers_elsewhere(ctx)
    resolver = script_resolver(ctx)
    memo: list[GateMemo] = []  # (made for the first gated file: most commits have none)

    def turned_away(data: bytes) -> bool:
        """The by-content gate's no: large files it turned away before known by content."""
        if not memo:
            from hooks.commands.gate_memo import GateMemo

            memo.append(GateMemo())
        return not memo[0].shaped(data)

    def read_text(name: str) -> str | None:  # a script file another one runs (issue 37)
        try:
            data = ctx.read_source(name)
        except ToolError:
            return None
        return None if data is None else decode(data, name)

    for path, claimed in wanted:
        kind = claimed
        try:
            data = ctx.read_source(path)
            if data is None:
                continue
            if kind == "code":
                # Code runs drizzle-kit only by naming it to a process API (the test that
                # follows implies worth_reading's).
                if b"drizzle-kit" not in data or not runs_something(data):
                    continue
            elif kind == UNKNOWN or (kind == SHEBANG and not data.startswith(b"#!")):
                # (As the tree-wide `git grep` picks them: the name as it is written.)
                if b"drizzle-kit" not in data or b"\0" in data[:8000] or exempt(path):
                    continue
                kind = UNKNOWN
            elif claimed in _GATED and turned_away(data):
                continue  # a YAML, JSON or INI file that cannot hold a banned command
            elif (
                kind != "package_json"
                and not worth_reading(data)
                and not calls_with_banned(data)
                and not sources_another(data)
            ):
                continue  # the common case: nothing to decode or parse
            if kind == SHEBANG:
                by_shebang = shebang_carrier(data)
                if by_shebang is None:
                    if b"drizzle-kit" not in data or b"\0" in data[:8000] or exempt(path):
                        continue
                    by_shebang = UNKNOWN  # a `#!` of a program we do not read: searched
                kind = by_shebang
            if kind == UNKNOWN:
                text = data.decode("utf-8", "replace")  # searched for an ASCII name
            elif claimed == SHEBANG:
                try:
                    text = decode(data, path)
                except ToolError:  # a script by its shebang, not UTF-8: read, not skipped
                    text = data.decode("utf-8", "replace")
                    findings.notes.append(
                        f"{path}: not UTF-8; read with its undecodable bytes replaced"
                    )
            else:
                text = decode(data, path)
            if kind == "package_json":
                from hooks.commands.package_scripts import find_in_package_json

                found = find_in_package_json(
                    path,
                    text,
                    ctx.config,
                    more_callers=more_callers,
                    resolver=resolver,
                    read=read_text,
                )
            else:
                # Read by content, what it holds may be no shape its reader knows
                # (buildspec.yml, nodemon.json, a unit's .conf): searched as well.
                searched = claimed in BY_CONTENT and kind != UNKNOWN and not exempt(path)
                from hooks.commands.script_files import find_in_script_file

                found = find_in_script_file(
                    path, kind, text, ctx.config, resolver, read_text, searched=searched
                )
        except ToolError as exc:
            where = ctx.repo.abspath(path)
            if os.path.islink(where) and os.path.isdir(where):
                continue  # a tracked link to a folder (`.claude` -> `.agents`): no script
            if claimed in BY_CONTENT:  # not ours to refuse: it is a carrier only by what it holds
                findings.notes.append(f"{exc}; skipped (a file read only for what it may hold)")
                continue
            findings.errors.append(str(exc))
            continue
        findings.violations.extend(found)
    if memo:
        memo[0].save()
    return findings


def main(argv: Sequence[str] | None = None) -> int:
    return hook_main(
        "forbid-drizzle-kit-scripts",
        "Block drizzle-kit push/generate/migrate/up/drop in package.json scripts and script"
        " files, however they are wrapped.",
        check,
        argv,
        uses_folders=False,  # only the hint names a folder
    )


if __name__ == "__main__":
    raise SystemExit(main())

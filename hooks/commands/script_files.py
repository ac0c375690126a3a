"""The banned drizzle-kit runs of one file that carries commands (every carrier but
package.json's scripts: shell scripts, CI YAML, Dockerfiles, code that shells out, a file no
reader knows...): each command snippet its carrier finds is analyzed; a flow across snippets
(`drizzle-kit export` in one, schema.sql applied in a later one) and a script file a command
names are followed too."""

from __future__ import annotations

import re

from hooks.commands.prefilter import calls_with_banned
from hooks.commands.prefilter import mentions_drizzle
from hooks.commands.prefilter import sources_another
from hooks.commands.prefilter import worth_reading
from hooks.commands.verdicts import NO_READER
from hooks.commands.verdicts import RUNS
from hooks.commands.verdicts import SHELLS_OUT
from hooks.commands.verdicts import UNPARSEABLE
from hooks.commands.verdicts import reported
from hooks.commands.verdicts import script_hint
from hooks.report.violation import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from hooks.commands.analyzer import Resolver
    from hooks.commands.carriers import Snippet
    from hooks.commands.runs import Run
    from hooks.commands.verdicts import ScriptRules


def export_across(pieces: list[str], found: set[tuple[int, str]]) -> list[tuple[int, Run]]:
    """`drizzle-kit export > schema.sql` in one piece of a file (a workflow step, a script)
    and a database client handed schema.sql in a later one: the export's piece and its run,
    for flows no single piece holds (`found`: the (piece, command) pairs already reported)."""
    from hooks.commands.analyzer import analyze

    if sum(1 for p in pieces if "drizzle-kit" in p and "export" in p) == 0 or len(pieces) < 2:
        return []
    starts, joined = [], []
    at = 0
    for piece in pieces:
        starts.append(at)
        joined.append(piece)
        at += len(piece) + 1
    import bisect

    flows = []
    for run in analyze("\n".join(joined), banned=()).runs:
        if run.subcommand != "export":
            continue
        index = bisect.bisect_right(starts, run.offset) - 1
        if (index, run.command) not in found:
            run.offset -= starts[index]
            flows.append((index, run))
    return flows


_HERE = (
    r"""\A(?:"?\$\(\s*dirname\s+"?(?:\$0|\$\{BASH_SOURCE(?:\[0\])?\})"?\s*\)"?"""
    r"""|"?\$\{?(?:SCRIPT_DIR|DIR|HERE|SCRIPTDIR|SCRIPT_PATH)\}?"?|"?\$\{BASH_SOURCE%/\*\}"?)/"""
)


def script_reader(caller: str, read: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """A script file named in `caller` (`./scripts/drizzle.sh`, `scripts\\db.sh`), read from
    the caller's folder or the repository's root (a path that leaves it: none)."""
    import posixpath

    def named(written: str) -> str | None:
        written = written.replace("\\", "/").strip("'\"")
        # `"$(dirname "$0")/env.sh"`, `$SCRIPT_DIR/env.sh`: the caller's own folder
        written = re.compile(_HERE).sub("", written)
        if written.startswith("/") or "$" in written:
            return None
        for base in dict.fromkeys((posixpath.dirname(caller), "")):
            joined = posixpath.normpath(posixpath.join(base, written))
            if joined.startswith("..") or joined == caller:
                continue
            text = read(joined)
            if text is not None:
                return text
        return None

    return named


def find_in_script_file(
    path: str,
    kind: str,
    text: str,
    config: ScriptRules,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
    *,
    searched: bool = False,
    raw: bool = False,
) -> list[Violation]:
    """The banned runs of one carrier file. `searched`: a file read by content (a YAML file
    that may be no container spec) is also searched as a file no reader knows, for lines its
    reader found nothing on."""
    from hooks.commands.analyzer import analyze
    from hooks.commands.carriers import snippets
    from hooks.commands.runs import Analysis

    data = text.encode("utf-8", "surrogatepass")
    calls = resolver is not None and calls_with_banned(data)
    sources = read is not None and sources_another(data)
    if not worth_reading(data) and not calls and not sources:
        return []
    hint = script_hint(config)
    code, how = RUNS, "runs"
    if kind in ("code", "python"):
        code, how = SHELLS_OUT, "shells out to run"
        hint = f"remove the call; {hint}"
    from hooks.commands.carriers import UNKNOWN

    strict = kind == UNKNOWN
    if strict:
        from hooks.commands.carriers.unknown import sentence

        code = NO_READER
        hint = (
            "if it runs, use the sync script instead (Atlas apply + drizzle-kit pull); if it"
            " is no command, add `atlas-first: allow AF305 <reason>` on the line or list the"
            " file in `not-scripts` in .atlas-first.toml"
        )
    violations = []
    pieces: list[Snippet] = []
    found: set[tuple[int, str]] = set()
    if kind == "code" and read is not None:
        from hooks.commands.carriers.code import snippets as code_snippets

        found_snippets = code_snippets(text, path, read)  # helpers imported from the repo
    else:
        found_snippets = snippets(kind, text, path)
    for snippet in found_snippets:
        pieces.append(snippet)
        if (
            not mentions_drizzle(snippet.text)
            and not (calls and calls_with_banned(snippet.text.encode("utf-8", "surrogatepass")))
            and not (sources and sources_another(snippet.text.encode("utf-8", "surrogatepass")))
            and not (  # `$KIT push` where the carrier sets KIT to drizzle-kit (a job's env)
                snippet.choices
                and ("$" in snippet.text or "%" in snippet.text)
                and any("drizzle" in v for vs in snippet.choices.values() for v in vs)
            )
        ):
            continue
        result = analyze(
            snippet.text,
            banned=config.banned_subcommands,
            dialect=snippet.dialect,
            choices=snippet.choices,
            mention_only=config.mention_only,
            resolver=resolver,
            files=script_reader(path, read) if read is not None else None,
            strict=strict,
        )
        if strict:
            result.runs = [r for r in result.runs if not sentence(r.command, r.subcommand)]
        found.update((len(pieces) - 1, r.command) for r in result.runs)
        violations += reported(path, snippet, result, code, how, hint)
        if strict:
            continue  # an odd quote in a file we only search is no command we failed to read
        if not result.complete and not result.runs and "drizzle-kit" in snippet.text:
            line, col = snippet.position(0)
            violations.append(
                Violation(
                    path,
                    UNPARSEABLE,
                    "unbalanced quote in a command that mentions drizzle-kit; it cannot be checked",
                    "fix the quoting so the command can be read, " + hint,
                    line=line,
                    col=col,
                ),
            )
    if len(pieces) > 1 and "export" in text and not strict:
        for index, run in export_across([p.text for p in pieces], found):
            flow = Analysis()
            flow.runs.append(run)
            violations += reported(path, pieces[index], flow, code, how, hint)
    if searched and "drizzle-kit" in text:
        from hooks.commands.carriers import UNKNOWN

        # (Lines the reader read, found or not: `command=node x ; npx drizzle-kit push` is
        # supervisord's inline comment, which the reader knows and a search does not.)
        lines = {v.line for v in violations} | {n for p in pieces for n, _ in p.lines}
        more = find_in_script_file(path, UNKNOWN, text, config, raw=True)
        violations += [v for v in more if v.line not in lines]
    if raw:
        return violations
    from hooks.report.directives import apply

    return apply(path, text, violations)

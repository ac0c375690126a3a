"""The banned drizzle-kit runs of a package.json: its scripts (each reported with the scripts
that call it, and the commands in other files that run it), the commands it gives git-hook
tools and nodemon, a flow across scripts (`db:export` then `db:apply`), and the
`[[allow-drizzle-kit-script]]` entries that allow nothing."""

from __future__ import annotations

import re

from hooks.commands.prefilter import calls_with_banned
from hooks.commands.prefilter import mentions_drizzle
from hooks.commands.prefilter import plain
from hooks.report.run import pattern
from hooks.report.violation import ToolError
from hooks.report.violation import Violation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Collection
    from collections.abc import Mapping

    from hooks.commands.analyzer import Resolver
    from hooks.commands.runs import Analysis
    from hooks.commands.runs import Run
    from hooks.commands.verdicts import ScriptRules

_NAME_TOKENS = r"[^\s'\"=;&|()`]+"


def _could_run(text: str, banned: Collection[str]) -> bool:
    """Cheap test before the full reading: a run names a banned subcommand somewhere, or a
    flag that makes a reading one write (`pull --init`: hooks/drizzle/versions.py)."""
    from hooks.drizzle.versions import WRITING_FLAGS

    flat = plain(text)
    return (
        any(word in flat for word in banned)
        or "export" in flat  # its SQL applied to a database (`drizzle-kit export | psql`)
        or any(flag in flat for flag in WRITING_FLAGS)
        or (
            ("$" in flat or "%" in flat)  # (the pattern compiled only where it could match)
            and re.search(r"drizzle-kit\S*\s+(?:-\S+\s+)*[$%]", flat) is not None
        )
    )


def _maybe_unbalanced(text: str) -> bool:
    return text.count("'") % 2 == 1 or text.count('"') % 2 == 1 or text.count("`") % 2 == 1


def find_in_scripts(
    path: str,
    text: str,
    scripts: dict[str, str],
    banned: Collection[str],
    config: ScriptRules,
    *,
    more_callers: Callable[[set[str]], dict[str, list[str]]] | None = None,
    allowed: Mapping[str, str] | None = None,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
) -> list[Violation]:
    """Violations in a package.json's scripts, each with the scripts that call it (and,
    through `more_callers`, the commands in other files that run it); scripts in `allowed`
    (`[[allow-drizzle-kit-script]]`) are exempt, and an entry that exempts nothing is a
    warning."""
    suspects = {name for name, body in scripts.items() if mentions_drizzle(body)}
    if resolver is not None or read is not None:  # another package's prefix, a script file
        suspects |= {
            name
            for name, body in scripts.items()
            if calls_with_banned(body.encode("utf-8", "surrogatepass"))
        }
    if not suspects and not allowed:
        return []
    # A suspect may be a prefix (`db: drizzle-kit`) that callers complete (`pnpm db push`).
    tokens = {name: set(pattern(_NAME_TOKENS).findall(body)) for name, body in scripts.items()}
    candidates = suspects | {name for name, words in tokens.items() if words & suspects}
    analyses: dict[str, Analysis] = {}

    def analysis(name: str) -> Analysis:
        if name not in analyses:
            # (loaded for a script that may run a banned command: `pull` alone never does)
            from hooks.commands.analyzer import analyze
            from hooks.commands.script_files import script_reader

            analyses[name] = analyze(
                scripts[name],
                scripts=scripts,
                banned=banned,
                mention_only=config.mention_only,
                resolver=resolver,
                files=script_reader(path, read) if read is not None else None,
            )
        return analyses[name]

    offending = sorted(
        name for name in candidates if _could_run(scripts[name], banned) and analysis(name).runs
    )
    stale = [
        _stale_allowance(path, name, name in scripts, text, config)
        for name in sorted(allowed or ())
        if name not in offending
    ]
    offending = [name for name in offending if name not in (allowed or {})]
    unparsed = sorted(
        name
        for name in suspects
        if name not in offending
        and _maybe_unbalanced(scripts[name])
        and "drizzle-kit" in scripts[name]
        and not analysis(name).complete
    )
    # `db:export` writes schema.sql, `db:apply` hands it to psql: a flow no one script holds.
    names = [n for n in scripts if "drizzle-kit" not in scripts[n] or n not in offending]
    flows: dict[tuple[int, str], Run] = {}
    if any("export" in scripts[n] for n in names if "drizzle-kit" in scripts[n]):
        from hooks.commands.script_files import export_across

        bodies = [scripts[n] for n in names]
        for index, run in export_across(bodies + bodies, set()):  # (run in either order)
            if names[index % len(names)] not in (allowed or {}):
                flows.setdefault((index % len(names), run.command), run)
    if not offending and not unparsed and not flows:
        return stale
    from hooks.commands.carriers.package_json import script_key_offsets
    from hooks.commands.verdicts import RUNS
    from hooks.commands.verdicts import UNPARSEABLE
    from hooks.commands.verdicts import described
    from hooks.commands.verdicts import script_hint
    from hooks.commands.verdicts import unknown_hint
    from hooks.report.positions import Positions

    callers = _callers(set(offending), tokens, analysis)
    elsewhere = more_callers(set(offending)) if more_callers and offending else {}
    offsets = script_key_offsets(text)
    positions = Positions(text)
    hint = script_hint(config)
    violations = []
    for name in offending:
        line, col = positions.at(offsets.get(name, 0))
        for run in analysis(name).runs:
            named = [f'"{c}"' for c in callers.get(name, [])] + elsewhere.get(name, [])
            chain = f" (called by {', '.join(named)})" if named else ""
            violations.append(
                Violation(
                    path,
                    RUNS,
                    f'script "{name}" {described("runs", run)}{chain}',
                    unknown_hint(run, hint),
                    line=line,
                    col=col,
                ),
            )
    for (index, _), run in flows.items():
        line, col = positions.at(offsets.get(names[index], 0))
        violations.append(
            Violation(
                path,
                RUNS,
                f'script "{names[index]}" {described("runs", run)} (a later script applies it)',
                hint,
                line=line,
                col=col,
            ),
        )
    for name in unparsed:
        line, col = positions.at(offsets.get(name, 0))
        violations.append(
            Violation(
                path,
                UNPARSEABLE,
                f'script "{name}" has an unbalanced quote and mentions drizzle-kit;'
                " it cannot be checked",
                "fix the quoting so the script can be read, " + hint,
                line=line,
                col=col,
            ),
        )
    return violations + stale


def _stale_allowance(
    path: str, name: str, present: bool, text: str, config: ScriptRules
) -> Violation:
    from hooks.report.directives import STALE
    from hooks.report.violation import WARNING

    line = col = None
    if present:
        from hooks.commands.carriers.package_json import script_key_offsets
        from hooks.report.positions import Positions

        offsets = script_key_offsets(text)
        if name in offsets:
            line, col = Positions(text).at(offsets[name])
    what = "runs no banned drizzle-kit command" if present else "is not in this package.json"
    return Violation(
        path,
        STALE,
        f'[[allow-drizzle-kit-script]] allows script "{name}", which {what}',
        f"remove the entry from {config.origin} (the run it allowed is gone), or fix the file or"
        " script name",
        line=line,
        col=col,
        severity=WARNING,
    )


def _callers(
    offending: set[str],
    tokens: dict[str, set[str]],
    analysis: Callable[[str], Analysis],
) -> dict[str, list[str]]:
    """Scripts that call each offending script, directly or through other scripts."""
    direct: dict[str, set[str]] = {}
    frontier, seen = set(offending), set(offending)
    while frontier:
        next_frontier: set[str] = set()
        for name, words in tokens.items():
            if not words & frontier:
                continue
            for ref in analysis(name).refs:
                if ref in frontier and ref != name:
                    direct.setdefault(ref, set()).add(name)
                    if name not in seen:
                        seen.add(name)
                        next_frontier.add(name)
        frontier = next_frontier
    result: dict[str, list[str]] = {}
    for name in offending:
        ordered: list[str] = []
        queue = sorted(direct.get(name, ()))
        while queue:
            caller = queue.pop(0)
            if caller in ordered or caller == name:
                continue
            ordered.append(caller)
            queue.extend(sorted(direct.get(caller, ())))
        if ordered:
            result[name] = ordered
    return result


def find_in_package_json(
    path: str,
    text: str,
    config: ScriptRules,
    *,
    more_callers: Callable[[str, str | None, set[str]], dict[str, list[str]]] | None = None,
    resolver: Resolver | None = None,
    read: Callable[[str], str | None] | None = None,
) -> list[Violation]:
    from hooks.commands.carriers.package_json import load_package_json

    doc = load_package_json(text, path)
    scripts = doc.get("scripts")
    hooks = _package_hooks(path, text, scripts if isinstance(scripts, dict) else {}, config)
    if scripts is None:
        return hooks
    if not isinstance(scripts, dict):
        raise ToolError(f'{path}: "scripts" must be an object of strings; it cannot be checked')
    bad = [name for name, body in scripts.items() if not isinstance(body, str)]
    if bad:
        raise ToolError(f'{path}: script "{bad[0]}" is not a string; it cannot be checked')
    name = doc.get("name")
    package_name = name if isinstance(name, str) else None
    return hooks + find_in_scripts(
        path,
        text,
        scripts,
        config.banned_subcommands,
        config,
        more_callers=(lambda s: more_callers(path, package_name, s)) if more_callers else None,
        allowed=config.allowed_scripts(path),
        resolver=resolver,
        read=read,
    )


def _package_hooks(
    path: str, text: str, scripts: Mapping[str, object], config: ScriptRules
) -> list[Violation]:
    """The commands package.json gives lint-staged, simple-git-hooks, husky 4 and nodemon: a
    banned run there is AF301 at its value (a call of a banned script is reported at the
    script, with the scripts' own findings)."""
    from hooks.commands.carriers.package_json import hook_snippets

    known = {k: v for k, v in scripts.items() if isinstance(v, str)}
    violations = []
    for snippet in hook_snippets(text, path):
        if not mentions_drizzle(snippet.text) and not any(
            plain(known.get(w, "")).count("drizzle") for w in snippet.text.split()
        ):
            continue
        from hooks.commands.analyzer import analyze
        from hooks.commands.verdicts import RUNS
        from hooks.commands.verdicts import reported
        from hooks.commands.verdicts import script_hint

        result = analyze(
            snippet.text,
            scripts=known,
            banned=config.banned_subcommands,
            mention_only=config.mention_only,
        )
        violations += reported(path, snippet, result, RUNS, "runs", script_hint(config))
    if not violations and "atlas-first:" not in text:
        return violations  # (nothing to allow, and no directive: see `directives`)
    from hooks.report.directives import apply

    return apply(path, text, violations)

"""atlas-first: every guard in one process, plus the commands around them.

atlas-first check [--all-files | --from-ref A --to-ref B] [FILE ...]
atlas-first baseline [--update]
atlas-first demo
"""

from __future__ import annotations

import sys

from hooks import __version__
from hooks.report.output import choose_format
from hooks.report.output import report
from hooks.report.run import run_safely
from hooks.report.violation import ToolError
from hooks.runner.args import Option
from hooks.runner.args import parse
from hooks.runner.hook import COMMON_OPTIONS
from hooks.runner.hook import Context
from hooks.runner.hook import Findings
from hooks.runner.hook import entry_claim

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from collections.abc import Sequence

    from hooks.project.config import Config
    from hooks.report.catalogue import Code
    from hooks.runner.args import Arguments

PROG = "atlas-first"

# Hook id -> the module of its guard. A new rule is one module, one line here, one manifest
# entry. The modules are imported once the run's git processes are started (`guards()`), so
# git lists the tree while Python loads the guards.
GUARDS: dict[str, str] = {
    "forbid-generated-schema-edits": "forbid_generated_schema_edits",
    "forbid-new-migrations": "forbid_new_migrations",
    "forbid-drizzle-kit-scripts": "forbid_drizzle_kit_scripts",
    "forbid-drizzle-migrator": "forbid_drizzle_migrator",
    "lint-schema-source": "lint_schema_source",
    "guard-atlas-config": "guard_atlas_config",
}


def guards() -> list[Callable[[Context, list[str]], Findings]]:
    """Every guard's `check`, in the table's order. (`__import__`, not importlib: its import
    and the `warnings` module it pulls in cost a hook half a millisecond.)"""
    return [__import__(f"hooks.{name}", fromlist=["check"]).check for name in GUARDS.values()]


def run_check(ctx: Context, filenames: list[str] | None, *, all_files: bool = False) -> Findings:
    """Every guard over one change set; `filenames` None means: what the change writes."""
    if filenames is None:
        if all_files:
            entries = ctx.repo.index_entries()
            filenames = sorted(entries)
            ctx.all_files = True
            ctx.symlinks = frozenset(p for p, (mode, _) in entries.items() if mode == "120000")
            # The two guards that search every file: their greps run side by side.
            from hooks.commands.carriers import CODE_SUFFIXES
            from hooks.commands.prefilter import SHELLS_OUT_ERES
            from hooks.forbid_drizzle_migrator import MENTION_ERE
            from hooks.forbid_drizzle_migrator import SUFFIXES

            ctx.start_grep(MENTION_ERE, within=SUFFIXES)
            if ctx.config.script_files:
                ctx.start_grep(*SHELLS_OUT_ERES, within=CODE_SUFFIXES)
        else:
            filenames = ctx.change_set.written_paths()
    findings = Findings()
    if not all_files:  # (every tracked file: each guard prefetches the few it opens)
        ctx.prefetch(filenames)  # one look at unstaged edits for every guard
    for guard in guards():
        findings.extend(guard(ctx, filenames))
    if all_files:
        for line in ctx.config.describe():
            sys.stderr.write(f"{PROG}: setting: {line}\n")
        if ctx.config.origin == "defaults":
            sys.stderr.write(
                f"{PROG}: no .atlas-first.toml: run `atlas-first init` to write these down\n",
            )
        for key, pattern in unmatched_patterns(ctx.config, filenames):
            unmatched_warning(ctx.config, key, pattern, filenames)
    return findings


def unmatched_warning(config: Config, key: str, pattern: str, files: list[str]) -> None:
    """What `check --all-files` says of a pattern that names no tracked file as spelled: on
    a checkout that ignores case, where git holds it in another case, a note of that."""
    from hooks.repo.patterns import git_spelling
    from hooks.setup.init import spelling_note

    if config.ignorecase:
        spelled = git_spelling(pattern, files)
        if spelled is not None:
            sys.stderr.write(f"{PROG}: note: {spelling_note(key, pattern, spelled)}\n")
            return
        if any(config.matcher(key).match(f) for f in files):
            return  # a wildcard pattern that matches in another case
    sys.stderr.write(
        f"{PROG}: warning: '{key}' pattern '{pattern}' matches no tracked file"
        f" ({config.provenance.get(key, config.origin)}); is the path right?\n",
    )


def unmatched_patterns(config: Config, files: list[str]) -> list[tuple[str, str]]:
    """(key, pattern) of every path pattern that matches none of `files` (sorted)."""
    import bisect

    from hooks.repo.patterns import PathMatcher
    from hooks.repo.patterns import literal_prefix

    unmatched = []
    for key in ("generated", "sources", "migrations"):
        for pattern in config.patterns(key):
            if pattern.startswith("!") or not pattern.strip():
                continue
            literal = literal_prefix(pattern)
            if literal is not None:
                prefix, folder_only = literal
                below = bisect.bisect_left(files, prefix + "/")
                hit = below < len(files) and files[below].startswith(prefix + "/")
                if not hit and not folder_only:
                    exact = bisect.bisect_left(files, prefix)
                    hit = exact < len(files) and files[exact] == prefix
            else:
                try:
                    matcher = PathMatcher([pattern])
                except ValueError:
                    continue  # reported as an error when the guard compiles it
                hit = any(matcher.match(f) for f in files)
            if not hit:
                unmatched.append((key, pattern))
    return unmatched


def cmd_hook(args: Arguments) -> int:
    """The all-in-one hook: `check` on the files the runner passes, with the change-based
    findings reported once per run however the runner splits the file list."""
    ctx = Context.from_args(args)
    ctx.start_change_set()  # every run of the hook reads it (once-per-run claims)
    ctx.claim = entry_claim(PROG, args, ctx.config)
    names = [ctx.repo.to_repo_path(n) for n in args.filenames]
    findings = Findings()
    for guard in guards():
        findings.extend(guard(ctx, names))
    fmt = choose_format(args.format)
    notes = [*findings.notes, *ctx.notes, *ctx.config.notes]
    return report(findings.violations, notes, findings.errors, prog=PROG, fmt=fmt)


def cmd_check(args: Arguments) -> int:
    if args.all_files and (args.from_ref or args.to_ref):
        raise ToolError("--all-files checks every tracked file; do not combine it with a range")
    ctx = Context.from_args(args)
    if not args.all_files:
        ctx.start_change_set()
    names = [ctx.repo.to_repo_path(n) for n in args.filenames] if args.filenames else None
    findings = run_check(ctx, names, all_files=args.all_files)
    fmt = choose_format(args.format)
    notes = [*findings.notes, *ctx.notes, *ctx.config.notes]
    return report(findings.violations, notes, findings.errors, prog=PROG, fmt=fmt)


def cmd_baseline(args: argparse.Namespace) -> int:
    from hooks.project.baseline import freeze
    from hooks.project.config_files import load_repo_config
    from hooks.repo.repository import Repo

    repo = Repo.discover()
    return freeze(repo, load_repo_config(repo, args.config), update=args.update)


def cmd_verify(args: argparse.Namespace) -> int:
    from hooks.project.config_files import load_repo_config
    from hooks.repo.repository import Repo
    from hooks.setup.verify import verify

    repo = Repo.discover()
    config = load_repo_config(repo, args.config)
    violations, notes = verify(repo, config, args.rev)
    return report(violations, notes, prog=PROG, fmt=choose_format(args.format))


def cmd_init(args: argparse.Namespace) -> int:
    from hooks.repo.repository import Repo
    from hooks.setup.init import run_init

    return run_init(Repo.discover(), force=args.force)


def cmd_demo(args: argparse.Namespace) -> int:
    from hooks.setup.demo import run_demo

    return run_demo(main, keep=args.keep)


CHECK_OPTIONS = (Option("--all-files", "check every tracked file", flag=True), *COMMON_OPTIONS)


def _baseline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--update",
        action="store_true",
        help="allow adding files to an existing baseline (prints what it adds)",
    )
    parser.add_argument("--config", metavar="PATH", help="config file")


def _verify_arguments(parser: argparse.ArgumentParser) -> None:
    from hooks.report.output import FORMATS

    parser.add_argument("--rev", default="HEAD", help="the commit to verify (default: HEAD)")
    parser.add_argument("--config", metavar="PATH", help="config file")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: github when GITHUB_ACTIONS=true, else text)",
    )


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite an existing config")


def load_catalogue() -> list[Code]:
    """Every code: each hook (and `verify`) registers its own when imported."""
    from hooks.report.catalogue import registered

    guards()
    __import__("hooks.setup.verify")
    return registered()


def cmd_explain(args: argparse.Namespace) -> int:
    import json

    from hooks.report.catalogue import lookup

    catalogue = load_catalogue()
    if args.list or not args.code:
        if args.format == "markdown":
            from hooks.report.catalogue import codes_page

            sys.stdout.write(codes_page(catalogue))
        elif args.format == "json":
            sys.stdout.write(json.dumps([c.as_dict() for c in catalogue], indent=2) + "\n")
        else:
            width = max(len(c.hook) for c in catalogue)
            for c in catalogue:
                sys.stdout.write(f"{c.code}  {c.severity:<7}  {c.hook:<{width}}  {c.title}\n")
        return 0
    entry = lookup(args.code.strip().upper())
    if entry is None:
        raise ToolError(f"{args.code}: no such code; `{PROG} explain --list` lists every code")
    if args.format == "json":
        sys.stdout.write(json.dumps(entry.as_dict(), indent=2) + "\n")
    elif args.format == "markdown":
        sys.stdout.write(entry.as_markdown())
    else:
        sys.stdout.write(entry.as_text())
    return 0


def _explain_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", nargs="?", help="a code, e.g. AF634")
    parser.add_argument("--list", action="store_true", help="list every code")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--keep", action="store_true", help="keep the temporary repository")


# name -> (one-line help, description, arguments, implementation)
COMMANDS: dict[
    str,
    tuple[
        str,
        str,
        Callable[[argparse.ArgumentParser], None],
        Callable[[argparse.Namespace], int],
    ],
] = {
    "baseline": (
        "freeze the legacy migration files that are committed now",
        "Record every committed file matching 'migrations' (path and blob id).",
        _baseline_arguments,
        cmd_baseline,
    ),
    "verify": (
        "regenerate in a temporary worktree and compare with the committed files (CI)",
        "Check out REV in a temporary git worktree, run the configured 'regenerate' command"
        " there, and compare every file under 'generated' byte for byte with what is committed:"
        " drifted, missing and extra files are reported.",
        _verify_arguments,
        cmd_verify,
    ),
    "init": (
        "detect the layout, write .atlas-first.toml and the baseline, print the snippet",
        "Find schema.sql, atlas.hcl, drizzle.config.* and migration folders; write"
        " .atlas-first.toml with what was found and the baseline; print the"
        " .pre-commit-config.yaml snippet. Existing files are kept unless --force.",
        _init_arguments,
        cmd_init,
    ),
    "explain": (
        "what a code protects against, when it does not fire, how to fix or accept it",
        "Print the catalogue entry of a code (`explain AF634`), or list every code (`--list`).",
        _explain_arguments,
        cmd_explain,
    ),
    "demo": (
        "show the guards at work in a throwaway Atlas-first monorepo",
        "Build a temporary monorepo, try each banned change and the sanctioned regeneration,"
        " and print what was blocked and why.",
        _demo_arguments,
        cmd_demo,
    ),
}


# The hot path: what hook managers and CI call on every commit, parsed without argparse.
FAST: dict[str, tuple[str, str, tuple[Option, ...], Callable[[Arguments], int]]] = {
    "check": (
        "run every guard on the staged change, a range, or all files",
        "Run every guard in one process (for CI steps and other hook managers).",
        CHECK_OPTIONS,
        cmd_check,
    ),
    "hook": (
        "the all-in-one hook for pre-commit/prek (entry of the `atlas-first` hook id)",
        "Run every guard on the files a hook manager passes; change-based findings are"
        " reported once per run even when the runner splits the file list.",
        COMMON_OPTIONS,
        cmd_hook,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, for `--help` and anything that is not a known command."""
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Keep a monorepo on the Atlas-first database workflow:"
        " schema.sql is the source of truth, Drizzle migrations are banned.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, (summary, description, _, _) in FAST.items():
        sub.add_parser(name, help=summary, description=description, add_help=False)
    for name, (summary, description, arguments, func) in COMMANDS.items():
        command = sub.add_parser(name, help=summary, description=description)
        arguments(command)
        command.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in FAST:
        _, description, options, fast = FAST[args_list[0]]
        parsed = parse(f"{PROG} {args_list[0]}", description, options, args_list[1:])
        return run_safely(PROG, lambda: fast(parsed), choose_format(parsed.format))
    import argparse

    if args_list and args_list[0] in COMMANDS:
        _, description, arguments, func = COMMANDS[args_list[0]]
        parser = argparse.ArgumentParser(prog=f"{PROG} {args_list[0]}", description=description)
        arguments(parser)
        args = parser.parse_args(args_list[1:])
    else:
        args = build_parser().parse_args(args_list)
        func = args.func
    return run_safely(PROG, lambda: func(args), choose_format(getattr(args, "format", None)))


if __name__ == "__main__":
    raise SystemExit(main())

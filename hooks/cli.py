"""atlas-first: every guard in one process, plus the commands around them.

atlas-first check [--all-files | --from-ref A --to-ref B] [FILE ...]
atlas-first baseline [--update]
atlas-first demo
"""

from __future__ import annotations

import argparse
import sys

from hooks import __version__
from hooks import forbid_drizzle_kit_scripts
from hooks import forbid_drizzle_migrator
from hooks import forbid_generated_schema_edits
from hooks import forbid_new_migrations
from hooks._hook import Context
from hooks._hook import Findings
from hooks._hook import add_common_arguments
from hooks._report import CLEAN
from hooks._report import VIOLATIONS
from hooks._report import ToolError
from hooks._report import print_report
from hooks._report import run_safely

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

PROG = "atlas-first"

# Hook id -> guard. A new rule is one module, one line here, one manifest entry.
GUARDS: dict[str, Callable[[Context, list[str]], Findings]] = {
    "forbid-generated-schema-edits": forbid_generated_schema_edits.check,
    "forbid-new-migrations": forbid_new_migrations.check,
    "forbid-drizzle-kit-scripts": forbid_drizzle_kit_scripts.check,
    "forbid-drizzle-migrator": forbid_drizzle_migrator.check,
}


def run_check(ctx: Context, filenames: list[str] | None, *, all_files: bool = False) -> Findings:
    """Every guard over one change set; `filenames` None means: what the change writes."""
    if filenames is None:
        if all_files:
            filenames = sorted(ctx.repo.index_blobs())
        else:
            filenames = ctx.change_set.written_paths()
    findings = Findings()
    for guard in GUARDS.values():
        findings.extend(guard(ctx, filenames))
    return findings


def cmd_check(args: argparse.Namespace) -> int:
    if args.all_files and (args.from_ref or args.to_ref):
        raise ToolError("--all-files checks every tracked file; do not combine it with a range")
    ctx = Context.from_args(args)
    names = [ctx.repo.to_repo_path(n) for n in args.filenames] if args.filenames else None
    findings = run_check(ctx, names, all_files=args.all_files)
    return print_report(findings.violations, findings.notes, findings.errors, prog=PROG)


def cmd_baseline(args: argparse.Namespace) -> int:
    from hooks._baseline import read_baseline
    from hooks._baseline import render_baseline
    from hooks._baseline import write_baseline
    from hooks._config import load_config
    from hooks._git import Repo

    repo = Repo.discover()
    config = load_config(repo.root, args.config)
    matcher = config.migrations
    if not matcher:
        raise ToolError(f"{config.origin}: 'migrations' is empty, so there is nothing to baseline")
    literal = matcher.literal_paths
    in_index = repo.index_blobs(literal)
    current = {
        path: blob
        for path, blob in in_index.items()
        if path != config.baseline and matcher.match(path)
    }
    existing = read_baseline(repo.root, config.baseline)
    out = sys.stdout
    if existing is not None:
        added = sorted(set(current) - set(existing))
        changed = sorted(p for p in current if p in existing and existing[p] != current[p])
        removed = sorted(set(existing) - set(current))
        if (added or changed) and not args.update:
            for path in added:
                out.write(f"{path}: not in the baseline\n")
            for path in changed:
                out.write(f"{path}: content differs from the baseline\n")
            out.write(
                f"{PROG}: refusing to add {len(added) + len(changed)} file(s) to the existing"
                f" baseline {config.baseline}: that would wave new migrations through. If they"
                " really are legacy migrations, run `atlas-first baseline --update` and say why"
                " in the commit message.\n",
            )
            return VIOLATIONS
        for label, paths in (("added", added), ("updated", changed), ("dropped", removed)):
            for path in paths:
                out.write(f"{label}: {path}\n")
        path = repo.abspath(config.baseline)
        with open(path, "rb") as fh:
            unchanged = fh.read() == render_baseline(current)
        if unchanged:
            out.write(f"{config.baseline} is up to date ({len(current)} legacy file(s))\n")
            return CLEAN
    write_baseline(repo.root, config.baseline, current)
    out.write(
        f"wrote {config.baseline}: {len(current)} legacy migration file(s) frozen;"
        f" commit it (git add {config.baseline})\n",
    )
    untracked = [p for p in repo.untracked(literal) if p != config.baseline and matcher.match(p)]
    if untracked:
        out.write(
            f"note: {len(untracked)} untracked file(s) match 'migrations' and were not"
            f" recorded (the baseline holds what is committed), e.g. {untracked[0]}\n",
        )
    return CLEAN


def cmd_verify(args: argparse.Namespace) -> int:
    from hooks._config import load_config
    from hooks._git import Repo
    from hooks._verify import verify

    repo = Repo.discover()
    config = load_config(repo.root, args.config)
    violations, notes = verify(repo, config, args.rev)
    return print_report(violations, notes, prog=PROG)


def cmd_demo(args: argparse.Namespace) -> int:
    from hooks._demo import run_demo

    return run_demo(keep=args.keep)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Keep a monorepo on the Atlas-first database workflow:"
        " schema.sql is the source of truth, Drizzle migrations are banned.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    check = sub.add_parser(
        "check",
        help="run every guard on the staged change, a range, or all files",
        description="Run every guard in one process (for CI steps and other hook managers).",
    )
    check.add_argument("filenames", nargs="*", help="files to check (default: the change)")
    check.add_argument("--all-files", action="store_true", help="check every tracked file")
    add_common_arguments(check)
    check.set_defaults(func=cmd_check)

    baseline = sub.add_parser(
        "baseline",
        help="freeze the legacy migration files that are committed now",
        description="Record every committed file matching 'migrations' (path and blob id).",
    )
    baseline.add_argument(
        "--update",
        action="store_true",
        help="allow adding files to an existing baseline (prints what it adds)",
    )
    baseline.add_argument("--config", metavar="PATH", help="config file")
    baseline.set_defaults(func=cmd_baseline)

    verify = sub.add_parser(
        "verify",
        help="regenerate in a temporary worktree and compare with the committed files (CI)",
        description="Check out REV in a temporary git worktree, run the configured 'regenerate'"
        " command there, and compare every file under 'generated' byte for byte with what is"
        " committed: drifted, missing and extra files are reported.",
    )
    verify.add_argument("--rev", default="HEAD", help="the commit to verify (default: HEAD)")
    verify.add_argument("--config", metavar="PATH", help="config file")
    verify.set_defaults(func=cmd_verify)

    demo = sub.add_parser(
        "demo",
        help="show the guards at work in a throwaway Atlas-first monorepo",
        description="Build a temporary monorepo, try each banned change and the sanctioned"
        " regeneration, and print what was blocked and why.",
    )
    demo.add_argument("--keep", action="store_true", help="keep the temporary repository")
    demo.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return run_safely(PROG, lambda: func(args))


if __name__ == "__main__":
    raise SystemExit(main())

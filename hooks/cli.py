"""atlas-first: every guard in one process, plus the commands around them.

atlas-first check [--all-files | --from-ref A --to-ref B] [FILE ...]
atlas-first baseline [--update]
atlas-first demo
"""

from __future__ import annotations

import argparse

from hooks import __version__
from hooks import forbid_drizzle_kit_scripts
from hooks import forbid_drizzle_migrator
from hooks import forbid_generated_schema_edits
from hooks import forbid_new_migrations
from hooks._hook import Context
from hooks._hook import Findings
from hooks._hook import add_common_arguments
from hooks._hook import add_format_argument
from hooks._report import ToolError
from hooks._report import choose_format
from hooks._report import report
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
    fmt = choose_format(args.format)
    return report(findings.violations, findings.notes, findings.errors, prog=PROG, fmt=fmt)


def cmd_baseline(args: argparse.Namespace) -> int:
    from hooks._baseline import freeze
    from hooks._config import load_config
    from hooks._git import Repo

    repo = Repo.discover()
    return freeze(repo, load_config(repo.root, args.config), update=args.update)


def cmd_verify(args: argparse.Namespace) -> int:
    from hooks._config import load_config
    from hooks._git import Repo
    from hooks._verify import verify

    repo = Repo.discover()
    config = load_config(repo.root, args.config)
    violations, notes = verify(repo, config, args.rev)
    return report(violations, notes, prog=PROG, fmt=choose_format(args.format))


def cmd_init(args: argparse.Namespace) -> int:
    from hooks._git import Repo
    from hooks._init import run_init

    return run_init(Repo.discover(), force=args.force)


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
    add_format_argument(verify)
    verify.set_defaults(func=cmd_verify)

    init = sub.add_parser(
        "init",
        help="detect the layout, write .atlas-first.toml and the baseline, print the snippet",
        description="Find schema.sql, atlas.hcl, drizzle.config.* and migration folders; write"
        " .atlas-first.toml with what was found and the baseline; print the"
        " .pre-commit-config.yaml snippet. Existing files are kept unless --force.",
    )
    init.add_argument("--force", action="store_true", help="overwrite an existing config")
    init.set_defaults(func=cmd_init)

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
    return run_safely(PROG, lambda: func(args), choose_format(getattr(args, "format", None)))


if __name__ == "__main__":
    raise SystemExit(main())

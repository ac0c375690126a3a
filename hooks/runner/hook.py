"""What every hook's `main` shares: arguments, the repository, config, and the change set."""

from __future__ import annotations

import os

from hooks.project.config_files import load_repo_config
from hooks.repo.changes import DELETED
from hooks.repo.changes import change_set_soon
from hooks.repo.changes import head_from_index
from hooks.repo.changes import resolve_range
from hooks.repo.patterns import at_or_under
from hooks.repo.repository import Repo
from hooks.report.output import FORMATS
from hooks.report.output import choose_format
from hooks.report.output import report
from hooks.report.run import run_safely
from hooks.report.violation import ToolError
from hooks.runner.args import Option
from hooks.runner.args import parse

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Sequence

    from hooks.commands.callers import CallerIndex
    from hooks.project.config import Config
    from hooks.repo.changes import ChangeSet
    from hooks.report.violation import Violation
    from hooks.runner.args import Arguments

_NOT_FILES = ("120000", "160000")  # a symbolic link, a submodule: left to the work tree
READ_CACHE_BYTES = 32 << 20  # what one invocation keeps of the files it has read


class Findings:
    """What a guard found: violations, and notes that explain them as a whole."""

    def __init__(self, violations: list[Violation] | None = None) -> None:
        self.violations: list[Violation] = violations or []
        self.notes: list[str] = []
        self.errors: list[str] = []  # inputs that could not be checked: exit 2

    def extend(self, other: Findings) -> None:
        self.violations.extend(other.violations)
        self.notes.extend(n for n in other.notes if n not in self.notes)
        self.errors.extend(other.errors)


class Context:
    """One run: the repository, its config, and which change is under check."""

    def __init__(
        self,
        repo: Repo,
        config: Config,
        *,
        from_ref: str | None = None,
        to_ref: str | None = None,
    ) -> None:
        self.repo = repo
        self.config = config
        self.from_ref = from_ref
        self.to_ref = to_ref
        self._change_set: ChangeSet | None = None
        # Set by `check --all-files`: every tracked file is under check, and which are links.
        self.all_files = False
        self.symlinks: frozenset[str] = frozenset()
        self._committed: dict[str, bytes | None] = {}  # None: not in that revision
        self._greps: dict[tuple[str, ...], Callable[[], set[str]]] = {}
        self._examined: set[str] = set()  # paths prefetch has already looked at
        # Set by the entry points a hook manager runs (`hook`, each hook's `main`): the name
        # under which this invocation claims the findings that belong to the whole change.
        self.claim: str | None = None
        self._reports_change: bool | None = None
        self._caller_index: CallerIndex | None = None
        self._pending_change_set: Callable[[], ChangeSet] | None = None
        self._read: dict[str, bytes | None] = {}  # work-tree reads, kept up to a budget
        self._read_budget = READ_CACHE_BYTES
        self._reader: Callable[[str, str], bytes | None] | None = None
        self.notes: list[str] = []  # about the run as a whole (links not followed)

    @classmethod
    def from_args(cls, args: Arguments, *, layout_soon: bool = True) -> Context:
        repo = Repo.discover()
        from_ref, to_ref = resolve_range(args.from_ref, args.to_ref)
        made: list[Context] = []  # the layout may read the staged change set: this one's
        staged = to_ref is None and not getattr(args, "all_files", False)
        config = load_repo_config(
            repo,
            args.config,
            layout_soon=layout_soon,
            staged_changes=(lambda: made[0].change_set) if staged else None,
        )
        made.append(cls(repo, config, from_ref=from_ref, to_ref=to_ref))
        if not getattr(args, "all_files", False):
            # (the files a runner passes count too: `pre-commit run --all-files` stages
            # nothing and passes the whole tree)
            named = getattr(args, "filenames", None) or []
            config.change_paths = lambda: [
                *(p for change in made[0].change_set.changes for p in change.paths),
                *(repo.to_repo_path(n) for n in named),
            ]
        return made[0]

    def start_grep(self, *eres: str, within: tuple[str, ...] = ()) -> None:
        """Start a `git grep` now (several run side by side); `tracked_matching` collects it.
        `within`: the file name endings it reads (none: every file)."""
        key = (*eres, "\0", *within)
        if key not in self._greps:
            self._greps[key] = self.repo.grep_soon(*eres, within=within)

    def worth_opening(
        self, paths: list[str], *eres: str, within: tuple[str, ...] = ()
    ) -> list[str]:
        """The paths worth opening for content matching every ERE: under `--all-files`,
        those one `git grep` picks (and links: they are read from the work tree); else all.
        (A hook manager's long lists are read file by file: a tree-wide grep in each of its
        parallel invocations, shared through the memo folder, measured slower on 2 cores
        than reading: 865 ms against 734 for `pre-commit run --all-files` on 20,000 files.)"""
        if not self.all_files:
            return paths
        found = self.tracked_matching(*eres, within=within)
        return [p for p in paths if p in found]

    def tracked_matching(self, *eres: str, within: tuple[str, ...] = ()) -> set[str]:
        """Tracked files whose content matches every ERE (links: always, read from the work
        tree and never followed out of the repository); `within`: only files whose names end
        so (any case): a search for code reads no translation file or docs page."""
        self.start_grep(*eres, within=within)
        return self._greps[(*eres, "\0", *within)]() | self.symlinks

    @property
    def reports_change(self) -> bool:
        """Whether this invocation reports what belongs to the whole change rather than to the
        files it was given. pre-commit and prek split a long file list into several
        invocations; one claim per invocation, keyed by the entry point, covers every
        change-based guard in it (a claim per guard with one key let the first guard silence
        the others: issue 18)."""
        if self._reports_change is None:
            if self.claim is None:
                self._reports_change = True
            else:
                from hooks.repo.memo import first_in_run

                key = self.claim.encode() + b"\0" + self.change_set.identity()
                self._reports_change = first_in_run(key)
        return self._reports_change

    @property
    def staged(self) -> bool:
        return self.to_ref is None

    def start_change_set(self) -> None:
        """Start reading the change set now, for a run that will need it: git diffs the
        index while Python loads the guards."""
        if self._change_set is None and self._pending_change_set is None:
            self._pending_change_set = change_set_soon(self.repo, self.from_ref, self.to_ref)

    @property
    def change_set(self) -> ChangeSet:
        if self._change_set is None:
            self.start_change_set()
            assert self._pending_change_set is not None
            self._change_set = self._pending_change_set()
        return self._change_set

    def _reads_committed_content(self) -> bool:
        # pre-commit and prek stash what is not staged, so the work tree is what is committed;
        # a plain git hook (husky, lefthook) and a range (pre-push, CI) are another matter.
        if self.to_ref is not None:
            return True
        return not self.all_files and os.environ.get("PRE_COMMIT") != "1"

    def prefetch(self, paths: Sequence[str]) -> None:
        """Load what is being committed for these paths where it differs from the work tree:
        the blobs at --to-ref, or staged blobs of files with unstaged edits, or that git
        keeps apart from the work tree (`_prefetch_kept_apart`: all that is read from git
        under pre-commit/prek and --all-files); links are left to the work tree.

        A path the change set names comes with its blob id (`git diff --raw`): a work-tree
        copy whose git hash is that id is what is committed, and no git process asks; the
        others are read in one `git cat-file`. A path the change does not name is told the
        same way when a listing of this run holds its index entry (`known_index_entries`),
        else looked up (`git diff` for unstaged edits, which does not see entries kept apart:
        where the index may hold those, a listing instead; or the tree at --to-ref)."""
        if not paths:
            return
        if not self._reads_committed_content():
            self._prefetch_kept_apart(paths)
            return
        fresh = [p for p in dict.fromkeys(paths) if p not in self._examined]
        if not fresh:
            return
        self._examined.update(fresh)
        by_path = {
            c.new_path: c for c in self.change_set.changes if c.new_oid and c.status != DELETED
        }
        blobs: dict[str, str] = {}
        rest: list[str] = []
        for path in fresh:
            change = by_path.get(path)
            if change is None:
                rest.append(path)
            elif change.new_mode not in _NOT_FILES and change.new_oid:
                if self.to_ref is None and self._same_as_work_tree(path, change.new_oid):
                    continue
                blobs[path] = change.new_oid
        known = self.repo.known_index_entries(rest) if rest and self.to_ref is None else None
        if known is None and rest and self.to_ref is None and self.repo.may_keep_apart():
            known = self.repo.index_entries(rest)  # (a sparse checkout: what git diff misses)
        if known is not None:  # listed this run already: told from the work tree by blob id
            entries = {
                p: (mode, oid)
                for p, (mode, oid) in known.items()
                if mode in _NOT_FILES or not self._same_as_work_tree(p, oid)
            }
        elif rest and self.to_ref is None:
            unstaged = self.repo.unstaged_paths(rest)
            apart = self.repo.kept_apart  # (assume-unchanged, as listings of this run tag it)
            wanted = [p for p in rest if p in unstaged or p in apart]
            entries = self.repo.index_entries(wanted) if wanted else {}
        elif rest and self.to_ref is not None:
            entries = self.repo.tree_entries(self.to_ref, rest)
            self._committed.update(dict.fromkeys(p for p in rest if p not in entries))
        else:
            entries = {}
        blobs.update({p: oid for p, (mode, oid) in entries.items() if mode not in _NOT_FILES})
        self._committed.update(self.repo.read_blobs(blobs))

    def _prefetch_kept_apart(self, paths: Sequence[str]) -> None:
        """Where the work tree is what is committed (pre-commit/prek stash what is not
        staged; --all-files), but for the entries git keeps apart from it: skip-worktree (a
        sparse checkout leaves the file out, or a copy git does not look at) and
        assume-unchanged. Those among `paths` are read from the index in one `git
        cat-file`. Listings of this run tag them; where the index may hold skip-worktree
        entries, the paths no listing covered are listed first (one `ls-files`); else
        nothing is asked."""
        repo = self.repo
        if repo.may_keep_apart():
            unlisted = [p for p in dict.fromkeys(paths) if not repo.listed(p)]
            if unlisted:
                repo.index_entries(unlisted)
        apart = repo.kept_apart
        if not apart:
            return
        blobs = {
            p: apart[p][1]
            for p in paths
            if p in apart and apart[p][0] not in _NOT_FILES and p not in self._committed
        }
        self._committed.update(repo.read_blobs(blobs))

    def _kept_apart(self, path: str) -> bool:
        """Whether git keeps `path`'s index entry (a file's) apart from the work tree: the
        work-tree copy, if any, is not what is committed. Asked of git only where the index
        may hold skip-worktree entries and no listing of this run covered the path."""
        repo = self.repo
        if path not in repo.kept_apart:
            if not repo.may_keep_apart() or repo.listed(path):
                return False
            repo.index_entries([path])
        entry = repo.kept_apart.get(path)
        return entry is not None and entry[0] not in _NOT_FILES

    def _from_index(self, path: str) -> bytes | None:
        """The index's content of `path`, as a listing of this run gave its entry (None: no
        file there, or no listing covered it)."""
        entry = self.repo.listed_entry(path)
        if entry is None or entry[0] in _NOT_FILES:
            return None
        data = self.repo.read_blobs({path: entry[1]}).get(path)
        self._committed[path] = data
        return data

    def _same_as_work_tree(self, path: str, oid: str) -> bool:
        """Whether the work tree holds exactly blob `oid` at `path` (then it is kept)."""
        from hooks.repo.blobs import blob_id
        from hooks.repo.files import read_bytes

        try:
            data = read_bytes(self.repo.root, path)
        except ToolError:
            return False  # read from git instead
        if data is None or blob_id(data, len(oid)) != oid:
            return False
        self._committed[path] = data
        return True

    def read_text(self, path: str) -> str | None:
        """`read_source`, decoded (ToolError if it is not text)."""
        from hooks.repo.files import decode

        data = self.read_source(path)
        return None if data is None else decode(data, path)

    def tracked_entries(self) -> dict[str, tuple[str, str]]:
        """Every file of what is under check, (mode, object id) by path: the index, or the
        tree at --to-ref (a range is its commits: the index may be mid-merge meanwhile)."""
        if self.to_ref is None:
            return self.repo.index_entries()
        return self.repo.tree_entries(self.to_ref)

    def caller_index(self) -> CallerIndex:
        """One index of the repository's script calls per run, shared by the guards that
        name callers (AF301's callers, AF401's run sites); built when first asked."""
        if self._caller_index is None:
            from hooks.commands.callers import CallerIndex

            self._caller_index = CallerIndex(sorted(self.tracked_entries()), self.read_text)
        return self._caller_index

    def read_source(self, path: str) -> bytes | None:
        """The content being committed for `path` (None: not there); ToolError if unreadable.
        The work tree's copy, unless git keeps the entry apart from it or it is missing (a
        sparse checkout): then the index's."""
        if path in self._committed:
            return self._committed[path]
        if path in self._read:
            return self._read[path]
        staged = self.to_ref is None
        if staged and self._kept_apart(path):
            return self._from_index(path)
        reader = self._reader
        if reader is None:  # (imported once: an import statement per file costs 4,000 a batch)
            from hooks.repo.files import read_bytes

            reader = self._reader = read_bytes
        try:
            data = reader(self.repo.root, path)
        except ToolError as exc:
            from hooks.repo.files import OutsideLink

            if not isinstance(exc, OutsideLink):
                raise
            note = (
                f"note: {path}: a symbolic link to outside the repository; not read (what it"
                " points at is not in the repository: check it where it is made)"
            )
            if note not in self.notes:
                self.notes.append(note)
            return None  # (its index entry is the link's target: no file's content)
        if data is None and staged:  # a file missing from the work tree is not deleted
            return self._from_index(path)
        size = len(data) if data is not None else 0
        if self._read_budget >= size:  # guards that read the same files open them once
            self._read_budget -= size
            self._read[path] = data
        return data

    def committed_at(self, ref: str, path: str) -> bytes | None:
        """A file's content in a commit (None: not there, or no such commit yet: the first
        commit of a repository has no HEAD)."""
        from hooks.repo.git import GitFailed

        try:
            entries = self.repo.tree_entries(ref, [path])
        except GitFailed:
            if ref == "HEAD":
                return None
            raise
        if path not in entries:
            return None
        return self.repo.read_blobs({path: entries[path][1]}).get(path)

    def head_entries_under(
        self, folders: Sequence[str], *, icase: bool = False
    ) -> dict[str, tuple[str, str]] | None:
        """HEAD's (mode, object id) entries at or under these paths (`icase`: in any case),
        derived with no git process from a listing of the index this run holds and the
        staged change (the index is HEAD with the change applied: undo it). None where that
        cannot be done for certain: a range under check, no such listing, a change that is
        not a plain add, modify, delete, rename, copy or type change (a conflict)."""
        if self.from_ref is not None or self.to_ref is not None:
            return None
        index = self.repo.known_index_under(folders, icase=icase)
        if index is None:
            return None
        head = head_from_index(index, self.change_set.changes)
        if head is None:
            return None
        return {
            p: entry
            for p, entry in head.items()
            if any(at_or_under(p, f, icase=icase) for f in folders)
        }

    def committed_blobs(self, paths: Sequence[str]) -> dict[str, str]:
        """Blob ids of what is being committed: the index, or the tree at --to-ref."""
        if not paths:
            return {}
        if self.to_ref is None:
            return self.repo.index_blobs(paths)
        return self.repo.tree_blobs(self.to_ref, paths)


def entry_claim(prog: str, args: Arguments, config: Config) -> str:
    """What one hook entry was asked to check: its hook, its options (all but the files) and
    the configuration it read, by origin and content. Two entries of one hook that check
    different things (a second database's `--config`) each report; the split invocations of
    one entry share the claim (issue 38)."""
    options = sorted((k, v) for k, v in vars(args).items() if k != "filenames")
    return f"{prog}\0{options!r}\0{config.origin}\0{sorted(config.values.items())!r}"


COMMON_OPTIONS = (
    Option(
        "--config",
        "config file (default: .atlas-first.toml, else [tool.atlas-first] in pyproject.toml)",
        metavar="PATH",
    ),
    Option(
        "--from-ref",
        "check the commits in FROM...TO instead of the staged change"
        " (default: $PRE_COMMIT_FROM_REF)",
        metavar="REF",
    ),
    Option("--to-ref", "end of the range (default: $PRE_COMMIT_TO_REF)", metavar="REF"),
    Option(
        "--format",
        "output format (default: github when GITHUB_ACTIONS=true, else text)",
        choices=FORMATS,
    ),
)


def hook_main(
    prog: str,
    description: str,
    guard: Callable[[Context, list[str]], Findings],
    argv: Sequence[str] | None,
    *,
    uses_folders: bool = True,
) -> int:
    """The body of every hook's `main`: parse, check, print, exit 0/1/2."""
    import sys

    args = parse(prog, description, COMMON_OPTIONS, sys.argv[1:] if argv is None else argv)

    def work() -> int:
        ctx = Context.from_args(args, layout_soon=uses_folders)
        ctx.claim = entry_claim(prog, args, ctx.config)
        files = [ctx.repo.to_repo_path(name) for name in args.filenames]
        findings = guard(ctx, files)
        notes = [*findings.notes, *ctx.notes, *ctx.config.notes]
        return report(findings.violations, notes, findings.errors, prog=prog, fmt=fmt)

    fmt = choose_format(args.format)
    return run_safely(prog, work, fmt)

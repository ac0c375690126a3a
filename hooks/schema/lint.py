"""The lint of schema sources, pure: each source parsed with PostgreSQL's parser (syntax
Atlas cannot apply is AF601), the old and new versions' models compared (the data-loss
rules), the directives that accept a finding applied (a stale one is AF609), and the lock
and rewrite hazards judged under the policies that apply the source. The hook reads the
repository and hands this the sources' texts."""

from __future__ import annotations

from hooks.report.violation import WARNING
from hooks.report.violation import ToolError
from hooks.report.violation import Violation
from hooks.schema.codes import RULES
from hooks.schema.codes import STALE_DIRECTIVE
from hooks.schema.codes import SYNTAX

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from hooks.report.positions import Positions
    from hooks.schema.hazards import Hazard
    from hooks.schema.model import Schema
    from hooks.schema.policy import HazardSettings
    from hooks.schema.policy import Policy
    from hooks.schema.sql import SqlSyntaxError
    from hooks.schema.sql import Statement


def lint(
    path: str,
    old_text: str | None,
    new_text: str | None,
) -> list[Violation]:
    """Findings for one source file: AF601 if the new version does not parse, else what
    applying it over the old version would do to data (none without an old version)."""
    old = None if old_text is None else [(path, old_text)]
    return lint_sources([(path, new_text or "")], old, blame=path)


class _DesiredState:
    """The files that make up one version of the desired state, read as one text: Atlas
    applies them together, so a table may move from one file to another."""

    def __init__(self, files: Sequence[tuple[str, str]]) -> None:
        from hooks.report.positions import Positions
        from hooks.schema.sql import SqlSyntaxError
        from hooks.schema.sql import parse

        self.files = [(path, text, Positions(text)) for path, text in files]
        self.bases: list[int] = []
        self.statements: list[Statement] = []
        self.errors: list[tuple[str, SqlSyntaxError]] = []
        base = 0
        for path, text in files:
            self.bases.append(base)
            nul = text.find("\0")
            try:
                if nul >= 0:  # PostgreSQL's parser would stop there, unread past it
                    raise SqlSyntaxError("a NUL byte is not SQL (is this a binary file?)", nul)
                statements = parse(text)
            except SqlSyntaxError as exc:
                self.errors.append((path, exc))
                statements = []
            except ToolError as exc:
                raise ToolError(f"{path}: {exc}") from None
            if base:
                statements = [_shifted(st, base) for st in statements]
            self.statements += statements
            base += len(text) + 1
        self.text = "\n".join(text for _, text in files)

    def locate(self, offset: int) -> tuple[str, int, int]:
        import bisect

        at = bisect.bisect_right(self.bases, offset) - 1
        path, _, positions = self.files[at]
        line, col = positions.at(offset - self.bases[at])
        return path, line, col

    def model(self) -> Schema:
        from hooks.schema.remembered import model_of

        return model_of(self.text, self.statements)


def _shifted(st: Statement, base: int) -> Statement:
    from hooks.schema.sql import Statement

    to_char = st.to_char
    return Statement(st.kind, st.node, st.offset + base, lambda byte: base + to_char(byte))


def _unapplicable(path: str, text: str, positions: Positions) -> list[Violation]:
    """psql meta-commands: psql runs them, Atlas sends them to a database that rejects them."""
    from hooks.schema.sql import meta_commands

    found = []
    for offset, command in meta_commands(text):
        line, col = positions.at(offset)
        found.append(
            Violation(
                path,
                SYNTAX,
                f"psql meta-command {command.split()[0]} is not SQL: psql runs it itself, but"
                " Atlas sends the file to a database, which rejects it",
                "delete the line (pg_dump 17.6+ writes \\restrict/\\unrestrict around every"
                " plain dump: strip them after dumping)",
                line=line,
                col=col,
            ),
        )
    return found


def _hazards(
    old: Schema,
    new: Schema,
    state: _DesiredState,
    allowed: dict[tuple[str, str], tuple[str, int]],
    used: set[tuple[str, str]],
    settings: HazardSettings | None,
) -> list[Violation]:
    """AF651-AF653: what the change does to a table that has rows, under the policy of the
    env that applies it (asked for only when Atlas's defaults find something)."""
    from hooks.schema.hazards import hazards
    from hooks.schema.policy import DEFAULT
    from hooks.schema.policy import OLDEST
    from hooks.schema.policy import Policy

    # An env's policy only leaves out what Atlas's defaults run (CONCURRENTLY, skip), and an
    # older major version only adds: judged as the oldest, nothing found means nothing can be.
    if not hazards(old, new, Policy(version=OLDEST)):
        return []
    policies = (settings.policies() if settings is not None else []) or [DEFAULT]
    seen: dict[tuple[str, str, str], tuple[Hazard, Policy]] = {}
    for policy in policies:
        for hazard in hazards(old, new, policy):
            seen.setdefault((hazard.code, hazard.table, hazard.statement), (hazard, policy))
    found = list(seen.values())
    violations = []
    for hazard, policy in found:
        keys = {(hazard.code, hazard.table), (hazard.code, hazard.table.removeprefix("public."))}
        match = keys & set(allowed)
        if match:
            used |= match
            continue
        path, line, col = state.locate(hazard.offset)
        severity = settings.severity(hazard.table) if settings is not None else WARNING
        violations.append(
            Violation(
                path,
                hazard.code,
                hazard.message(policy),
                f"{hazard.fix}; to accept it deliberately: -- atlas-first:allow {hazard.code}"
                f" {hazard.table}",
                line=line,
                col=col,
                severity=severity,
            ),
        )
    return violations


def lint_sources(
    new_files: Sequence[tuple[str, str]],
    old_files: Sequence[tuple[str, str]] | None,
    *,
    blame: str,
    hazard_settings: HazardSettings | None = None,
) -> list[Violation]:
    """Findings for the desired state several source files describe together: AF601 per
    file that does not parse (or holds what Atlas cannot send), else what applying the new
    files over the old ones would do to data, and to a busy table (AF651-AF653, judged by
    the Atlas policy `hazard_settings` gives). A finding about an object that is gone has no
    line; it is reported on `blame` (the changed source)."""
    from hooks.report.run import paused_collector
    from hooks.schema.sql import TOO_DEEP

    try:
        with paused_collector():  # (as under every entry point: also when called directly)
            return _lint_sources(new_files, old_files, blame, hazard_settings)
    except RecursionError:  # PostgreSQL read it, but its tree is deeper than we walk
        raise ToolError(f"{blame}: {TOO_DEEP}") from None


def _lint_sources(
    new_files: Sequence[tuple[str, str]],
    old_files: Sequence[tuple[str, str]] | None,
    blame: str,
    hazard_settings: HazardSettings | None = None,
) -> list[Violation]:
    from hooks.schema.comments import ALLOW
    from hooks.schema.data_loss import compare

    new = _DesiredState(new_files)
    violations: list[Violation] = []
    for path, text, positions in new.files:
        violations += _unapplicable(path, text, positions)
    where = {path: positions for path, _, positions in new.files}
    for path, exc in new.errors:
        at_line, at_col = where[path].at(exc.offset)
        violations.append(
            Violation(
                path,
                SYNTAX,
                f"does not parse: {exc.message}",
                "fix the SQL: Atlas, and every database it applies to, would reject this file",
                line=at_line,
                col=at_col,
            ),
        )
    if new.errors or old_files is None:
        return violations
    # An old version that never parsed never applied: nothing of it can be lost.
    old_model = _DesiredState(old_files).model()
    allowed: dict[tuple[str, str], tuple[str, int]] = {}
    for path, text, _ in new.files:
        for m in ALLOW.finditer(text):
            allowed.setdefault((m.group(1), m.group(2)), (path, m.start()))
    used: set[tuple[str, str]] = set()
    new_model = new.model()
    violations += _hazards(old_model, new_model, new, allowed, used, hazard_settings)
    for finding in compare(old_model, new_model):
        keys = {
            (finding.code, finding.object),
            (finding.code, finding.object.removeprefix("public.")),
        }
        match = keys & set(allowed)
        if match:
            used |= match
            continue
        severity, effect, fix = RULES[finding.code]
        path = blame  # gone: the file no longer has a line for it
        line: int | None = None
        col: int | None = None
        if finding.offset is not None:
            path, line, col = new.locate(finding.offset)
        violations.append(
            Violation(
                path,
                finding.code,
                f"{finding.message}: {effect}",
                f"{fix}; to accept it deliberately:"
                f" -- atlas-first:allow {finding.code} {finding.object}",
                line=line,
                col=col,
                severity=severity,
            ),
        )
    for (code, obj), (path, offset) in sorted(allowed.items()):
        if (code, obj) not in used:
            line, col = where[path].at(offset)
            violations.append(
                Violation(
                    path,
                    STALE_DIRECTIVE,
                    f"directive allows {code} {obj}, which nothing in this change does",
                    "remove the directive (it was for an earlier change), or fix the object name",
                    line=line,
                    col=col,
                    severity=WARNING,
                ),
            )
    return violations

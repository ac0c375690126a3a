"""The policy a schema change's hazards are judged by: what the Atlas env that applies the
source will run (its `diff` policy: CONCURRENTLY, skipped changes; the PostgreSQL major version
of its dev database; the session's TimeZone), the facts about PostgreSQL that differ by major
version (SINCE), and what the team decided (which tables are large, whether every hazard is
an error).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

# PostgreSQL facts that differ between major versions: the first major version each holds in.
SINCE: dict[str, int] = {
    # ADD COLUMN with a non-volatile DEFAULT keeps the value in the catalog: no rewrite.
    "fast_default": 11,
    # SET NOT NULL skips its scan when a validated CHECK (col IS NOT NULL) proves it.
    "not_null_by_check": 12,
    # timestamp <-> timestamptz is no rewrite when the session's TimeZone is UTC.
    "timestamptz_in_utc": 12,
    # GENERATED ALWAYS AS (...) without STORED is virtual: computed when read, never written.
    "virtual_generated": 18,
    # NOT NULL … NOT VALID, then VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE: writes go on).
    "not_null_not_valid": 18,
}
OLDEST = min(SINCE.values()) - 1  # judged as this, a change holds every hazard it can have
# The major version judged when the env does not say (its `dev` URL names none): the oldest
# one the PostgreSQL project still supports.
ASSUMED_VERSION = 15


class Policy:
    """What the env that applies the source will run: its `diff { concurrent_index { … }
    skip { … } }`, the PostgreSQL major version of its dev database, and the session's
    TimeZone where known. `env` names it in messages (None: Atlas's defaults)."""

    __slots__ = ("concurrent_create", "concurrent_drop", "env", "skip", "timezone", "version")

    def __init__(
        self,
        *,
        env: str | None = None,
        concurrent_create: bool = False,
        concurrent_drop: bool = False,
        skip: frozenset[str] = frozenset(),
        version: int | None = None,
        timezone: str | None = None,
    ) -> None:
        self.env = env
        self.concurrent_create = concurrent_create
        self.concurrent_drop = concurrent_drop
        self.skip = skip
        self.version = version
        self.timezone = timezone

    @property
    def major(self) -> int:
        return self.version or ASSUMED_VERSION

    def holds(self, fact: str) -> bool:
        return self.major >= SINCE[fact]

    def runs(self, change: str) -> bool:
        """Whether Atlas plans this kind of change (`skip { drop_index = true }` leaves it
        out; `modify_table` leaves out every change to an existing table)."""
        return change not in self.skip and "modify_table" not in self.skip

    @property
    def judged_by(self) -> str:
        if self.env is None:
            return "judged by Atlas's defaults: no env in an atlas.hcl applies this source"
        return f"judged by {self.env}"


DEFAULT = Policy()


class HazardSettings:
    """What the team decided: which tables are large (their hazards are errors), whether
    every hazard is an error, and where the Atlas policies come from (read once, when a
    hazard is found under Atlas's defaults)."""

    __slots__ = ("_policies", "_read", "errors", "large")

    def __init__(
        self,
        policies: Callable[[], list[Policy]],
        *,
        large: tuple[str, ...] = (),
        errors: bool = False,
    ) -> None:
        self._policies = policies
        self._read: list[Policy] | None = None
        self.large = large
        self.errors = errors

    def policies(self) -> list[Policy]:
        if self._read is None:
            self._read = self._policies()
        return self._read

    def severity(self, table: str) -> str:
        """ "error" for a table named large (`orders`: in any schema; `billing.*`: a glob),
        or when every hazard is an error; else "warning"."""
        if self.errors:
            return "error"
        if self.large:
            from fnmatch import fnmatchcase

            schema, _, name = table.lower().partition(".")
            for pattern in self.large:
                pattern = pattern.lower()
                subject = table.lower() if "." in pattern else name
                if fnmatchcase(subject, pattern) or (not schema and fnmatchcase(table, pattern)):
                    return "error"
        return "warning"

"""Whether ALTER COLUMN TYPE rewrites the table, as PostgreSQL decides it: a cast that keeps
the stored value (binary-compatible, a longer limit, more fractional digits) keeps the file,
any other copies every row; and whether the column's indexes are built again.
"""

from __future__ import annotations

from hooks.schema.policy import DEFAULT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.schema.model import Type
    from hooks.schema.policy import Policy

# Casts PostgreSQL applies without touching the stored value (pg_cast castmethod 'b'), beyond
# a type's own length modifiers: ALTER COLUMN TYPE between them keeps the file. The flag
# says whether indexes on the column are built again (another operator class).
_BINARY: dict[tuple[str, str], bool] = {
    ("varchar", "text"): False, ("text", "varchar"): False,
    ("cidr", "inet"): True,
    ("text", "citext"): True, ("varchar", "citext"): True,
    ("citext", "text"): True, ("citext", "varchar"): True,
    ("bit", "varbit"): False,
}  # fmt: skip
_PRECISION = frozenset({"timestamp", "timestamptz", "time", "timetz", "interval"})


def rewrites(old: Type, new: Type, *, policy: Policy = DEFAULT) -> tuple[bool, bool]:
    """(ALTER COLUMN TYPE old -> new rewrites the table, it builds the column's indexes
    again) for plain types (domains resolved by the caller)."""
    if old == new:
        return False, False
    (a, am, ad), (b, bm, bd) = old, new
    if ad or bd:
        return True, True  # arrays: each element is converted
    if a == b:
        if a == "varchar" or a == "varbit":  # a longer limit, or none, keeps every value
            return not (not bm or (am and bm[0] >= am[0])), False
        if a == "numeric":
            if not bm:
                return False, False
            if not am:
                return True, True
            same_scale = (am[1:] or (0,))[0] == (bm[1:] or (0,))[0]
            return not (same_scale and bm[0] >= am[0]), False
        if a in _PRECISION:
            if a == "interval" and (am[:1] or (32767,)) != (bm[:1] or (32767,)):
                return True, True
            digits_a = (am[1:] if a == "interval" else am) or (6,)
            digits_b = (bm[1:] if a == "interval" else bm) or (6,)
            return digits_b[0] < digits_a[0], False
        return True, True  # another length or modifier: char(n), bit(n), a PostGIS SRID
    if {a, b} == {"timestamp", "timestamptz"}:
        utc = (policy.timezone or "").upper() in ("UTC", "ETC/UTC", "Z", "GMT")
        if utc and policy.holds("timestamptz_in_utc"):
            return False, True
        return True, True
    binary = _BINARY.get((a, b))
    if binary is not None and not (b == "varchar" and bm):
        return False, binary
    return True, True

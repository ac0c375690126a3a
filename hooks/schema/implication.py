"""Whether a CHECK holds on every row that another version of the table already guarantees:
a small prover over the parser's expression trees (positions stripped), sound and
deliberately incomplete — what it cannot prove, the lint keeps reporting.

A CHECK passes when its expression is TRUE or NULL ("not false"), and every rule here keeps
that three-valued reading: a conjunction that is not false has no false conjunct; a
disjunction that is not false has a disjunct that is not false; `col IS NOT NULL` and
`col IS NULL` are never NULL themselves. What is known of the rows:
- the CHECKs they satisfy (every conjunct of each, too);
- columns that are NOT NULL in them (`col IS NOT NULL` holds);
- columns that are NULL in every one of them: a column added without a default, identity or
  generation is NULL in each existing row (`col IS NULL` holds, and so does any strict
  comparison of it: NULL passes a CHECK).
"""

from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

# Steps one question may take, per node of the CHECK asked about: the work stays linear in the
# size of the change. Past it the answer is "not proven", which keeps the finding: a limit of
# ours never hides one.
_STEPS_PER_NODE = 16


def _args(node: Any, op: str) -> list[Any] | None:
    expr = node.get("bool_expr") if isinstance(node, dict) else None
    if isinstance(expr, dict) and expr.get("boolop") == op:
        args = expr.get("args")
        return args if isinstance(args, list) else []
    return None


def _null_test(node: Any) -> tuple[str, str] | None:
    """(column, IS_NULL or IS_NOT_NULL) of `col IS [NOT] NULL` on a plain column."""
    test = node.get("null_test") if isinstance(node, dict) else None
    if not isinstance(test, dict):
        return None
    ref = test.get("arg", {}).get("column_ref") if isinstance(test.get("arg"), dict) else None
    fields = ref.get("fields") if isinstance(ref, dict) else None
    if not isinstance(fields, list) or not fields or not isinstance(fields[-1], dict):
        return None
    name = fields[-1].get("string", {}).get("sval")
    kind = test.get("nulltesttype")
    if not isinstance(name, str) or kind not in ("IS_NULL", "IS_NOT_NULL"):
        return None
    return name, str(kind)


# Comparisons are strict: NULL in, NULL out — and a NULL CHECK passes.
_STRICT_KINDS = frozenset({"AEXPR_OP", "AEXPR_IN", "AEXPR_LIKE", "AEXPR_ILIKE", "AEXPR_BETWEEN"})
_STRICT_OPS = frozenset({"=", "<>", "!=", "<", ">", "<=", ">=", "~~", "~~*", "!~~", "!~~*"})


def _column(node: Any) -> str | None:
    ref = node.get("column_ref") if isinstance(node, dict) else None
    fields = ref.get("fields") if isinstance(ref, dict) else None
    if isinstance(fields, list) and fields and isinstance(fields[-1], dict):
        name = fields[-1].get("string", {}).get("sval")
        return name if isinstance(name, str) else None
    return None


def _null_when(goal: Any, column: str) -> bool:
    """True when `goal` is NULL (so passes as a CHECK) whenever `column` is NULL: a strict
    comparison with the column itself as an operand."""
    expr = goal.get("a_expr") if isinstance(goal, dict) else None
    if not isinstance(expr, dict) or expr.get("kind") not in _STRICT_KINDS:
        return False
    if expr.get("kind") == "AEXPR_OP":
        names = expr.get("name")
        op = names[-1].get("string", {}).get("sval") if isinstance(names, list) and names else None
        if op not in _STRICT_OPS:
            return False
    return column in (_column(expr.get("lexpr")), _column(expr.get("rexpr")))


class Rows:
    """What every row of one version of a table is known to satisfy."""

    def __init__(
        self,
        checks: Iterable[Any],
        *,
        not_null: Iterable[str] = (),
        always_null: Iterable[str] = (),
    ) -> None:
        self.checks = list(checks)
        self.not_null = frozenset(not_null)
        self.always_null = frozenset(always_null)
        self._keys: dict[int, str] = {}
        self._memo: dict[tuple[str, str], bool] = {}
        self._steps = 0
        self._budget = 0
        self.total_steps = 0  # across every question: what the scaling test counts
        # A fact can imply a goal only through a leaf they share (or a NULL test of a column
        # the goal compares): the facts are found by their leaves, not tried one by one.
        self._by_leaf: dict[str, list[int]] = {}
        for number, fact in enumerate(self.checks):
            for leaf in _leaves(fact):
                self._by_leaf.setdefault(_plain_key(leaf), []).append(number)

    def _key(self, node: Any) -> str:
        found = self._keys.get(id(node))
        if found is None:
            found = self._keys[id(node)] = json.dumps(node, sort_keys=True)
        return found

    def satisfy(self, goal: Any) -> bool:
        """True when `goal`, as a CHECK, cannot fail on any of these rows."""
        self._steps = 0
        self._budget = _STEPS_PER_NODE * _size(goal)
        self._keys.clear()  # keyed by id(): only while the goal's nodes are alive
        try:
            return self._holds(goal)
        except _OutOfSteps:
            return False
        finally:
            self.total_steps += self._steps

    def _tick(self) -> None:
        self._steps += 1
        if self._steps > self._budget:
            raise _OutOfSteps

    def _candidates(self, goal: Any) -> list[Any]:
        numbers: set[int] = set()
        for leaf in _leaves(goal):
            self._tick()
            numbers.update(self._by_leaf.get(_plain_key(leaf), ()))
            for column in _compared(leaf):
                numbers.update(self._by_leaf.get(_is_null_key(column), ()))
        return [self.checks[n] for n in sorted(numbers)]

    def _holds(self, goal: Any) -> bool:
        self._tick()
        test = _null_test(goal)
        if test is not None:
            column, kind = test
            if (kind == "IS_NOT_NULL" and column in self.not_null) or (
                kind == "IS_NULL" and column in self.always_null
            ):
                return True
        if any(_null_when(goal, column) for column in self.always_null):
            return True
        ors = _args(goal, "OR_EXPR")
        if ors is not None and any(self._holds(g) for g in ors):
            return True
        ands = _args(goal, "AND_EXPR")
        if ands is not None and ands and all(self._holds(g) for g in ands):
            return True
        return any(self._implies(fact, goal) for fact in self._candidates(goal))

    def _implies(self, fact: Any, goal: Any) -> bool:
        key = (self._key(fact), self._key(goal))
        known = self._memo.get(key)
        if known is not None:
            return known
        self._tick()
        self._memo[key] = False  # a cycle cannot prove itself
        answer = key[0] == key[1] or self._decompose(fact, goal)
        self._memo[key] = answer
        return answer

    def _decompose(self, fact: Any, goal: Any) -> bool:
        test = _null_test(fact)
        if test is not None and test[1] == "IS_NULL" and _null_when(goal, test[0]):
            return True
        ors = _args(goal, "OR_EXPR")
        if ors is not None and any(self._implies(fact, g) for g in ors):
            return True
        ands = _args(goal, "AND_EXPR")
        if ands and all(self._implies(fact, g) or self._holds(g) for g in ands):
            return True
        conjuncts = _args(fact, "AND_EXPR")
        if conjuncts is not None and any(self._implies(c, goal) for c in conjuncts):
            return True
        disjuncts = _args(fact, "OR_EXPR") or []
        return bool(disjuncts) and all(self._implies(d, goal) for d in disjuncts)


class _OutOfSteps(Exception):
    pass


def _leaves(node: Any) -> list[Any]:
    """The operands of AND/OR trees: what the prover compares whole."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop()
        args = _args(item, "AND_EXPR")
        if args is None:
            args = _args(item, "OR_EXPR")
        if args is None:
            found.append(item)
        else:
            stack.extend(args)
    return found


def _size(node: Any) -> int:
    count = 0
    stack = [node]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _plain_key(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def _is_null_key(column: str) -> str:
    return _plain_key(
        {
            "null_test": {
                "arg": {"column_ref": {"fields": [{"string": {"sval": column}}]}},
                "nulltesttype": "IS_NULL",
            },
        },
    )


def _compared(leaf: Any) -> list[str]:
    expr = leaf.get("a_expr") if isinstance(leaf, dict) else None
    if not isinstance(expr, dict):
        return []
    return [c for c in (_column(expr.get("lexpr")), _column(expr.get("rexpr"))) if c]

"""The YAML carriers read a mapping as PyYAML builds it, so as pre-commit, docker compose and
every tool built on PyYAML read it (issue 21): a key written twice is its last value, merge
keys resolve with PyYAML's precedence, and neither depth nor aliases bound the reading."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from hooks.commands.carriers import _yaml

KEYS = st.sampled_from(["a", "b", "c"])
VALUES = st.sampled_from(["1", "2", "3", "npx drizzle-kit push"])
BASES = ("x", "y", "z")


def _ours(text: str) -> dict[str, str | None]:
    (root,) = _yaml.documents(text, "t.yaml")
    return {k: _yaml.scalar(v) for k, v in _yaml.items(_yaml.get(root, "t"))}


def _pyyaml(text: str) -> dict[str, str | None]:
    return {k: None if v is None else str(v) for k, v in yaml.safe_load(text)["t"].items()}


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = ["bases:"]
    for name in BASES:
        # A key twice inside a merged mapping: PyYAML 6.0.4 keeps the first, older the last.
        pairs = draw(st.lists(st.tuples(KEYS, VALUES), max_size=3, unique_by=lambda p: p[0]))
        # (A merged mapping that merges again: PyYAML 6.0.4 lets the inner merge win over the
        # mapping's own key; the merge spec, older PyYAML and compose-go do not: a row below.)
        body = ", ".join(f"{k}: {v}" for k, v in pairs)
        lines.append(f"  {name}: &{name} {{{body}}}")
    lines.append("t:")
    own = [f"  {k}: {v}" for k, v in draw(st.lists(st.tuples(KEYS, VALUES), max_size=5))]
    chosen = draw(st.lists(st.sampled_from(BASES), max_size=3, unique=True))
    if chosen:  # one merge key: PyYAML releases differ on a mapping with two of them
        merged = "[" + ", ".join(f"*{c}" for c in chosen) + "]"
        own.insert(
            draw(st.integers(0, len(own))), f"  <<: {merged if len(chosen) > 1 else merged[1:-1]}"
        )
    lines += own or ["  a: 1"]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(text=documents())
def test_a_mapping_reads_as_pyyaml_builds_it(text) -> None:
    assert _ours(text) == _pyyaml(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("t:\n  a: 1\n  a: 2\n", {"a": "2"}),
        ("b: &b {a: 1}\nt:\n  a: 2\n  <<: *b\n", {"a": "2"}),
        ("x: &x {a: 1}\ny: &y {a: 2}\nt:\n  <<: [*x, *y]\n", {"a": "1"}),
    ],
    ids=["last-wins", "own-over-merged", "first-listed-merge"],
)
def test_precedence_rows(text, expected) -> None:
    assert _ours(text) == expected == _pyyaml(text)


def test_a_merged_mapping_keeps_its_own_key_over_what_it_merges() -> None:
    """The merge spec (and PyYAML before 6.0.4, and compose-go): z's own `c` is z's `c`,
    wherever z is merged."""
    text = "x: &x {c: 1}\nz: &z {<<: *x, c: 2}\nt:\n  <<: *z\n"
    assert _ours(text) == {"c": "2"}
    assert yaml.safe_load(text)["z"] == {"c": 2}


def test_a_chain_of_merges_deeper_than_any_limit_is_read() -> None:
    chain = "".join(f"m{n}: &m{n} {{<<: *m{n - 1}, k{n}: v}}\n" for n in range(1, 300))
    text = "m0: &m0 {command: npx drizzle-kit push}\n" + chain + "t:\n  <<: *m299\n"
    assert _ours(text)["command"] == "npx drizzle-kit push"
    assert len(_ours(text)) == 300

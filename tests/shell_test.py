"""The shell reader on its own: words, operators, quotes, substitutions, here-documents."""

from __future__ import annotations

import pytest

from hooks.commands.shell import POWERSHELL
from hooks.commands.shell import split_commands


def words(text: str, dialect: str = "sh") -> list[list[str]]:
    return [[w.value for w in c.words] for c in split_commands(text, dialect).commands]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a b  c", [["a", "b", "c"]]),
        ("a && b || c ; d | e & f", [["a"], ["b"], ["c"], ["d"], ["e"], ["f"]]),
        ("a\nb\r\nc", [["a"], ["b"], ["c"]]),
        ("'a b' \"c d\" e\\ f", [["a b", "c d", "e f"]]),
        ('"a \\"q\\" \\$x \\n"', [['a "q" $x \\n']]),
        ("a \\\r\n b", [["a", "b"]]),
        ("echo $(a $(b c) d)", [["b", "c"], ["a", "$(b c)", "d"], ["echo", "$(a $(b c) d)"]]),
        ('echo "$(a "x" \'y\')"', [["a", "x", "y"], ["echo", "$(a \"x\" 'y')"]]),
        ("echo $((1 + 2)) x", [["echo", "$((1 + 2))", "x"]]),
        ("echo `a \\`b\\``", [["b"], ["a", "`b`"], ["echo", "`a \\`b\\``"]]),
        ('echo "`a`"', [["a"], ["echo", "`a`"]]),
        ("a 2>/dev/null >out <in b", [["a", "b"]]),
        ("a &> log b", [["a", "b"]]),
        ("a &>> log b", [["a", "b"]]),
        ("a 2>&1 b", [["a", "b"]]),
        ("a >&- b", [["a", "b"]]),
        ("cat <<-EOF\n\tdrizzle-kit push\n\tEOF\nb", [["cat"], ["b"]]),
        ("cat <<EOF", [["cat"]]),
        ("cat <<EOF\nbody never closed", [["cat"]]),
        ("a # b\nc", [["a"], ["c"]]),
        ("a#b", [["a#b"]]),
        ("$'a\\tb\\'c' d", [["a\tb'c", "d"]]),
        ("(a) {b}", [["a"], ["{b}"]]),
    ],
)
def test_sh(text, expected) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    "text",
    ["'open", '"open', "$(open", "`open", "$'open", 'echo "$(open', 'echo "`open', "a $(b 'c) d"],
)
def test_unbalanced_is_reported_incomplete(text) -> None:
    assert not split_commands(text).complete


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a `\n b", [["a", "b"]]),
        ("a `\r\n b", [["a", "b"]]),
        ('"x `"y`" z" \'it\'\'s\' "q""q"', [['x "y" z', "it's", 'q"q']]),
        ('"a`tb"', [["a\tb"]]),
        ("C:\\tools\\drizzle-kit.cmd push", [["C:\\tools\\drizzle-kit.cmd", "push"]]),
        ("${env:X} { a } ; b", [["${env:X}"], ["a"], ["b"]]),
        ("<# c #> a", [["a"]]),
        ('Write-Host "$(a b)"', [["a", "b"], ["Write-Host", "$(a b)"]]),
    ],
)
def test_powershell(text, expected) -> None:
    assert words(text, POWERSHELL) == expected


def test_powershell_unclosed_block_comment() -> None:
    assert not split_commands("<# never closed", POWERSHELL).complete


def test_offsets_and_reprs() -> None:
    parsed = split_commands("ab && cd ef")
    first, second = parsed.commands
    assert (first.offset, second.offset) == (0, 6)
    assert repr(first) == "Command(['ab'])"
    assert repr(second.words[1]) == "Word('ef')"

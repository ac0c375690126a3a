from __future__ import annotations

import pytest

from hooks.cli import CHECK_OPTIONS
from hooks.runner.args import Option
from hooks.runner.args import parse
from hooks.runner.hook import COMMON_OPTIONS


def run(argv):
    return parse("prog", "Does things.", CHECK_OPTIONS, argv)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"filenames": [], "config": None, "all_files": False}),
        (["a.ts", "b.ts"], {"filenames": ["a.ts", "b.ts"]}),
        (["--config", "c.toml", "a"], {"config": "c.toml", "filenames": ["a"]}),
        (["--config=c.toml"], {"config": "c.toml"}),
        (["--from-ref", "A", "--to-ref=B"], {"from_ref": "A", "to_ref": "B"}),
        (["--all-files"], {"all_files": True}),
        (["--all"], {"all_files": True}),  # unambiguous prefix, as argparse allows
        (["--format", "json"], {"format": "json"}),
        (["--", "--config", "-x.sql"], {"filenames": ["--config", "-x.sql"], "config": None}),
        (["-"], {"filenames": ["-"]}),
        (["a", "--config", "c", "b"], {"filenames": ["a", "b"], "config": "c"}),
    ],
)
def test_parse_table(argv, expected) -> None:
    args = run(argv)
    for key, value in expected.items():
        assert getattr(args, key) == value


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--nope"], "unrecognized arguments: --nope"),
        (["--config"], "argument --config: expected one argument"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--all-files=yes"], "takes no value"),
    ],
)
def test_mistakes_exit_2_with_usage(capsys, argv, message) -> None:
    with pytest.raises(SystemExit) as info:
        run(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: prog [-h]")
    assert message in err


def test_ambiguous_prefix_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        parse("prog", "d", COMMON_OPTIONS, ["--f", "x"])  # --from-ref or --format
    assert "unrecognized arguments: --f" in capsys.readouterr().err


def test_help(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        run(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "Does things." in out
    assert "--all-files" in out
    assert "(one of: text, json, github, sarif)" in out


def test_option_dest() -> None:
    assert Option("--from-ref", "x").dest == "from_ref"

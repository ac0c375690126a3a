"""Every reader is linear in its input (issue 21): on its generated worst case
(tests/worst_cases.py), 16 times the input may cost at most about 16 times the time. Ratios
within one run, the best of three rounds each, never an absolute limit: a quadratic reader
measures 100-500 here, a linear one 8-20 (bound 48; the best of up to three attempts, so a
burst of load on a shared machine cannot fail a linear reader). bench/scaling.py prints the table at 2x, 8x, 64x."""

from __future__ import annotations

import time

import pytest

from tests import worst_cases

GROWTH = 16
BOUND = 48  # linear: about 16 (less where a fixed cost dominates); quadratic measured 100-500
ATTEMPTS = 3  # a shared machine's burst can slow one measurement: the best of three attempts


def _best(run, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _ratio(build, base: int) -> float:
    small, large = build(base), build(base * GROWTH)
    ratio = float("inf")
    for _ in range(ATTEMPTS):
        ratio = min(ratio, _best(large) / max(_best(small), 1e-6))
        if ratio <= BOUND:
            break
    return ratio


@pytest.mark.parametrize("name", sorted(worst_cases.CASES))
def test_each_carrier_reader_is_linear_in_its_worst_case(name) -> None:
    generate = worst_cases.CASES[name]

    def build(n: int):
        path, text = generate(n)
        found = worst_cases.run(path, text)
        assert found != 0  # read and found, or refused (-1)
        return lambda: worst_cases.run(path, text)

    assert _ratio(build, 40) <= BOUND


@pytest.mark.parametrize("change", [False, True], ids=["syntax", "change"])
def test_the_schema_lint_is_linear_in_the_dump(change) -> None:
    from hooks.schema.lint import lint

    def build(n: int):
        text = worst_cases.schema(n)
        old = text if change else None
        return lambda: lint("schema.sql", old, text + "CREATE TABLE z (a int);\n")

    assert _ratio(build, 40) <= BOUND


def test_the_caller_search_costs_per_package_what_a_small_monorepo_does() -> None:
    def build(n: int):
        files, texts = worst_cases.monorepo_callers(n)
        assert worst_cases.run_monorepo(files, texts) == n  # every caller is named
        return lambda: worst_cases.run_monorepo(files, texts)

    assert _ratio(build, 25) <= BOUND


@pytest.mark.parametrize("name", sorted(worst_cases.PULLED_CASES))
def test_the_pulled_schema_comparison_is_linear(name) -> None:
    from hooks.drizzle.pull_compare import compare
    from hooks.drizzle.pull_reader import read
    from hooks.schema.model import build
    from hooks.schema.sql import parse

    def build_run(n: int):
        ts, sql, expected = worst_cases.PULLED_CASES[name](n)
        model = build(sql, parse(sql))
        found = compare(read(ts), model)
        assert expected < 0 or len(found) == expected, [d.message for d in found[:5]]
        return lambda: compare(read(ts), model)

    assert _ratio(build_run, 40) <= BOUND


def test_the_run_site_search_is_linear_in_the_chain_and_the_importers() -> None:
    def build(n: int):
        files, texts = worst_cases.run_sites(n)
        assert worst_cases.run_run_sites(files, texts) > 0
        return lambda: worst_cases.run_run_sites(files, texts)

    assert _ratio(build, 40) <= BOUND


def test_the_atlas_config_guard_is_linear_in_envs_locals_and_nesting() -> None:
    def build(n: int):
        text = worst_cases.atlas_config(n)
        assert worst_cases.run_atlas_config(text) == n + 1  # n passwords, the weak env
        return lambda: worst_cases.run_atlas_config(text)

    assert _ratio(build, 40) <= BOUND


@pytest.mark.parametrize("name", sorted(worst_cases.RANGE_CASES))
def test_the_dependency_range_reader_is_linear(name) -> None:
    from hooks.drizzle.versions import lines_allowed

    def build(n: int):
        spec = worst_cases.RANGE_CASES[name](n)
        assert lines_allowed(spec)[0]
        return lambda: lines_allowed(spec)

    assert _ratio(build, 40) <= BOUND


def test_judging_drizzles_artefacts_is_linear_in_the_change() -> None:
    from hooks.drizzle.artefacts import migrations_among

    def build(n: int):
        paths, files = worst_cases.artefact_change(n)

        def run() -> list[str]:
            return migrations_among(
                paths,
                configured=lambda _p: False,
                read=files.get,
                committed=lambda ps: {p: "0" * 40 for p in ps if p in files},
            )

        assert len(run()) == 4 * n  # both of 1.0's files, the journal and the numbered SQL
        return run

    assert _ratio(build, 40) <= BOUND


def test_the_runner_call_search_is_linear_on_a_one_line_file() -> None:
    """`pnpm kit migrate`-style calls are looked for in every file a prefix script could
    complete: on a minified one-line file of `./` paths and banned words (a real 490 KB
    tsbuildinfo took 424 s with a forward-scanning pattern) it stays linear."""
    from hooks.commands.prefilter import calls_with_banned

    def build(n: int):
        data = b'{"files":["' + b'./src/a.ts push ./b.ts ",' * n + b'"x"]}'
        assert calls_with_banned(data)  # (`./b.ts push` is a call shape: found, and fast)
        return lambda: calls_with_banned(data.replace(b"push", b"post"))

    assert _ratio(build, 400) <= BOUND


def test_the_imported_helper_search_is_linear_in_the_imports() -> None:
    """Each relative import looks back a bounded window for its clause (an earlier pattern
    scanned to the end of an unclosed `import {` from every import: quadratic)."""
    from hooks.commands.carriers.code import imported_helpers

    module = 'import { execSync } from "child_process";\nexport function run(c) { execSync(c) }\n'

    def build(n: int):
        text = "import { " * n + 'run } from "./run";\n' + 'import { a } from "./a";\n' * n
        assert imported_helpers(text, "x.ts", lambda p: module if p == "run.ts" else None)[0]
        return lambda: imported_helpers(text, "x.ts", lambda p: None)

    assert _ratio(build, 400) <= BOUND


def test_the_hazard_check_is_linear_in_the_tables_it_changes() -> None:
    from hooks.schema.hazards import hazards
    from hooks.schema.model import build as model
    from hooks.schema.sql import parse

    def build(n: int):
        before, after = worst_cases.hazards_chain(n)
        old, new = model(before, parse(before)), model(after, parse(after))
        found = hazards(old, new)
        assert sum(h.code == "AF651" for h in found) == n  # every table rewritten
        assert sum(h.code == "AF653" for h in found) == 0  # rebuilt with the rewrite
        return lambda: hazards(old, new)

    assert _ratio(build, 40) <= BOUND


def test_the_atlas_policy_reader_is_linear_in_envs() -> None:
    from hooks.atlas.envs import applied_policies

    def build(n: int):
        text = worst_cases.atlas_policies(n)
        assert len(applied_policies("atlas.hcl", text)["schema.sql"]) == n
        return lambda: applied_policies("atlas.hcl", text)

    assert _ratio(build, 40) <= BOUND


def test_the_command_shape_gate_is_linear_in_the_prose() -> None:
    """The test before a file read by content is parsed (issue 42): on prose thick with the
    words it looks for (drizzle, runners, banned words, sentences, escapes) it stays linear."""
    from hooks.commands.prefilter import command_shaped

    pad = b" calm" * 70  # (a runner's reach is 300 bytes: none reaches the next mention)
    line = (
        b'"k": "A light drizzle.'
        + pad
        + b"Set up bun; npm; so push up. \\u00e9 ./a; b. source"
        + pad
        + b'"\n'
    )

    def build(n: int):
        data = line * n
        assert not command_shaped(data)  # every runner's command ends before a banned word
        assert command_shaped(data + b"npm run db push\n")
        return lambda: command_shaped(data)

    assert _ratio(build, 200) <= BOUND


def test_the_run_site_gate_is_linear_when_names_and_runners_abound() -> None:
    import re

    from hooks.commands.run_sites import _runner_before

    def build(n: int):
        text = ("node x " + "migrate y " * 20 + "\n") * n
        assert _runner_before(text, re.compile("migrat"))
        far = ("node\n" + "pad " * 100 + "\nmigrate\n") * n
        assert not _runner_before(far, re.compile("migrate"))
        return lambda: (
            _runner_before(text, re.compile("zzz")),
            _runner_before(far, re.compile("migrate")),
        )

    assert _ratio(build, 100) <= BOUND


def test_the_json_readers_graph_is_linear_in_the_text() -> None:
    from hooks.commands.carriers._yaml import built_from_json
    from hooks.commands.carriers._yaml import json_documents

    def build(n: int):
        text = '{"image": "x", "v": [' + ",".join(['{"a": [1, "s\\u00e9", null]}'] * n) + "]}"
        assert json_documents(text, "t.json")
        return lambda: (built_from_json(text, "t.json"), json_documents(text, "t.json"))

    assert _ratio(build, 100) <= BOUND

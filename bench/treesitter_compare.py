"""Our hand-written readers against tree-sitter's maintained grammars: speed, scaling, import cost.

A measurement, not part of the hooks: the project depends on tree-sitter for HCL only; these
grammars are not dependencies. Run it with a Python that has them installed, e.g.

    python3 -m venv /tmp/tsvenv
    /tmp/tsvenv/bin/pip install tree-sitter tree-sitter-bash tree-sitter-typescript \\
        tree-sitter-javascript tree-sitter-make tree-sitter-powershell
    PYTHONPATH=. /tmp/tsvenv/bin/python bench/treesitter_compare.py            # everything
    PYTHONPATH=. /tmp/tsvenv/bin/python bench/treesitter_compare.py --only shell --rounds 3
    PYTHONPATH=. /tmp/tsvenv/bin/python bench/treesitter_compare.py --skip-import --skip-cases

Every case is a generated input read at n and 4n units. Times are the median of --rounds runs.

- ours, reader: the lexer/splitter alone (`_shell.split_commands`, `_js.tokens`,
  `hooks.commands.carriers.make.snippets`): what tree-sitter's parser would replace.
- ours, full: what the hook runs on that file (`analyzer.analyze` on shell text,
  `hooks.commands.carriers.code.snippets` on TypeScript).
- ts parse: `Parser.parse` alone (C).
- ts +query: parse, then a tree-sitter query run in C that finds the same things (shell: every
  command's name and words, every here-document body; TS: calls of exec/execSync/spawn/... with
  a string or template first argument; make: recipe lines), the nodes' text pulled into Python.
- ts +walk: parse, then a Python TreeCursor walk over every node doing the same (what code
  that cannot say it as a query pays).
- found: how many commands / call sites / recipe lines each side found (ours / ts), a sanity
  check that both read the input the same way; they need not match exactly (ours follows
  `bash -c '…'` and quotes, tree-sitter gives raw syntax).

The 4n/n column is the ratio of medians: about 4 is linear, 16 is quadratic.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tree_sitter as ts  # noqa: E402

PUSH = "npx drizzle-kit push"

# --------------------------------------------------------------------------------------------
# Inputs


def shell_typical(n: int) -> str:
    """n lines of an ordinary deploy script: ifs, pipes, a function, a heredoc, substitutions."""
    block = [
        "set -euo pipefail",
        'ROOT="$(cd "$(dirname "$0")/.." && pwd)"',
        'log() { printf "[%s] %s\\n" "$(date +%T)" "$*" >&2; }',
        'if [ -f "$ROOT/.env" ]; then',
        '  export $(grep -v "^#" "$ROOT/.env" | xargs)',
        "fi",
        "for svc in api web worker; do",
        '  docker compose build "$svc" && log "built $svc"',
        "done",
        'case "${1:-}" in',
        "  migrate) npx drizzle-kit migrate ;;",
        "  *) echo usage; exit 1 ;;",
        "esac",
        "ssh deploy@host <<'EOF'",
        "cd /srv/app && npx drizzle-kit push",
        "EOF",
        "pnpm install --frozen-lockfile | tee /tmp/install.log",
        "VERSION=$(git describe --tags `git rev-parse HEAD`)",
        'echo "deploying $VERSION" # comment',
        "wait",
    ]
    lines = [block[i % len(block)] for i in range(n)]
    # close whatever construct the cut leaves open
    text = "\n".join(lines) + "\n"
    return "#!/bin/bash\n" + text + "fi\ndone\nesac\nEOF\n"


def shell_functions(n: int) -> str:
    return "#!/bin/sh\n" + "".join(
        f'f{i}() {{ echo {i}; npx drizzle-kit push --x{i} "$@"; }}\n' for i in range(n)
    )


def shell_nested_closed(n: int) -> str:
    return "echo " + "$(echo " * n + "$(" + PUSH + ")" + ")" * n + "\n"


def shell_nested_open(n: int) -> str:
    return PUSH + "\necho " + "$( " * n + "\n"


TS_TYPICAL_BLOCK = """\
import { execSync, spawn } from "node:child_process";
import path from "node:path";
import type { Config } from "./config";

interface Options { cwd?: string; dryRun: boolean; retries: number }

const DEFAULTS: Options = { dryRun: false, retries: 3 };

export async function migrate(config: Config, opts: Partial<Options> = {}): Promise<void> {
  const o = { ...DEFAULTS, ...opts };
  const cwd = o.cwd ?? path.resolve(__dirname, "..");
  for (let i = 0; i < o.retries; i++) {
    try {
      execSync(`npx drizzle-kit migrate --config ${config.file}`, { cwd, stdio: "inherit" });
      return;
    } catch (err: unknown) {
      console.error(`attempt ${i + 1} failed`, err);
      await new Promise((r) => setTimeout(r, 2 ** i * 100));
    }
  }
  const re = /drizzle-kit\\s+(push|migrate)/g;
  const child = spawn("npx", ["drizzle-kit", "check"], { cwd });
  child.on("exit", (code) => (code === 0 ? void 0 : process.exit(code ?? 1)));
}
"""


def ts_typical(n: int) -> str:
    lines = TS_TYPICAL_BLOCK.splitlines(keepends=True)
    out = []
    k = 0
    while len(out) < n:
        block = [line.replace("migrate(", f"migrate{k}(") for line in lines]
        out.extend(block)
        k += 1
    return "".join(out[:n]) + "}\n}\n}\n"


def ts_exec_lines(n: int) -> str:
    """n lines, one in five an execSync/exec/spawn call."""
    out = ['import { execSync, exec, spawn } from "child_process";\n']
    for i in range(n - 1):
        r = i % 5
        if r == 0:
            out.append(f'execSync("{PUSH} --x{i}", {{ stdio: "inherit" }});\n')
        elif r == 1:
            out.append(f"const v{i}: number = compute({i}, `label ${{name}}-{i}`) ?? 0;\n")
        elif r == 2:
            out.append(f"exec(`npx drizzle-kit migrate --t${{t{i}}}`, (e) => log(e));\n")
        elif r == 3:
            out.append(f"if (v{i - 2} > {i}) {{ console.log(v{i - 2} / 2); }}\n")
        else:
            out.append(f'spawn("npx", ["drizzle-kit", "check"], {{ cwd: dirs[{i}] }});\n')
    return "".join(out)


def ts_templates_closed(n: int) -> str:
    return "exec(`${" * n + "x" + "}`)" * n + ";\n"


def ts_templates_open(n: int) -> str:
    return f'execSync("{PUSH}");\n' + "exec(`${" * n + "\n"


def makefile(n: int) -> str:
    head = "KIT := npx drizzle-kit\n.PHONY: all\n"
    return head + "".join(
        f"t{i}: t{i - 1}\n\t@echo building {i}\n\t$(KIT) push --t{i} \\\n\t  --verbose\n"
        for i in range(n)
    )


def powershell(n: int) -> str:
    return "".join(f"Write-Host {i}; & npx drizzle-kit push --t{i}\n" for i in range(n))


# --------------------------------------------------------------------------------------------
# Our side


def ours_split(text: str) -> int:
    from hooks.commands.shell import split_commands

    return len(split_commands(text).commands)


def ours_split_ps(text: str) -> int:
    from hooks.commands.shell import POWERSHELL
    from hooks.commands.shell import split_commands

    return len(split_commands(text, POWERSHELL).commands)


def ours_analyze(text: str) -> int:
    from hooks.commands.analyzer import analyze

    return len(analyze(text).runs)


def ours_js_tokens(text: str) -> int:
    from hooks.commands.js import tokens

    return sum(1 for _ in tokens(text))


def ours_code(text: str) -> int:
    from hooks.commands.carriers.code import snippets

    return len(list(snippets(text, "scripts/x.ts")))


def ours_make(text: str) -> int:
    from hooks.commands.carriers.make import snippets

    return len(list(snippets(text, "Makefile")))


# --------------------------------------------------------------------------------------------
# tree-sitter side


class Grammar:
    def __init__(self, language: object, query: str, extract, kinds: frozenset[str]) -> None:  # type: ignore[no-untyped-def]
        self.language = ts.Language(language)
        self.parser = ts.Parser(self.language)
        self.query = ts.Query(self.language, query)
        self.extract = extract  # (captures dict) -> count, pulling text into Python
        self.kinds = kinds  # node types the Python walk collects

    def parse(self, text: str) -> int:
        return self.parser.parse(text.encode()).root_node.child_count

    def parse_query(self, text: str) -> int:
        tree = self.parser.parse(text.encode())
        captures = ts.QueryCursor(self.query).captures(tree.root_node)
        return self.extract(captures)

    def parse_walk(self, text: str) -> int:
        tree = self.parser.parse(text.encode())
        cursor = tree.walk()
        kinds = self.kinds
        found = 0
        while True:
            node = cursor.node
            if node is not None and node.type in kinds:
                found += 1
                _ = [c.text for c in node.named_children]
            if cursor.goto_first_child():
                continue
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    return found


def _shell_extract(captures: dict) -> int:  # type: ignore[type-arg]
    commands = captures.get("cmd", [])
    for node in commands:
        _ = [c.text.decode() for c in node.named_children]  # name + words, raw
    for node in captures.get("heredoc", []):
        _ = node.text.decode()
    return len(commands)


_CALLEES = "exec|execSync|spawn|spawnSync|execFile|execFileSync|execa|execaSync|execaCommand"


def _ts_extract(captures: dict) -> int:  # type: ignore[type-arg]
    args = captures.get("arg", [])
    for node in args:
        _ = node.text.decode()
    return len(args)


def _make_extract(captures: dict) -> int:  # type: ignore[type-arg]
    lines = captures.get("line", [])
    for node in lines:
        _ = node.text.decode()
    return len(lines)


def grammars() -> dict[str, Grammar]:
    import tree_sitter_bash
    import tree_sitter_typescript

    found = {
        "bash": Grammar(
            tree_sitter_bash.language(),
            "(command) @cmd (heredoc_body) @heredoc",
            _shell_extract,
            frozenset({"command"}),
        ),
        "typescript": Grammar(
            tree_sitter_typescript.language_typescript(),
            f"""(call_expression
                  function: [(identifier) @fn (member_expression property: (property_identifier) @fn)]
                  arguments: (arguments . [(string) (template_string)] @arg)
                  (#match? @fn "^({_CALLEES})$"))""",
            _ts_extract,
            frozenset({"call_expression"}),
        ),
    }
    try:
        import tree_sitter_make

        found["make"] = Grammar(
            tree_sitter_make.language(),
            "(recipe_line) @line",
            _make_extract,
            frozenset({"recipe_line"}),
        )
    except ImportError:
        pass
    try:
        import tree_sitter_powershell

        found["powershell"] = Grammar(
            tree_sitter_powershell.language(),
            "(command) @cmd",
            _shell_extract,
            frozenset({"command"}),
        )
    except ImportError:
        pass
    return found


# --------------------------------------------------------------------------------------------
# Timing


def median_ms(fn, text: str, rounds: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times = []
    result = 0
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def cases(g: dict[str, Grammar]) -> list[tuple]:  # type: ignore[type-arg]
    """(name, generator, n, grammar, ours reader, ours full or None, count ours from "full"?)"""
    rows = [
        ("shell, typical script (lines)", shell_typical, 200, "bash", ours_split, ours_analyze),
        ("shell, functions", shell_functions, 10_000, "bash", ours_split, ours_analyze),
        ("shell, nested $( closed", shell_nested_closed, 50_000, "bash", ours_split, ours_analyze),
        ("shell, nested $( unclosed", shell_nested_open, 50_000, "bash", ours_split, ours_analyze),
        ("TS, typical file (lines)", ts_typical, 300, "typescript", ours_js_tokens, ours_code),
        (
            "TS, execSync file (lines)",
            ts_exec_lines,
            5_000,
            "typescript",
            ours_js_tokens,
            ours_code,
        ),
        (
            "TS, nested exec(`${ closed",
            ts_templates_closed,
            50_000,
            "typescript",
            ours_js_tokens,
            ours_code,
        ),
        (
            "TS, nested exec(`${ unclosed",
            ts_templates_open,
            50_000,
            "typescript",
            ours_js_tokens,
            ours_code,
        ),
    ]
    if "make" in g:
        rows.append(("Makefile, recipes", makefile, 5_000, "make", ours_make, None))
    if "powershell" in g:
        rows.append(("PowerShell, lines", powershell, 5_000, "powershell", ours_split_ps, None))
    return rows


def measure(fn, texts: dict[int, str], rounds: int, budget: float) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """Median ms at n (key 16) and 4n (key 64), `texts` being keyed by sixteenths of n.

    Two one-shot pilots (n/16, n/4) give the growth per 4x; a size whose extrapolated time
    times the rounds would pass `budget` seconds gets fewer rounds, and one whose single run
    would pass it is skipped and shown as an estimate (marked ~)."""
    fn(texts[0])  # warm-up: lazy imports, regex compilation
    pilot = {k: median_ms(fn, texts[k], 1)[0] for k in (1, 4)}
    growth = max(pilot[4] / pilot[1], 1.0) if pilot[1] > 0 else 4.0
    out: dict = {"pilot_growth": growth}  # type: ignore[type-arg]
    estimate = pilot[4]
    for k in (16, 64):
        estimate *= growth
        if estimate / 1000 > budget:
            out[k] = (estimate, None, True)
            continue
        r = max(1, min(rounds, int(budget * 1000 / max(estimate, 1e-3))))
        ms, found = median_ms(fn, texts[k], r)
        out[k] = (ms, found, False)
        estimate = ms
    return out


def _fmt(cell: tuple) -> str:  # type: ignore[type-arg]
    ms, _, skipped = cell
    if skipped:
        return f"~{ms / 1000:,.0f} s (est.)" if ms >= 10_000 else f"~{ms:,.0f} (est.)"
    return f"{ms:,.1f}" if ms >= 10 else f"{ms:.2f}"


def _ratio(m: dict) -> str:  # type: ignore[type-arg]
    if m[16][2] or m[64][2]:
        return f"{m['pilot_growth']:.1f}*"
    return f"{m[64][0] / m[16][0]:.1f}" if m[16][0] > 0 else "-"


def run_cases(rounds: int, only: list[str], scale: float, budget: float) -> None:
    g = grammars()
    print(f"## Timings (ms, median of up to {rounds}; at n; 4n/n ratio of medians)\n")
    print(
        "| input | n | KB at n | ours reader | ours full | ts parse | ts +query | ts +walk "
        "| found ours/ts | 4n/n ours reader | 4n/n ours full | 4n/n ts parse | 4n/n ts +query |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, gen, n, gname, reader, full in cases(g):
        if only and not any(o in name.lower() for o in only):
            continue
        n = max(16, int(n * scale))
        grammar = g[gname]
        texts = {k: gen(max(1, n * k // 16)) for k in (0, 1, 4, 16, 64)}
        m = {"reader": measure(reader, texts, rounds, budget)}
        if full is not None:
            m["full"] = measure(full, texts, rounds, budget)
        m["parse"] = measure(grammar.parse, texts, rounds, budget)
        m["query"] = measure(grammar.parse_query, texts, rounds, budget)
        m["walk"] = measure(grammar.parse_walk, texts, rounds, budget)
        ours_count = m["full" if full is not None and gname == "typescript" else "reader"][16][1]
        ours_count = "skipped" if ours_count is None else ours_count
        counts = f"{ours_count}/{m['query'][16][1]}"
        if full is not None and gname == "bash" and not m["full"][16][2]:
            counts += f" (runs {m['full'][16][1]})"
        cells = [
            _fmt(m[key][16]) if key in m else "-"
            for key in ("reader", "full", "parse", "query", "walk")
        ]
        ratios = [
            _ratio(m[key]) if key in m else "-" for key in ("reader", "full", "parse", "query")
        ]
        print(
            f"| {name} | {n:,} | {len(texts[16]) / 1000:,.1f} | "
            + " | ".join(cells)
            + f" | {counts} | "
            + " | ".join(ratios)
            + " |",
            flush=True,
        )
    print(
        "\n`~ (est.)`: not run, its extrapolation from the pilots at n/16 and n/4 passes the "
        f"{budget:.0f} s budget. `*`: ratio from the pilots (n/16 -> n/4), the big size not run."
    )


# --------------------------------------------------------------------------------------------
# Import cost, each in a fresh process


IMPORTS = {
    "bare `python -c pass`": "pass",
    "import hooks.commands.shell": "import hooks.commands.shell",
    "import hooks.commands.analyzer": "import hooks.commands.analyzer",
    "import hooks.commands.js + hooks.commands.carriers.code": "import hooks.commands.js, hooks.commands.carriers.code",
    "import tree_sitter": "import tree_sitter",
    "import tree_sitter, tree_sitter_bash": "import tree_sitter, tree_sitter_bash",
    "… + Language + Parser (bash)": (
        "import tree_sitter as t, tree_sitter_bash as b; t.Parser(t.Language(b.language()))"
    ),
    "… + Language + Parser (typescript)": (
        "import tree_sitter as t, tree_sitter_typescript as s; "
        "t.Parser(t.Language(s.language_typescript()))"
    ),
    "hooks.commands.analyzer + hooks.commands.carriers.code (today's shell+TS path)": (
        "import hooks.commands.analyzer, hooks.commands.carriers.code"
    ),
    "same + tree_sitter bash & typescript parsers (marginal cost)": (
        "import hooks.commands.analyzer, hooks.commands.carriers.code\n"
        "import tree_sitter as t, tree_sitter_bash as b, tree_sitter_typescript as s\n"
        "t.Parser(t.Language(b.language())); t.Parser(t.Language(s.language_typescript()))"
    ),
    "… + bash, typescript, make, powershell parsers": (
        "import tree_sitter as t, tree_sitter_bash as b, tree_sitter_typescript as s, "
        "tree_sitter_make as m, tree_sitter_powershell as p\n"
        "for l in (b.language(), s.language_typescript(), s.language_tsx(), m.language(), "
        "p.language()): t.Parser(t.Language(l))"
    ),
}


def _importtime_us(stderr: str) -> int:
    """Sum of the cumulative times of the top-level imports in `-X importtime` output (a bare
    interpreter's own, site and encodings, are subtracted by the caller)."""
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if len(name) - len(name.lstrip(" ")) == 1:  # nested imports are indented further
            total += int(cumulative)
    return total


def run_imports(rounds: int) -> None:
    print(f"\n## Import cost (fresh process, median of {rounds})\n")
    print("| what | wall ms | over bare python, ms | -X importtime top-level sum, ms |")
    print("|---|---:|---:|---:|")
    exe = sys.executable
    env_path = {"PYTHONPATH": str(ROOT)}
    import os

    env = {**os.environ, **env_path}
    bare = None
    for label, code in IMPORTS.items():
        walls = []
        itimes = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run([exe, "-c", code], check=True, env=env, cwd=ROOT)
            walls.append((time.perf_counter() - start) * 1000)
            done = subprocess.run(
                [exe, "-X", "importtime", "-c", code],
                check=True,
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            itimes.append(_importtime_us(done.stderr) / 1000)
        wall = statistics.median(walls)
        itime = statistics.median(itimes)
        if bare is None:
            bare = (wall, itime)
        print(
            f"| {label} | {wall:.1f} | {wall - bare[0]:+.1f} | {itime - bare[1]:.1f} |",
            flush=True,
        )


MARGINAL = """
import time
t0 = time.perf_counter(); import hooks.commands.analyzer, hooks.commands.carriers.code
t1 = time.perf_counter(); import tree_sitter as t
t2 = time.perf_counter(); import tree_sitter_bash as b
t3 = time.perf_counter(); import tree_sitter_typescript as s
t4 = time.perf_counter(); pb = t.Parser(t.Language(b.language())); pt = t.Parser(t.Language(s.language_typescript()))
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""
OURS_ALONE = """
import time
t0 = time.perf_counter(); import hooks.commands.shell
t1 = time.perf_counter(); import hooks.commands.js
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def run_marginal(rounds: int) -> None:
    """In one fresh process, after what the hook imports anyway: what each tree-sitter step adds
    (stdlib modules both sides share are paid once, so this is the cost on the hot path)."""
    import os

    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def medians(code: str) -> list[float]:
        runs = [
            [
                float(x) * 1000
                for x in subprocess.run(
                    [sys.executable, "-c", code],
                    check=True,
                    env=env,
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                ).stdout.split()
            ]
            for _ in range(rounds)
        ]
        return [statistics.median(col) for col in zip(*runs, strict=True)]

    steps = medians(MARGINAL)
    ours = medians(OURS_ALONE)
    print(f"\n## Marginal import cost in-process (ms, median of {rounds})\n")
    print("| step | ms |\n|---|---:|")
    for label, ms in zip(
        (
            "import hooks.commands.analyzer + hooks.commands.carriers.code (today)",
            "+ import tree_sitter",
            "+ import tree_sitter_bash (first grammar: pulls importlib.resources)",
            "+ import tree_sitter_typescript",
            "+ Language + Parser for bash and typescript",
        ),
        steps,
        strict=True,
    ):
        print(f"| {label} | {ms:.1f} |")
    print(f"| **tree-sitter total on top of today's imports** | **{sum(steps[1:]):.1f}** |")
    print(f"| ours alone: import hooks.commands.shell (fresh) | {ours[0]:.1f} |")
    print(f"| ours alone: + import hooks.commands.js | {ours[1]:.1f} |")


# --------------------------------------------------------------------------------------------
# Correctness probes: does tree-sitter-bash expose what the analyzer needs?

PROBES = {
    "heredoc": "ssh host <<'EOF'\ncd /srv && npx drizzle-kit migrate\nEOF\n",
    "heredoc, unquoted with $( )": "ssh host <<EOF\nnpx drizzle-kit $(echo migrate)\nEOF\n",
    "function": 'kit() { npx drizzle-kit "$@"; }\nkit push\n',
    "assignment": 'KIT="npx drizzle-kit"; $KIT push\n',
    "bash -c": "bash -c 'npx drizzle-kit push'\n",
    "escaped newline + quotes": 'np"x" drizzle-\\\nkit push\n',
}


def _tree(node, depth: int = 0, out: list[str] | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    out = [] if out is None else out
    leafish = node.named_child_count == 0 or node.type in {"heredoc_body", "string", "raw_string"}
    text = f" {node.text.decode()!r}" if leafish else ""
    out.append("  " * depth + node.type + text + (" (ERROR)" if node.has_error else ""))
    for child in node.named_children:
        _tree(child, depth + 1, out)
    return out


def run_probes() -> None:
    from hooks.commands.analyzer import analyze
    from hooks.commands.shell import split_commands

    bash = grammars()["bash"]
    print("\n## Correctness probes (shell)\n")
    for name, text in PROBES.items():
        print(f"### {name}\n\n```sh\n{text}```\n")
        parsed = split_commands(text)
        print(
            "ours split_commands:",
            [[w.value for w in c.words] for c in parsed.commands],
            "heredocs:",
            [c.heredocs for c in parsed.commands if c.heredocs],
        )
        runs = analyze(text).runs
        print(
            "ours analyze runs:",
            [
                getattr(r, "__slots__", None) and {s: getattr(r, s, None) for s in r.__slots__}
                for r in runs
            ],
        )
        print(
            "tree-sitter-bash:\n```\n"
            + "\n".join(_tree(bash.parser.parse(text.encode()).root_node))
            + "\n```\n"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--import-rounds", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (try 0.1)")
    parser.add_argument("--only", default="", help="comma-separated substrings of row names")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="seconds one measurement may take; longer ones are estimated",
    )
    parser.add_argument("--skip-cases", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-probes", action="store_true")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    only = [o.strip().lower() for o in args.only.split(",") if o.strip()]
    print(
        f"python {sys.version.split()[0]}, tree-sitter {_version('tree-sitter')}, "
        + ", ".join(
            f"{p} {_version(p)}"
            for p in (
                "tree-sitter-bash",
                "tree-sitter-typescript",
                "tree-sitter-make",
                "tree-sitter-powershell",
            )
        )
        + "\n"
    )
    if not args.skip_cases:
        run_cases(args.rounds, only, args.scale, args.budget)
    if not args.skip_import:
        run_imports(args.import_rounds)
        run_marginal(args.import_rounds)
    if not args.skip_probes:
        run_probes()
    return 0


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "absent"


if __name__ == "__main__":
    raise SystemExit(main())

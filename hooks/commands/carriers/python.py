"""Python that shells out: `subprocess.run/call/check_call/check_output/Popen/getoutput`,
`os.system`/`os.popen`, `asyncio.create_subprocess_exec/_shell`, with a literal command (a
string is shell text, a list or tuple is exec form) or a name the module assigns one. Read
with the standard library's own parser (`ast`), only for a file that names drizzle."""

from __future__ import annotations

import ast

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import exec_form
from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

HOLE = "${…}"  # a word the code computes (as hooks.commands.js shows one)
_SUBPROCESS = frozenset(
    {"run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"}
)
_OS = frozenset({"system", "popen"})
_ASYNCIO = frozenset({"create_subprocess_exec", "create_subprocess_shell"})


def _modules(tree: ast.Module) -> tuple[dict[str, str], dict[str, str]]:
    """The names the module gives `subprocess`/`os`/`asyncio` (`import subprocess as sp`) and
    the functions it imports from them (`from subprocess import run as sh`)."""
    modules: dict[str, str] = {}
    functions: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("subprocess", "os", "asyncio"):
                    modules[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module in ("subprocess", "os", "asyncio"):
            for alias in node.names:
                functions[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return modules, functions


def _bound(tree: ast.Module) -> dict[str, list[ast.expr]]:
    """Every name assigned a string or a list/tuple (`CMD = ["npx", "drizzle-kit", "push"]`)."""
    found: dict[str, list[ast.expr]] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None or not isinstance(value, (ast.Constant, ast.List, ast.Tuple)):
                continue
            for target in targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(value)
    return found


def _word(node: ast.expr, names: dict[str, list[str]] | None = None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and names and node.id in names:
        # `for sub in ("check", "pull")`, `sub = "pull"`: the one that writes, if any
        from hooks.drizzle.versions import WRITES

        values = names[node.id]
        return next((v for v in values if v.lower() in WRITES), values[0])
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else HOLE
            for v in node.values
        )
    return HOLE


def _command(
    node: ast.expr,
    bound: dict[str, list[ast.expr]],
    depth: int = 0,
    names: dict[str, list[str]] | None = None,
) -> list[str]:
    """A command argument's possible texts: shell text for a string, exec form for a list."""
    if isinstance(node, ast.Name) and depth == 0:
        return [c for value in bound.get(node.id, []) for c in _command(value, bound, 1, names)]
    if isinstance(node, (ast.List, ast.Tuple)):
        words = [_word(item, names) for item in node.elts]
        return [exec_form(words)] if words else []
    if isinstance(node, (ast.Constant, ast.JoinedStr)):
        text = _word(node)
        return [text] if text != HOLE else []
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _command(node.left, bound, 1), _command(node.right, bound, 1)
        return [(left[0] if left else HOLE) + (right[0] if right else HOLE)]
    return []


def _names(tree: ast.Module) -> dict[str, list[str]]:
    """What names can be: a `for` loop over literals, or assignments of string literals."""
    found: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            items = node.iter.elts if isinstance(node.iter, (ast.Tuple, ast.List, ast.Set)) else []
            values = [i.value for i in items if isinstance(i, ast.Constant)]
            if values and all(isinstance(v, str) for v in values):
                found.setdefault(node.target.id, []).extend(str(v) for v in values)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value.value)
    return found


def _helpers(
    tree: ast.Module, modules: dict[str, str], functions: dict[str, str]
) -> dict[str, int]:
    """Functions whose body hands one of their parameters to a process API as the command
    (`def run(cmd): subprocess.run(cmd, shell=True)`): name -> that parameter's index."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in node.args.args]
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and inner.args
                and isinstance(inner.args[0], ast.Name)
                and inner.args[0].id in params
                and _api(inner.func, modules, functions) is not None
            ):
                found[node.name] = params.index(inner.args[0].id)
                break
    return found


def _programs(tree: ast.Module) -> dict[str, str]:
    """Names that are programs through `sh` or plumbum: `import sh` (`sh` itself, as "*"),
    `from sh import npx`, `npx = local["npx"]` / `local.get("npx")`."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "sh":
                    found[alias.asname or "sh"] = "*"
        elif isinstance(node, ast.ImportFrom) and node.module == "sh":
            for alias in node.names:
                found[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, program = node.targets[0], _plumbum(node.value)
            if isinstance(target, ast.Name) and program is not None:
                found[target.id] = program
    return found


def _plumbum(node: ast.expr) -> str | None:
    """`local["npx"]` or `local.get("npx")`: the program's name."""
    if (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "local"
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        return node.slice.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "local"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _program(func: ast.expr, programs: dict[str, str]) -> str | None:
    """The program a call runs through sh or plumbum (`sh.npx(…)`, `npx(…)`,
    `local["npx"](…)`), or None."""
    if isinstance(func, ast.Name):
        program = programs.get(func.id)
        return None if program == "*" else program
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and programs.get(func.value.id) == "*"
    ):
        return func.attr
    return _plumbum(func)


def _api(func: ast.expr, modules: dict[str, str], functions: dict[str, str]) -> str | None:
    if isinstance(func, ast.Name):
        return functions.get(func.id)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        module = modules.get(func.value.id)
        if module is not None:
            return f"{module}.{func.attr}"
    return None


def snippets(text: str, path: str) -> Iterator[Snippet]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        if "drizzle-kit" in text:
            raise ToolError(
                f"{path}: not Python that atlas-first can parse, and it names drizzle-kit;"
                " fix its syntax so its commands can be checked"
            ) from None
        return
    modules, functions = _modules(tree)
    tasks = "invoke" in text or "fabric" in text  # `c.run("…")` of an invoke/fabric task
    programs = _programs(tree)  # sh's and plumbum's programs: `sh.npx(…)`, `local["npx"]`
    if not modules and not functions and not tasks and not programs:
        return
    bound = _bound(tree)
    names = _names(tree)
    helpers = _helpers(tree, modules, functions)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in helpers:
            # a function of the file that hands its parameter to subprocess: its calls run
            at = helpers[node.func.id]
            if at < len(node.args):
                given = node.args[at]
                for command in _command(given, bound, names=names):
                    yield Snippet(command, [(given.lineno, given.col_offset + 1)], fixed=True)
            continue
        if (
            tasks
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("run", "sudo", "local")
            and node.args
            and isinstance(node.args[0], (ast.Constant, ast.JoinedStr, ast.Name, ast.BinOp))
        ):
            task = node.args[0]
            for command in _command(task, bound):
                yield Snippet(command, [(task.lineno, task.col_offset + 1)], fixed=True)
            continue
        program = _program(node.func, programs)
        if program is not None and node.args:
            words = [program, *(_word(a) for a in node.args)]
            head = node.args[0]
            yield Snippet(exec_form(words), [(head.lineno, head.col_offset + 1)], fixed=True)
            continue
        api = _api(node.func, modules, functions)
        if api is None:
            continue
        module, _, name = api.partition(".")
        if not (
            (module == "subprocess" and name in _SUBPROCESS)
            or (module == "os" and name in _OS)
            or (module == "asyncio" and name in _ASYNCIO)
        ):
            continue
        if name == "create_subprocess_exec":  # the words are the arguments
            args = node.args
            if args and not any(isinstance(a, ast.Starred) for a in args):
                yield Snippet(
                    exec_form([_word(a) for a in args]),
                    [(args[0].lineno, args[0].col_offset + 1)],
                    fixed=True,
                )
            continue
        first = node.args[0] if node.args else None
        if first is None:
            first = next((k.value for k in node.keywords if k.arg in ("args", "cmd")), None)
        if first is None:
            continue
        for command in _command(first, bound, names=names):
            yield Snippet(command, [(first.lineno, first.col_offset + 1)], fixed=True)

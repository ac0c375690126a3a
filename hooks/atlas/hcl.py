"""HCL (`atlas.hcl`) read with tree-sitter's C parser and the `tree-sitter-hcl` grammar.

`parse(text, path)` gives the file's top `Body`: its attributes (name -> expression) and its
blocks (`env "production" { … }` -> a `Block` with type, labels, body and position). A body
and an expression are converted from the syntax tree only when a guard asks for them, so a
deep structure nobody reads costs nothing, and `value()` turns an expression into plain
values:

- `str` for a string with no interpolation (escapes decoded), `int`/`float`, `bool`, `None`;
- `list` and `dict` for tuples and objects;
- `Template(parts)` for a string with `${…}` interpolations (literal parts are `str`);
- `Ref(path)` for a traversal such as `local.url` or `data.external_schema.drizzle.url`;
- `Call(name, args)` for a function call such as `getenv("DATABASE_URL")`;
- `Expr(text)` for anything not evaluated here (operators, conditionals, `for`, splats,
  template directives, or values nested deeper than `MAX_DEPTH`).

A syntax error is a `ToolError` with the line and column of the first error the parser
found. The parser and the grammar are imported on the first parse, that is only when an
Atlas config is under check.
"""

from __future__ import annotations

import re

from hooks.report.violation import ToolError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

MAX_DEPTH = 64  # values nested deeper are an Expr: no guard reads that deep
_ESCAPE = re.compile(r"\\(?:U[0-9A-Fa-f]{8}|u[0-9A-Fa-f]{4}|.)|\$\$\{|%%\{", re.S)
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_parser: Any = None
_MISSING = {  # what a missing token is, for a person
    "quoted_template_end": "a closing '\"'",
    "block_end": "'}'",
    "object_end": "'}'",
    "template_interpolation_end": "'}'",
    "tuple_end": "']'",
    "identifier": "a name",
    "heredoc_identifier": "the heredoc's closing word",
    "expression": "a value",
}


class Template:
    """A string with interpolations: literal `str` parts and the interpolated values."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Any, ...]) -> None:
        self.parts = parts

    def __repr__(self) -> str:
        return f"Template({self.parts!r})"


class Ref:
    """A traversal: `local.url` is Ref(("local", "url"))."""

    __slots__ = ("path",)

    def __init__(self, path: tuple[str, ...]) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"Ref({'.'.join(self.path)})"


class Call:
    """A function call: `getenv("X")` is Call("getenv", ("X",))."""

    __slots__ = ("args", "name")

    def __init__(self, name: str, args: tuple[Any, ...]) -> None:
        self.name = name
        self.args = args

    def __repr__(self) -> str:
        return f"Call({self.name}, {self.args!r})"


class Expr:
    """An expression this reader does not evaluate, kept as its source text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"


def _text(node: Any) -> str:
    return bytes(node.text).decode("utf-8", "surrogatepass")


def _position(node: Any, data: bytes) -> tuple[int, int]:
    """1-based line and character column of a node (tree-sitter counts bytes)."""
    row, col = node.start_point
    line_start = node.start_byte - col
    return row + 1, len(data[line_start : node.start_byte].decode("utf-8", "replace")) + 1


class Block:
    """`type "label" … { body }`."""

    __slots__ = ("_body", "_data", "_node", "col", "labels", "line", "type")

    def __init__(self, node: Any, data: bytes) -> None:
        self._node = node
        self._data = data
        self._body: Body | None = None
        labels: list[str] = []
        self.type = ""
        for child in node.named_children:
            if child.type == "identifier" and not self.type:
                self.type = _text(child)
            elif child.type == "string_lit":
                labels.append(_literal(child))
            elif child.type == "identifier":
                labels.append(_text(child))
        self.labels = tuple(labels)
        self.line, self.col = _position(node, data)

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else ""

    @property
    def body(self) -> Body:
        if self._body is None:
            inner = next((c for c in self._node.named_children if c.type == "body"), None)
            self._body = Body(inner, self._data)
        return self._body


class Body:
    """The attributes and blocks of a file or a block, in the order written."""

    __slots__ = ("_data", "attributes", "blocks")

    def __init__(self, node: Any, data: bytes) -> None:
        self._data = data
        self.attributes: dict[str, Any] = {}  # name -> expression node
        self.blocks: list[Block] = []
        for child in node.named_children if node is not None else ():
            if child.type == "attribute":
                name, expression = child.named_children[0], child.named_children[-1]
                self.attributes[_text(name)] = expression
            elif child.type == "block":
                self.blocks.append(Block(child, data))

    def value(self, name: str, default: Any = None) -> Any:
        """An attribute's value (see the module's text), or `default` when it is not set."""
        node = self.attributes.get(name)
        return default if node is None else value(node)

    def position(self, name: str) -> tuple[int, int]:
        """The 1-based line and column where an attribute's value starts."""
        return _position(self.attributes[name], self._data)

    def blocks_of(self, kind: str) -> Iterator[Block]:
        return (block for block in self.blocks if block.type == kind)

    def values(self) -> Iterator[Any]:
        """Every attribute value of this body and the blocks inside it."""
        pending: list[Body] = [self]
        while pending:  # a stack, not recursion: blocks may nest as deep as the text allows
            body = pending.pop()
            for node in body.attributes.values():
                yield value(node)
            pending.extend(block.body for block in reversed(body.blocks))


def _decode(raw: str) -> str:
    def one(match: re.Match[str]) -> str:
        token = match.group()
        if token in ("$${", "%%{"):
            return token[1:]
        letter = token[1]
        if letter in "uU" and len(token) > 2:
            try:
                return chr(int(token[2:], 16))
            except ValueError:  # beyond the code space
                return token
        return _SIMPLE.get(letter, token)

    return _ESCAPE.sub(one, raw) if "\\" in raw or "$${" in raw or "%%{" in raw else raw


def _literal(node: Any) -> str:
    """A string_lit's text, escapes decoded."""
    return "".join(_decode(_text(c)) for c in node.named_children if c.type == "template_literal")


def _template(node: Any, depth: int) -> Any:
    parts: list[Any] = []
    for child in node.named_children:
        kind = child.type
        if kind == "template_literal":
            parts.append(_decode(_text(child)))
        elif kind == "template_interpolation":
            inner = next((c for c in child.named_children if c.type == "expression"), None)
            parts.append(Expr(_text(child)) if inner is None else value(inner, depth + 1))
        elif kind in ("template_directive", "template_for", "template_if"):
            return Expr(_text(node))
    if all(isinstance(part, str) for part in parts):
        return "".join(parts)
    if len(parts) == 1:
        return parts[0]  # "${x}" is x itself, as in HCL
    return Template(tuple(parts))


def value(node: Any, depth: int = 0) -> Any:
    """The value of an expression node (see the module's text)."""
    if depth > MAX_DEPTH:
        return Expr(_text(node)[:200])
    kind = node.type
    while kind in ("expression", "literal_value", "collection_value", "template_expr"):
        children = node.named_children
        if len(children) != 1:
            break
        node = children[0]
        kind = node.type
    if kind == "expression":
        children = node.named_children
        if children and children[0].type == "variable_expr":
            path = [_text(children[0])]
            for step in children[1:]:
                if step.type != "get_attr":
                    return Expr(_text(node))
                path.append(_text(step.named_children[-1]))
            return Ref(tuple(path))
        return Expr(_text(node))
    if kind == "variable_expr":
        return Ref((_text(node),))
    if kind == "string_lit":
        return _literal(node)
    if kind in ("quoted_template", "heredoc_template"):
        return _template(node, depth)
    if kind == "numeric_lit":
        raw = _text(node)
        try:
            return int(raw)
        except ValueError:
            try:
                return float(raw)
            except ValueError:
                return Expr(raw)
    if kind == "bool_lit":
        return _text(node) == "true"
    if kind == "null_lit":
        return None
    if kind == "tuple":
        return [value(c, depth + 1) for c in node.named_children if c.type == "expression"]
    if kind == "object":
        found: dict[str, Any] = {}
        for elem in node.named_children:
            if elem.type != "object_elem" or len(elem.named_children) < 2:
                continue
            key = value(elem.named_children[0], depth + 1)
            if isinstance(key, Ref) and len(key.path) == 1:
                key = key.path[0]
            if isinstance(key, str):
                found[key] = value(elem.named_children[-1], depth + 1)
        return found
    if kind == "function_call":
        name = _text(node.named_children[0])
        arguments = next((c for c in node.named_children if c.type == "function_arguments"), None)
        given = () if arguments is None else arguments.named_children
        args = tuple(value(c, depth + 1) for c in given if c.type == "expression")
        return Call(name, args)
    return Expr(_text(node))


def _first_error(root: Any) -> Any:
    """The first ERROR or MISSING node in the text's order (descending only into subtrees
    that hold one, so a large file with one error is not walked whole)."""
    node = root
    while True:
        for child in node.children:
            if child.is_missing or child.is_error:
                return child
            if child.has_error:
                node = child
                break
        else:
            return node


def parse(text: str, path: str) -> Body:
    """The file's top body, or ToolError naming the first syntax error's line and column."""
    global _parser  # one parser per process, made on first use
    if _parser is None:
        import tree_sitter
        import tree_sitter_hcl

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))
    data = text.encode("utf-8", "surrogatepass")
    root = _parser.parse(data).root_node
    if root.has_error:
        bad = _first_error(root)
        line, col = _position(bad, data)
        if bad.is_missing:
            what = f"expected {_MISSING.get(bad.type, repr(bad.type))}"
        else:
            excerpt = _text(bad).split("\n", 1)[0].strip()[:40] or repr(_text(bad)[:1])
            what = f"cannot read {excerpt!r}"
        raise ToolError(f"{path}:{line}:{col}: invalid HCL: {what}; fix the syntax there")
    body = next((c for c in root.named_children if c.type == "body"), None)
    return Body(body, data)

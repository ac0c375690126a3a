"""MCP client configurations: the servers an editor or an agent starts (`.mcp.json`,
`.vscode/mcp.json` and VS Code's `settings.json`, `.cursor/mcp.json`,
`claude_desktop_config.json`, `.gemini/settings.json`, `.grok/settings.json`, `opencode.json`,
`.crush.json`, Zed's `context_servers`, Continue's `.continue/` YAML, Codex's
`.codex/config.toml`). A server is a command (`command` plus `args`, one exec-form list, or
the same under `transport`): `drizzle-kit mcp` there serves push, generate and migrate to the
agent (drizzle-kit 1.0)."""

from __future__ import annotations

from hooks.commands.carriers import Snippet
from hooks.commands.carriers import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

# Where each client keeps its servers: a table (name -> server) or a list of servers.
SERVER_TABLES = (
    ("mcpServers",), ("servers",), ("mcp",), ("mcp", "servers"), ("context_servers",),
    ("mcp_servers",),
)  # fmt: skip


def _command(server: object) -> list[str] | str | None:
    """A server's command line: exec form where it can be, else shell text."""
    if not isinstance(server, dict):
        return None
    transport = server.get("transport")
    if "command" not in server and isinstance(transport, dict):  # Grok: {"transport": {...}}
        server = transport
    command = server.get("command")
    args = server.get("args")
    if isinstance(command, dict):  # Zed: "command": {"path": …, "args": […]}
        args, command = command.get("args"), command.get("path")
    if isinstance(command, list) and all(isinstance(c, str) for c in command):
        return command  # opencode: "command": ["npx", "drizzle-kit", "mcp"]
    if not isinstance(command, str):
        return None
    if isinstance(args, list) and all(isinstance(a, str) for a in args):
        return [command, *args]
    return command


def _servers(doc: object, keys: tuple[str, ...]) -> list[tuple[object, object]]:
    """(key, server) of the table or list at `keys`."""
    node = doc
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    if isinstance(node, dict):
        return list(node.items())
    if isinstance(node, list):
        return list(enumerate(node))
    return []


def snippets(text: str, path: str) -> Iterator[Snippet]:
    lower = path.lower()
    if lower.endswith(".toml"):
        yield from _toml_snippets(text, path)
        return
    if lower.endswith((".yaml", ".yml")):
        yield from _yaml_snippets(text, path)
        return
    from hooks.commands.carriers._json import Located

    doc = Located(text, path, jsonc=True)
    for keys in SERVER_TABLES:
        for name, server in _servers(doc.doc, keys):
            command = _command(server)
            if command is None:
                continue
            at = (*keys, name)
            line, col = (
                doc.at((*at, "command"))
                or doc.at((*at, "transport", "command"))
                or doc.at(at)
                or (1, 1)
            )
            yield from command_value(command, line, col)


def _toml_snippets(text: str, path: str) -> Iterator[Snippet]:
    from hooks.commands.carriers import _toml
    from hooks.repo.files import load_toml

    data = load_toml(text, path)
    where = _toml.Locator(text)
    for keys in SERVER_TABLES:
        for _name, server in _servers(data, keys):
            command = _command(server)
            if command is None:
                continue
            first = command if isinstance(command, str) else command[0]
            line, col = where.at("command", first)
            yield from command_value(command, line, col)


def _yaml_snippets(text: str, path: str) -> Iterator[Snippet]:
    """Continue's YAML: `mcpServers:` a list (or map) of servers, each `command` and `args`."""
    from hooks.commands.carriers import _yaml

    for root in _yaml.documents(text, path):
        servers = _yaml.get(root, "mcpServers")
        entries = (
            _yaml.sequence(servers)
            if _yaml.is_sequence(servers)
            else [node for _, node in _yaml.items(servers)]
        )
        for server in entries:
            command = _yaml.get(server, "command")
            word = _yaml.scalar(command)
            if word is None or command is None:
                continue
            args = _yaml.get(server, "args")
            words = [_yaml.scalar(a) for a in _yaml.sequence(args)] if args is not None else []
            if any(w is None for w in words):
                continue
            line, col = command.start_mark.line + 1, command.start_mark.column + 1
            yield from command_value([word, *(w for w in words if w is not None)], line, col)

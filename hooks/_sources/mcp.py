"""MCP client configurations: the servers an editor or an agent starts (`.mcp.json`,
`.vscode/mcp.json`, `.cursor/mcp.json`, `claude_desktop_config.json`, `.gemini/settings.json`,
`opencode.json`, Zed's `context_servers`, Codex's `.codex/config.toml`). A server is a command
(`command` plus `args`, or one exec-form list): `drizzle-kit mcp` there serves push, generate
and migrate to the agent (drizzle-kit 1.0)."""

from __future__ import annotations

from hooks._sources import Snippet
from hooks._sources import command_value

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

# The tables of servers, by the key each client uses.
SERVER_TABLES = ("mcpServers", "servers", "mcp", "context_servers", "mcp_servers")


def _command(server: object) -> list[str] | str | None:
    """A server's command line: exec form where it can be, else shell text."""
    if not isinstance(server, dict):
        return None
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


def snippets(text: str, path: str) -> Iterator[Snippet]:
    if path.lower().endswith(".toml"):
        yield from _toml_snippets(text, path)
        return
    from hooks._sources._json import Located

    doc = Located(text, path, jsonc=True)
    for table in SERVER_TABLES:
        servers = doc.get(table)
        if not isinstance(servers, dict):
            continue
        for name, server in servers.items():
            command = _command(server)
            if command is None:
                continue
            line, col = doc.at((table, name, "command")) or doc.at((table, name)) or (1, 1)
            yield from command_value(command, line, col)


def _toml_snippets(text: str, path: str) -> Iterator[Snippet]:
    from hooks._sources import _toml

    data = _toml.load(text, path)
    where = _toml.Locator(text)
    for table in SERVER_TABLES:
        for server in _toml.table(data, table).values():
            command = _command(server)
            if command is None:
                continue
            first = command if isinstance(command, str) else command[0]
            line, col = where.at("command", first)
            yield from command_value(command, line, col)

"""Programs that apply SQL to a database (psql, sqlite3, `wrangler d1 execute`, ...), and
`drizzle-kit export` output that reaches one in the same text: piped into it, written to a
`.sql` file a later command hands it, or substituted into its words. The TypeScript schema
applied so bypasses Atlas (issue 37)."""

from __future__ import annotations

import re

from hooks.commands._words import joined
from hooks.commands.drizzle_kit import is_drizzle_kit_program
from hooks.commands.drizzle_kit import program_name
from hooks.commands.runs import MAX_DEPTH
from hooks.commands.runs import Analysis
from hooks.commands.runs import Frame
from hooks.commands.runs import Run

TYPE_CHECKING = False
if TYPE_CHECKING:
    from hooks.commands.runs import Reader
    from hooks.commands.shell import Command
    from hooks.commands.shell import Word


# Programs that apply SQL to a database: where `drizzle-kit export`'s output must not go.
_DATABASE_CLIENTS = frozenset(
    {"psql", "pgcli", "mysql", "mariadb", "sqlite3", "sqlcmd", "duckdb", "clickhouse-client",
     "cockroach", "usql", "libsql"}
)  # fmt: skip
_CLIENT_COMMANDS = {"wrangler": ("d1", "execute"), "turso": ("db", "shell"), "supabase": ("db",)}
_REDIRECT = r"(?<![<>&0-9])>>?\s*(\S+\.sql)\b['\"]?"


def _clients_reading(text: str, commands: list[Command]) -> dict[str, list[tuple[int, str]]]:
    """The `.sql` files each database client of a text is handed, as a word or after `<`:
    file -> [(command index, client)], in order (one pass: many exports stay linear)."""
    found: dict[str, list[tuple[int, str]]] = {}
    for j, command in enumerate(commands):
        client = _database_client(command.words)
        if client is None:
            continue
        end = commands[j + 1].offset if j + 1 < len(commands) else len(text)
        files = {w.value.split("=", 1)[-1] for w in command.words[1:] if ".sql" in w.value}
        files.update(re.findall(r"<\s*['\"]?(\S+?\.sql)", text[command.offset : end]))
        for file in files:
            found.setdefault(file.strip("'\""), []).append((j, client))
    return found


_SUBSTITUTED_EXPORT = r"(<\(|\$\(|`)[^)`]{0,200}?drizzle-kit[^)`]{0,200}?\bexport\b"

# Programs that run a database client somewhere else: `| docker exec -i db psql`,
# `| kubectl exec -i pg -- psql`, `| ssh host psql` still apply the SQL.
_CLIENT_CARRIERS = frozenset(
    {"docker", "podman", "nerdctl", "kubectl", "oc", "ssh", "sudo", "env", "timeout", "time",
     "nice", "railway", "heroku", "fly", "flyctl", "doppler", "op", "infisical", "dotenv",
     "dotenvx", "docker-compose", "podman-compose", "npx", "bunx", "pnpm", "yarn"}
)  # fmt: skip


def _client_in(words: list[Word]) -> str | None:
    """The database client a command is or runs through a carrier program (`docker exec -i db
    psql`), or None."""
    client = _database_client(words)
    if client is not None or not words or program_name(words[0]) not in _CLIENT_CARRIERS:
        return client
    for j in range(1, min(len(words), 40)):
        client = _database_client(words[j:])
        if client is not None:
            return client
    return None


def _piped_into_client(text: str, commands: list[Command], i: int) -> str | None:
    """The database client a pipeline starting at command i reaches (`| tee x.sql | psql`,
    `| sed … | psql`, `| docker exec -i db psql`), or None."""
    k = i
    while k + 1 < len(commands):
        segment = text[commands[k].offset : commands[k + 1].offset].rstrip()
        if not segment.endswith("|") or segment.endswith("||"):
            return None
        k += 1
        client = _client_in(commands[k].words)
        if client is not None:
            return client
    return None


def _database_client(words: list[Word]) -> str | None:
    """The database client a command is (through `npx`/`pnpm exec` too): its name and the
    words that make it one (`wrangler d1 execute`); None: not a database client."""
    values = [w.value.lower() for w in words]
    while values and values[0] in ("npx", "bunx", "sudo", "pnpm", "yarn", "exec", "dlx", "-y"):
        values = values[1:]
    if not values:
        return None
    name = values[0].replace("\\", "/").rsplit("/", 1)[-1].removesuffix(".exe")
    if name in _DATABASE_CLIENTS:
        return name
    needed = _CLIENT_COMMANDS.get(name)
    if needed is not None and all(n in values[1:] for n in needed):
        return " ".join((name, *needed))
    return None


def exports_into_clients(
    exporting: Reader,
    text: str,
    commands: list[Command],
    result: Analysis,
    *,
    offset: int,
    at: int | None,
) -> None:
    """`drizzle-kit export` whose SQL reaches a database client in this text: piped into it
    (`| psql`), or written to a file (`> x.sql`) that a later command hands one (`psql -f
    x.sql`, `< x.sql`, `wrangler d1 execute --file x.sql`): the TypeScript schema applied
    without Atlas (issue 37)."""
    reading: dict[str, list[tuple[int, str]]] | None = None  # file -> (client index, name)
    for i, command in enumerate(commands):
        words = command.words
        kit = next((j for j, w in enumerate(words) if is_drizzle_kit_program(w)), None)
        if kit is None or not any(w.value == "export" for w in words[kit + 1 :]):
            continue
        ran = Analysis()  # drizzle-kit runs export here (not `echo drizzle-kit export`)
        exporting.command(Frame(ran, MAX_DEPTH - 1, 0, frozenset(), 0), words)
        if not ran.runs:
            continue
        end = commands[i + 1].offset if i + 1 < len(commands) else len(text)
        segment = text[command.offset : end]
        start = offset + command.offset if at is None else at
        shown = " ".join(("drizzle-kit " + joined(words[kit + 1 :])).split())[:100]
        client = _piped_into_client(text, commands, i)
        if client is not None:
            result.runs.append(Run(f"{shown} | {client}", "export", start))
            continue
        written = re.search(_REDIRECT, segment)
        if written is None:
            continue
        target = written.group(1).strip("'\"")
        if reading is None:
            reading = _clients_reading(text, commands)
        later = next((name for j, name in reading.get(target, ()) if j > i), None)
        if later is not None:
            flow = f"{shown} > {target}; {later} … {target}"
            result.runs.append(Run(flow, "export", start))


def substituted_exports(
    text: str, commands: list[Command], result: Analysis, *, offset: int, at: int | None
) -> None:
    """A database client handed `drizzle-kit export`'s output by substitution: `psql -f
    <(drizzle-kit export)`, `wrangler d1 execute db --command "$(drizzle-kit export)"`."""
    for i, command in enumerate(commands):
        end = commands[i + 1].offset if i + 1 < len(commands) else len(text)
        # (The substitution opens in this command; what it runs may be split off after.)
        reach = min(len(text), end + 420)
        found = re.compile(_SUBSTITUTED_EXPORT).search(text, command.offset, reach)
        if found is None or found.start() >= end:
            continue
        client = _client_in(command.words)
        if client is not None:
            start = offset + command.offset if at is None else at
            shown = f"{client} … {found.group(1)}drizzle-kit export)"
            result.runs.append(
                Run(
                    shown.replace("`drizzle-kit export)", "`drizzle-kit export`"),
                    "export",
                    start,
                )
            )

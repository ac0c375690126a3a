"""Reading a repository's files: bytes (never through a link that leaves the repository),
text (UTF-8, or UTF-16 with a BOM), and a parser's refusal said as one line (merge conflict
markers named as such)."""

from __future__ import annotations

import errno
import os
import re

from hooks.report.violation import ToolError

# (Compiled on first use, by `re`'s cache.)
_CONFLICT_START = r"(?m)^<{7}(?: |\r?$)"
_CONFLICT_END = r"(?m)^>{7}(?: |\r?$)"


def unreadable(where: str, path: str, problem: str, text: str) -> ToolError:
    """What a file that its format's parser refused is: one with unresolved merge conflict
    markers is said to be one (and how to go on), else the parser's own complaint."""
    if re.compile(_CONFLICT_START).search(text) and re.compile(_CONFLICT_END).search(text):
        return ToolError(
            f"{path}: holds unresolved merge conflict markers (<<<<<<< ... >>>>>>>);"
            " resolve the conflict, then run again"
        )
    return ToolError(f"{where}: {problem}")


_NO_FOLLOW = os.O_RDONLY | os.O_NOFOLLOW if hasattr(os, "O_NOFOLLOW") else 0


class OutsideLink(ToolError):
    """A symbolic link in the repository that points out of it (Nix's git-hooks commit
    `.pre-commit-config.yaml` as a link into /nix/store): what it points at is no content
    of the repository, so it is not read, and the run says so."""


def read_bytes(root: str, rel: str) -> bytes | None:
    """The bytes of a repository file; None when it is gone; ToolError when it cannot be read.

    A symbolic link is followed only while it stays inside the repository: a guard reads the
    repository, never what a link points at elsewhere on the machine.
    """
    # (A repository path is relative and has no `..`: joined by hand, as posixpath.join would.)
    path = f"{root}/{rel}" if os.sep == "/" else os.path.join(root, *rel.split("/"))
    if _NO_FOLLOW:  # POSIX: one system call fewer per file, and a link is refused at open
        try:
            fd = os.open(path, _NO_FOLLOW)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.EMLINK):  # (a link: read below)
                raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None
        else:
            try:
                chunks = []
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                return b"".join(chunks)
            except IsADirectoryError:
                raise ToolError(f"{rel}: is a directory, not a file") from None
            except OSError as exc:
                raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None
            finally:
                os.close(fd)
    outside = f"{rel}: is a symbolic link to outside the repository; not followed"
    try:
        if os.path.islink(path):
            target, top = os.path.realpath(path), os.path.realpath(root)
            if os.path.commonpath([top, target]) != top:
                raise OutsideLink(outside)
            if not os.path.exists(target):
                raise ToolError(f"{rel}: is a symbolic link to a missing file ({target})")
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ToolError(f"{rel}: is a directory, not a file") from None
    except ValueError:  # commonpath across Windows drives
        raise OutsideLink(outside) from None
    except OSError as exc:
        raise ToolError(f"{rel}: cannot read it ({exc.strerror})") from None


def read_text(root: str, rel: str) -> str | None:
    """A text file's content: UTF-8 (a BOM is fine) or UTF-16 with a BOM (Windows
    PowerShell's `Out-File`). None when the file is gone; ToolError when it cannot be read."""
    data = read_bytes(root, rel)
    return None if data is None else decode(data, rel)


def decode(data: bytes, shown: str) -> str:
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # as "utf-8-sig", without its codec
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data[bom:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + bom  # the byte's offset in the file (BOM counted)
        raise ToolError(
            f"{shown}: not UTF-8 text (undecodable byte at offset {at}); save it as UTF-8",
        ) from None


def load_toml(text: str, path: str) -> dict[str, object]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise unreadable(path, path, f"invalid TOML: {exc}", text) from None
    except RecursionError:
        raise ToolError(f"{path}: TOML nested too deeply to read") from None

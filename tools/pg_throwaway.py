"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temp folder, start it
on a unix socket (and a loopback port), hand out a SQLAlchemy URL, stop and delete it after.

    python tools/pg_throwaway.py            # start one, print its URL, stop on Enter

PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` user (runuser).
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server binaries, or the cluster would not start (the reason says which)."""


def server_bin() -> Path:
    """Folder holding initdb/pg_ctl (Debian keeps them out of PATH)."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if versions:
        return Path(versions[-1]).parent
    raise ClusterUnavailable(
        "PostgreSQL server binaries (initdb) not found; apt install postgresql"
    )


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name.split(".")[0])
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    folder: Path
    port: int
    user: str
    run_as: list[str]
    options: str = ""

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    def url(self, database: str = "postgres", tcp: bool = False) -> str:
        if tcp:
            return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{database}"
        return (
            f"postgresql+psycopg://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"
        )

    def create_database(self, name: str) -> str:
        bin_dir = server_bin()
        subprocess.run(
            [*self.run_as, str(bin_dir / "createdb"), "-h", str(self.socket_dir), "-p",
             str(self.port), "-U", self.user, name],
            check=True, capture_output=True,
        )  # fmt: skip
        return self.url(name)

    def pause(self) -> None:
        """Shut the server down but keep its data (to test what clients do without it)."""
        subprocess.run(
            [*self.run_as, str(server_bin() / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "-w", "stop"],
            capture_output=True, check=True,
        )  # fmt: skip

    def server_pids(self) -> list[int]:
        """The postmaster and every backend it started."""
        pid_file = self.folder / "data" / "postmaster.pid"
        postmaster = int(pid_file.read_text().split()[0])
        pids = [postmaster]
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                pids.append(int(stat.parent.name))
        return pids

    def freeze(self) -> None:
        """Stop the server's processes without closing anything: clients wait for an answer that
        does not come, as with a server behind a dead network link."""
        for pid in self.server_pids():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.server_pids():
            os.kill(pid, signal.SIGCONT)

    def resume(self) -> None:
        subprocess.run(
            [*self.run_as, str(server_bin() / "pg_ctl"), "-D", str(self.folder / "data"),
             "-o", self.options, "-l", str(self.folder / "log"), "-w", "start"],
            capture_output=True, check=True,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*self.run_as, str(server_bin() / "pg_ctl"), "-D", str(self.folder / "data"),
             "-m", "immediate", "stop"],
            capture_output=True,
        )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(timeout: float = 30.0) -> Cluster:
    bin_dir = server_bin()
    folder = Path(tempfile.mkdtemp(prefix="wortlaut-pg-"))
    run_as: list[str] = []
    user = os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:
        run_as, user = ["runuser", "-u", "postgres", "--"], "postgres"
        shutil.chown(folder, "postgres")
    os.chmod(folder, 0o755)
    data, run = folder / "data", folder / "run"

    def run_cmd(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*run_as, *args], capture_output=True, text=True)

    made = run_cmd("mkdir", "-p", str(run))
    init = run_cmd(str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust",
                   "-E", "UTF8", "--no-sync")  # fmt: skip
    if made.returncode or init.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterUnavailable(f"initdb failed: {(init.stderr or made.stderr).strip()[:300]}")
    port = _free_port()
    options = (
        f"-k {run} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    started = run_cmd(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                      str(folder / "log"), "-w", "-t", str(int(timeout)), "start")  # fmt: skip
    if started.returncode:
        log = (
            (folder / "log").read_text(errors="replace")[-500:] if (folder / "log").exists() else ""
        )
        shutil.rmtree(folder, ignore_errors=True)
        raise ClusterUnavailable(f"pg_ctl start failed: {started.stderr.strip()} {log}")
    cluster = Cluster(folder, port, user, run_as, options)
    deadline = time.monotonic() + timeout
    while not (run / f".s.PGSQL.{port}").exists():
        if time.monotonic() > deadline:
            cluster.stop()
            raise ClusterUnavailable("the server did not open its socket")
        time.sleep(0.1)
    return cluster


if __name__ == "__main__":
    cluster = start_cluster()
    print(cluster.url())
    print(cluster.url(tcp=True))
    try:
        input("press Enter to stop ")
    finally:
        cluster.stop()

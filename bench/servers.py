"""Start the servers the load benchmark drives, and watch their memory.

- the real app: `streamlit run trainer/ui/app.py` from the project folder (so the project's
  `.streamlit/config.toml` applies), agent API on, on a free port, with its own TRAINER_DATA_DIR (a copy of a
  database migrated and seeded once) or its own PostgreSQL database;
- the bare app (`bench/bare_app.py`) under the same config.toml and the same Streamlit;
- the bare app at Streamlit's defaults: started from an empty folder, so no config.toml applies.

Every server gets only what the harness needs on top: `server.enableAgentApi`, a raised
`server.agentMaxSessions`, headless, 127.0.0.1 and the port.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from bench.agent import OPENAPI, get_json

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "trainer" / "ui" / "app.py"
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"
MAX_SESSIONS = 2000  # server.agentMaxSessions for a load run (default 100)
START_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Resident set size of a process, in MB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


class RssSampler:
    """Samples the summed RSS of some processes in a thread; `peak` is the largest sum seen."""

    def __init__(self, pids: Sequence[int], every: float = 0.25) -> None:
        self.pids, self.every = list(pids), every
        self.peak = 0.0
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            value = sum(rss_mb(p) for p in self.pids)
            self.samples.append((time.monotonic(), value))
            self.peak = max(self.peak, value)
            self._stop.wait(self.every)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def trainer_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRAINER_", "STREAMLIT_"))}
    env.update(TRAINER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    if database_url:
        env["TRAINER_DATABASE_URL"] = database_url
    return env


def prepare_database(data_dir: Path, database_url: str | None = None) -> None:
    """Migrate and seed (what `trainer run` does before serving)."""
    env = trainer_env(data_dir, database_url)
    for command in (["db", "upgrade"], ["seed"]):
        done = subprocess.run([sys.executable, "-m", "trainer.cli", *command], check=False, cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"trainer {' '.join(command)} failed: {done.stderr[-2000:]}")


def start(name: str, script: Path, *, cwd: Path, env: dict[str, str], log_dir: Path,
          flags: dict[str, str] | None = None) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script),
               "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--server.enableAgentApi", "true", "--server.agentMaxSessions", str(MAX_SESSIONS)]
    for option, value in (flags or {}).items():
        command += [f"--{option}", value]
    log = log_dir / f"{name}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, proc, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited at start; log:\n{server.tail()}")
        try:
            status, doc = get_json("127.0.0.1", port, OPENAPI)
            if status == 200 and isinstance(doc, dict):
                if "/_stcore/agent/interact" not in doc.get("paths", {}) or "switched off" in str(doc):
                    raise RuntimeError(f"{name}: the agent API is off")
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"{name} did not start in {START_TIMEOUT:.0f} s; log:\n{server.tail()}")


def stop(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()


@contextmanager
def running(servers: Sequence[Server]) -> Iterator[Sequence[Server]]:
    try:
        yield servers
    finally:
        for server in servers:
            stop(server)


class Workspace:
    """Temporary folders of one benchmark run: the seeded template database, per-run data dirs, logs."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="trainer-bench-load-"))
        self.logs = self.root / "logs"
        self.logs.mkdir()
        self.empty = self.root / "defaults"  # the bare app at Streamlit's defaults runs here: no config.toml
        self.empty.mkdir()
        self.template = self.root / "template"
        self.template.mkdir()
        self._prepared = False
        self._runs = 0

    def data_dir(self) -> Path:
        """A fresh data dir holding a copy of the migrated, seeded database."""
        if not self._prepared:
            prepare_database(self.template)
            self._prepared = True
        self._runs += 1
        target = self.root / f"data-{self._runs}"
        shutil.copytree(self.template, target)
        return target

    def cleanup(self, keep_logs: bool = False) -> None:
        if keep_logs:
            for path in self.root.iterdir():
                if path != self.logs:
                    shutil.rmtree(path, ignore_errors=True)
        else:
            shutil.rmtree(self.root, ignore_errors=True)


def app_server(ws: Workspace, *, name: str = "app", database_url: str | None = None,
               data_dir: Path | None = None, flags: dict[str, str] | None = None,
               env_extra: dict[str, str] | None = None) -> Server:
    folder = data_dir or (ws.data_dir() if database_url is None else ws.root)
    env = trainer_env(folder, database_url)
    env.update(env_extra or {})
    return start(name, APP, cwd=ROOT, env=env, log_dir=ws.logs, flags=flags)


def bare_server(ws: Workspace, *, defaults: bool, flags: dict[str, str] | None = None,
                env_extra: dict[str, str] | None = None) -> Server:
    env = trainer_env(ws.root)
    env.update(env_extra or {})
    return start("bare-defaults" if defaults else "bare", BARE_APP, cwd=ws.empty if defaults else ROOT, env=env,
                 log_dir=ws.logs, flags=flags)

"""Benchmark: N simulated workshop participants over Streamlit's agent API, next to a one-widget app in the same run.

For every N and path a fresh server is started (a copy of the migrated, seeded database), one participant plays the
path unmeasured (warm-up; a step that does not fit the page stops the benchmark here, loudly), then N participants,
each with its own trainee and sandbox, play the path at once, each in its own thread over its own HTTP connection,
with no pause between interactions. An interaction is one request, from sending it to the settled snapshot.
Errors: `wait_timed_out` answers, refused sessions (`too_many_sessions`) and participants who could not finish
(the app raised, a connection failed, the page did not show what the step expects).
"""

from __future__ import annotations

import signal
import statistics
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench import paths, pg
from bench.agent import AgentError, Client
from bench.paths import PathBroken
from bench.servers import RssSampler, Server, Workspace, app_server, bare_server, cpu_seconds, running

NS = (1, 10, 30, 60)
PATH_NAMES = ("citizen", "desk", "quiz")
TODAY_CITIZEN_60 = 3.9  # interactions/s at 60 participants on the citizen path when issue 11 was filed (3.5–3.9)

# Targets of issue 11 (one run of make bench, this 2-core machine)
TARGET_N = 60
TARGET_THROUGHPUT_RATIO = 0.60
TARGET_P95_RATIO = 3.0
TARGET_SOLO_MEDIAN_RATIO = 3.0
TARGET_RSS_MB = 600.0
TARGET_SHIPPED_FACTOR = 4.0


@dataclass
class Result:
    path: str
    where: str  # "SQLite", "PostgreSQL ×2", "same settings", "Streamlit defaults"
    n: int
    seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    peak_rss_mb: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server processes used during the run
    client_cpu: float = 0.0  # CPU seconds this process (the participants' threads) used during the run

    @property
    def cpu_ms(self) -> float:
        """Server CPU per interaction, in ms: the cost of one rerun, less sensitive to a busy machine than latency."""
        return 1000 * self.server_cpu / self.interactions if self.interactions else float("nan")

    @property
    def interactions(self) -> int:
        return len(self.seconds)

    @property
    def throughput(self) -> float:
        return self.interactions / self.wall if self.wall else 0.0

    def quantile(self, q: float) -> float:
        if not self.seconds:
            return float("nan")
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def p95(self) -> float:
        return self.quantile(0.95)


def _participant(server: Server, steps: tuple[paths.Step, ...], name: str, done: str | None,
                 start: threading.Barrier, out: list[Client], reasons: Counter[str], lock: threading.Lock) -> None:
    client = Client("127.0.0.1", server.port)
    start.wait()
    try:
        paths.play(client, steps, name, done=done)
    except (PathBroken, AgentError) as error:
        reason = error.code if isinstance(error, AgentError) else str(error)[:160]
        with lock:
            reasons[reason] += 1
    finally:
        client.close()
        with lock:
            out.append(client)


def warm_up(servers: Sequence[Server], steps: tuple[paths.Step, ...], done: str | None, label: str) -> None:
    """One participant per server plays the path: imports, caches, and a check that every step fits the page."""
    for number, server in enumerate(servers):
        client = Client("127.0.0.1", server.port)
        try:
            paths.play(client, steps, f"Khởi động {label} {number}", done=done)
        except (PathBroken, AgentError) as error:
            raise SystemExit(f"load benchmark: the {label} path does not fit the app ({server.name}): {error}\n"
                             f"server log (tail):\n{server.tail(1500)}") from None
        finally:
            client.close()


def drive(servers: Sequence[Server], steps: tuple[paths.Step, ...], n: int, *, path: str, where: str,
          done: str | None = None, profile: Callable[[Sequence[Server]], subprocess.Popen[bytes] | None] | None = None,
          ) -> Result:
    """Warm up, then N participants at once (spread over the servers); their timings, errors and the peak RSS."""
    warm_up(servers, steps, done, path)
    result = Result(path, where, n)
    clients: list[Client] = []
    lock = threading.Lock()
    start = threading.Barrier(n + 1)
    threads = [threading.Thread(target=_participant, daemon=True,
                                args=(servers[i % len(servers)], steps, f"Học viên {path} {n}-{i + 1}", done, start,
                                      clients, result.reasons, lock))
               for i in range(n)]
    for thread in threads:
        thread.start()
    spy = profile(servers) if profile else None
    cpu_before = sum(cpu_seconds(s.pid) for s in servers)
    client_before = time.process_time()
    with RssSampler([s.pid for s in servers]) as rss:
        start.wait()
        for thread in threads:
            thread.join()
    result.server_cpu = sum(cpu_seconds(s.pid) for s in servers) - cpu_before
    result.client_cpu = time.process_time() - client_before
    if spy is not None:
        spy.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl-C, not on SIGTERM
        spy.wait(timeout=120)
    result.peak_rss_mb = rss.peak
    timings = [t for c in clients for t in c.timings]
    result.seconds = [t.seconds for t in timings]
    if timings:
        result.wall = max(t.started + t.seconds for t in timings) - min(t.started for t in timings)
    timed_out = sum(t.timed_out for t in timings)
    if timed_out:
        result.reasons["wait_timed_out"] += timed_out
    result.errors = sum(result.reasons.values())
    return result


@dataclass
class Plan:
    ns: tuple[int, ...] = NS
    paths: tuple[str, ...] = PATH_NAMES
    bare_defaults: bool = True
    postgres: bool = True
    app_flags: dict[str, str] = field(default_factory=dict)  # extra server flags for the app (trials)
    bare_flags: dict[str, str] = field(default_factory=dict)
    py_spy: Path | None = None  # record a py-spy profile of the app server during every measured run here
    py_spy_ns: tuple[int, ...] = (60,)


def _py_spy(plan: Plan, label: str) -> Callable[[Sequence[Server]], subprocess.Popen[bytes] | None] | None:
    if plan.py_spy is None:
        return None
    import shutil
    import sys

    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))

    def record(servers: Sequence[Server]) -> subprocess.Popen[bytes]:
        assert plan.py_spy is not None
        plan.py_spy.mkdir(parents=True, exist_ok=True)
        out = plan.py_spy / f"{label}.txt"
        return subprocess.Popen([spy, "record", "--pid", str(servers[0].pid), "--format", "raw", "--gil",
                                 "--rate", "100", "--nonblocking", "--output", str(out)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    return record


def run(plan: Plan, report: Callable[[str], None] = print) -> list[Result]:
    """Every (N, path) of the plan, each on fresh servers; bare app runs interleaved at each N."""
    results: list[Result] = []
    ws = Workspace()
    database = pg.Databases() if plan.postgres and "citizen" in plan.paths else None
    try:
        for n in plan.ns:
            with running([bare_server(ws, defaults=False, flags=plan.bare_flags)]) as servers:
                results.append(drive(servers, paths.BARE, n, path="bare", where="same settings"))
                report(line(results[-1]))
            if plan.bare_defaults:
                with running([bare_server(ws, defaults=True)]) as servers:
                    results.append(drive(servers, paths.BARE, n, path="bare", where="Streamlit defaults"))
                    report(line(results[-1]))
            for name in plan.paths:
                spy = _py_spy(plan, f"{name}-sqlite-{n}") if n in plan.py_spy_ns else None
                with running([app_server(ws, flags=plan.app_flags)]) as servers:
                    results.append(drive(servers, paths.PATHS[name], n, path=name, where="SQLite",
                                         done=paths.PATH_DONE.get(name), profile=spy))
                    report(line(results[-1]))
            if database is not None:
                if database.problem:
                    report(f"  citizen on PostgreSQL: not run: {database.problem}")
                    database = None
                    continue
                url = database.fresh(ws.root)
                servers = [app_server(ws, name=f"app-pg{i}", database_url=url, flags=plan.app_flags)
                           for i in range(2)]
                with running(servers):
                    results.append(drive(servers, paths.CITIZEN, n, path="citizen", where="PostgreSQL ×2"))
                    report(line(results[-1]))
    finally:
        if database is not None:
            database.drop_all()
        ws.cleanup()
    return results


# --- the table ------------------------------------------------------------------------------------------------------

HEADER = (f"{'path':<8} {'server':<19} {'N':>3} {'inter.':>6} {'inter/s':>8} {'p50 s':>7} {'p95 s':>7} "
          f"{'errors':>6} {'peak RSS':>9} {'CPU ms':>7} {'×bare/s':>8} {'×bare p50':>9} {'×bare p95':>9}")


def line(r: Result, bare: Result | None = None) -> str:
    ratios = ""
    if bare is not None and bare is not r:
        ratios = (f" {r.throughput / bare.throughput:>8.2f} {r.p50 / bare.p50:>9.1f} {r.p95 / bare.p95:>9.1f}"
                  if bare.throughput and bare.p95 else "")
    return (f"{r.path:<8} {r.where:<19} {r.n:>3} {r.interactions:>6} {r.throughput:>8.1f} {r.p50:>7.3f} "
            f"{r.p95:>7.3f} {r.errors:>6} {r.peak_rss_mb:>6.0f} MB {r.cpu_ms:>7.1f}{ratios}")


def _bare(results: list[Result], n: int) -> Result | None:
    return next((r for r in results if r.path == "bare" and r.where == "same settings" and r.n == n), None)


def table(results: list[Result]) -> str:
    """One table: every run with its ratios to the bare app under the same settings at the same N."""
    rows = [HEADER]
    for n in sorted({r.n for r in results}):
        for r in (r for r in results if r.n == n):
            rows.append(line(r, _bare(results, n)))
        rows.append("")
    per = [1000 * r.client_cpu / r.interactions for r in results if r.interactions]
    if per:
        rows.append(f"CPU ms: the server's CPU time per interaction. The participants' threads (this process) used "
                    f"{min(per):.1f}–{max(per):.1f} ms of CPU per interaction on the same 2 cores.")
    reasons = Counter[str]()
    for r in results:
        reasons.update({f"{r.path}/{r.where}/N={r.n}: {k}": v for k, v in r.reasons.items()})
    if reasons:
        rows.append("errors by reason:")
        rows += [f"  {count:>4} × {reason}" for reason, count in reasons.most_common(20)]
    return "\n".join(rows).rstrip()


def targets(results: list[Result]) -> list[tuple[bool, str]]:
    """The issue's targets that this run measured: (met, sentence)."""
    checks: list[tuple[bool, str]] = []
    for r in results:
        if r.path == "bare" or r.where != "SQLite":
            continue
        bare = _bare(results, r.n)
        if r.n == TARGET_N and bare is not None:
            checks.append((r.errors == 0, f"{r.path} N={r.n}: {r.errors} errors (target 0)"))
            ratio = r.throughput / bare.throughput
            checks.append((ratio >= TARGET_THROUGHPUT_RATIO,
                           f"{r.path} N={r.n}: throughput {ratio:.2f}× the bare app's (target ≥ {TARGET_THROUGHPUT_RATIO})"))
            ratio = r.p95 / bare.p95
            checks.append((ratio <= TARGET_P95_RATIO,
                           f"{r.path} N={r.n}: p95 {ratio:.1f}× the bare app's (target ≤ {TARGET_P95_RATIO:.0f}×)"))
            checks.append((r.peak_rss_mb <= TARGET_RSS_MB,
                           f"{r.path} N={r.n}: peak RSS {r.peak_rss_mb:.0f} MB (target ≤ {TARGET_RSS_MB:.0f} MB)"))
            if r.path == "citizen":
                factor = r.throughput / TODAY_CITIZEN_60
                checks.append((factor >= TARGET_SHIPPED_FACTOR,
                               (f"citizen N=60: {r.throughput:.1f}/s = {factor:.1f}× the {TODAY_CITIZEN_60}/s of the "
                               f"issue (target ≥ {TARGET_SHIPPED_FACTOR:.0f}×)")))
        if r.n == 1 and bare is not None:
            ratio = r.p50 / bare.p50
            checks.append((ratio <= TARGET_SOLO_MEDIAN_RATIO,
                           (f"{r.path} alone: median {r.p50 * 1000:.0f} ms = {ratio:.1f}× the bare app's "
                           f"{bare.p50 * 1000:.0f} ms (target ≤ {TARGET_SOLO_MEDIAN_RATIO:.0f}×)")))
    return checks

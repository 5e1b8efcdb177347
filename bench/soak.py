"""Soak: continuous load on one app server for some minutes, with sessions coming and going; RSS over time.

`participants` threads each play the paths in turn (citizen, desk, quiz, ...), every round as a new participant:
a new agent session, a new trainee, a new sandbox. A finished session is left idle, as a closed browser tab is;
the server closes it after `server.agentSessionTTL` (set to SOAK_TTL here, checked every SOAK_TTL seconds), which
frees its session state. RSS is sampled every second. After the load stops the server is left idle until every
session has expired, and RSS is read once more.

Flat means: from minute REFERENCE_MINUTE on (by then sessions expire as fast as new ones come), every minute's
median RSS stays within ±10% of that minute's.
"""

from __future__ import annotations

import math
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bench.agent import AgentError, Client, Timing
from bench.paths import PathBroken
from bench.servers import RssSampler, Workspace, app_server, cpu_seconds, rss_mb, running

SOAK_MINUTES = 10.0
SOAK_PARTICIPANTS = 30
SOAK_TTL = 30  # seconds: server.agentSessionTTL during the soak (default 900)
FLAT_TOLERANCE = 0.10
REFERENCE_MINUTE = 3  # sessions live up to 2 × SOAK_TTL after their last request: steady state from minute 2


@dataclass
class Minute:
    index: int
    interactions: int
    p95: float
    errors: int
    rss_median: float
    rss_max: float
    sessions_started: int
    cpu_ms: float  # server CPU per interaction finished in this minute


@dataclass
class SoakResult:
    minutes: list[Minute] = field(default_factory=list)
    participants: int = 0
    paths_played: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    rss_after_warm_up: float = 0.0
    rss_after_drain: float = 0.0
    drain_seconds: float = 0.0
    load_seconds: float = 0.0

    @property
    def reference(self) -> Minute | None:
        later = [m for m in self.minutes if m.index >= REFERENCE_MINUTE]
        return later[0] if later else None

    @property
    def spread(self) -> tuple[float, float]:
        """Lowest and highest minute median RSS from the reference minute on, relative to the reference."""
        ref = self.reference
        if ref is None or not ref.rss_median:
            return (float("nan"), float("nan"))
        values = [m.rss_median / ref.rss_median for m in self.minutes if m.index >= ref.index]
        return min(values), max(values)

    @property
    def flat(self) -> bool:
        low, high = self.spread
        return not math.isnan(low) and low >= 1 - FLAT_TOLERANCE and high <= 1 + FLAT_TOLERANCE


def run(*, minutes: float, participants: int, paths: Sequence[str], flags: dict[str, str] | None = None,
        report: Callable[[str], None] = print) -> SoakResult:
    from bench import paths as path_table

    result = SoakResult(participants=participants)
    ws = Workspace()
    lock = threading.Lock()
    timings: list[tuple[Timing, int]] = []  # (timing, errors it carried)
    starts: list[float] = []
    server_flags = {"server.agentSessionTTL": str(SOAK_TTL), **(flags or {})}
    try:
        with running([app_server(ws, name="soak", flags=server_flags)]) as servers:
            server = servers[0]
            for name in paths:  # warm-up and a check that every path fits the page
                client = Client("127.0.0.1", server.port)
                try:
                    path_table.play(client, path_table.PATHS[name], f"Khởi động soak {name}",
                                    done=path_table.PATH_DONE.get(name))
                except (PathBroken, AgentError) as error:
                    raise SystemExit(f"soak: the {name} path does not fit the app: {error}") from None
            deadline = time.monotonic() + minutes * 60

            def participant(number: int) -> None:
                round_ = 0
                while time.monotonic() < deadline:
                    name = paths[(number + round_) % len(paths)]
                    round_ += 1
                    client = Client("127.0.0.1", server.port)
                    with lock:
                        starts.append(time.monotonic())
                    try:
                        path_table.play(client, path_table.PATHS[name], f"Soak {number}-{round_}",
                                        done=path_table.PATH_DONE.get(name))
                        with lock:
                            result.paths_played += 1
                    except (PathBroken, AgentError) as error:
                        with lock:
                            result.reasons[error.code if isinstance(error, AgentError) else str(error)[:160]] += 1
                    with lock:
                        timings.extend((t, t.timed_out) for t in client.timings)

            result.rss_after_warm_up = rss_mb(server.pid)
            cpu: list[tuple[float, float]] = []
            with RssSampler([server.pid], every=1.0) as rss:
                began = time.monotonic()
                cpu.append((began, cpu_seconds(server.pid)))
                threads = [threading.Thread(target=participant, args=(i,), daemon=True) for i in range(participants)]
                for thread in threads:
                    thread.start()
                shown = 0
                while any(t.is_alive() for t in threads):
                    time.sleep(1.0)
                    cpu.append((time.monotonic(), cpu_seconds(server.pid)))
                    done_minutes = int((time.monotonic() - began) // 60)
                    while shown < done_minutes:
                        shown += 1
                        with lock:
                            played, failed = result.paths_played, sum(result.reasons.values())
                        rss_now = rss.samples[-1][1] if rss.samples else 0.0
                        report(f"  soak: {shown} min, {played} paths played, {failed} not finished, RSS {rss_now:.0f} MB")
                for thread in threads:
                    thread.join()
                ended = time.monotonic()
                idle = 2 * SOAK_TTL + 10
                time.sleep(idle)  # every session idle longer than the TTL, and the sweep has run since
                result.drain_seconds = idle
                result.rss_after_drain = rss.samples[-1][1] if rss.samples else 0.0
            total = math.ceil((ended - began) / 60)
            result.minutes = [_minute(i, began, timings, starts, rss.samples, cpu) for i in range(1, total + 1)]
            result.load_seconds = ended - began
    finally:
        ws.cleanup()
    return result


def _minute(index: int, began: float, timings: list[tuple[Timing, int]], starts: list[float],
            samples: list[tuple[float, float]], cpu: list[tuple[float, float]]) -> Minute:
    low, high = began + (index - 1) * 60, began + index * 60
    inside = [t for t, _ in timings if low <= t.started + t.seconds < high]
    errors = sum(e for t, e in timings if low <= t.started + t.seconds < high)
    rss = [v for at, v in samples if low <= at < high] or [0.0]
    ordered = sorted(t.seconds for t in inside)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")
    used = [c for at, c in cpu if low <= at < high]
    cpu_ms = 1000 * (used[-1] - used[0]) / len(inside) if len(used) > 1 and inside else float("nan")
    return Minute(index, len(inside), p95, errors, statistics.median(rss), max(rss),
                  sum(1 for s in starts if low <= s < high), cpu_ms)


def _minute_line(m: Minute) -> str:
    return (f"  soak minute {m.index:>2}: {m.interactions:>5} interactions ({m.interactions / 60:.1f}/s), "
            f"p95 {m.p95:.2f} s, CPU {m.cpu_ms:.0f} ms each, {m.sessions_started:>4} new sessions, timed out {m.errors}, "
            f"RSS median {m.rss_median:.0f} MB (max {m.rss_max:.0f})")


def report(r: SoakResult) -> str:
    low, high = r.spread
    ref = r.reference
    lines = [(f"\nsoak: {r.load_seconds / 60:.1f} minutes of load (the last minute: participants finishing their path), "
             f"{r.participants} participants at a time, {r.paths_played} paths played (each a new session, trainee "
             f"and sandbox), server.agentSessionTTL = {SOAK_TTL} s")]
    lines += [_minute_line(m) for m in r.minutes]
    lines.append(f"  RSS after warm-up {r.rss_after_warm_up:.0f} MB; after the load stopped and every session "
                 f"expired ({r.drain_seconds:.0f} s idle) {r.rss_after_drain:.0f} MB")
    if r.reasons:
        lines.append("  participants who could not finish: "
                     + "; ".join(f"{n} × {reason}" for reason, n in r.reasons.most_common(5)))
    if ref is not None:
        lines.append(f"  {'OK    ' if r.flat else 'MISSED'} RSS from minute {ref.index} on: {low:.2f}–{high:.2f} × "
                     f"minute {ref.index}'s {ref.rss_median:.0f} MB (target within ±{FLAT_TOLERANCE:.0%})")
    else:
        lines.append(f"  MISSED the soak was shorter than {REFERENCE_MINUTE} minutes: flatness not measured")
    return "\n".join(lines)

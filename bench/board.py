"""Board cost: the citizen path played by N participants of one workshop, once with nobody watching and once with
the trainer's live board open on a projector, on fresh servers each time (SQLite; the same seeded database).

The participants are enrolled in one workshop beforehand (a trainer account, the workshop, N joined participants,
made with the services in the run's own data dir), and each resumes by their code instead of creating a profile;
then they play the citizen path. Every action of theirs moves the workshop's version number, so the board redraws
at nearly every tick: the expensive case. The projector is one more agent session: it signs in as the trainer,
opens "Bảng theo dõi lớp", and then asks for a rerun every `TICK_SECONDS` (a call with only its session id reruns
the whole page: more than a browser's tick, which reruns only the board's fragment, so this is an upper bound).

Target (issue 14): with the projector open, the participants' throughput stays ≥ 90% and the server's CPU time per
participant interaction ≤ 110% of the run without it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from bench import paths
from bench.agent import AgentError, Client
from bench.load import Result, line
from bench.paths import PathBroken, Step
from bench.servers import ROOT, RssSampler, Server, Workspace, app_server, cpu_seconds, running, trainer_env

TICK_SECONDS = 3.0  # trainer/ui/live_view.BOARD_TICK_SECONDS
TARGET_THROUGHPUT = 0.90
TARGET_CPU = 1.10
BOARD_PAGE = "bang-theo-doi-lop"
USERNAME, PASSWORD = "bench.giangvien", "mat-khau-bench-dai"

SETUP = """
import json, sys
from datetime import date, datetime
from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.settings import get_settings
from trainer.training import workshops as ws
n, now = int(sys.argv[1]), datetime.now().replace(microsecond=0)
factory = get_session_factory(get_settings().url)
with factory.begin() as s:
    row = create_account(s, actor=Actor.operator_shell(), username=sys.argv[2], password=sys.argv[3],
                         role="trainer", display_name="Giảng viên bench", unit_codes=(), now=now)
    trainer = account_actor(row, "desk_officer")
with factory.begin() as s:
    w = ws.create_workshop(s, actor=trainer, unit_code="01849", held_on=date.today(), path_ids=("nguoi-dan-truc-tuyen",),
                           now=now)
codes = []
for i in range(n + 2):
    with factory.begin() as s:
        j = ws.join_workshop(s, actor=Actor.playing("citizen"), code=w.join_code, name=f"Học viên lớp {i + 1}",
                             audience="citizen", now=now)
        codes.append(j.trainee.resume_code)
print(json.dumps({"workshop_id": w.id, "codes": codes}))
"""

RESUME = Step("resume by the participant's code on Lớp học trực tiếp", page="lop-hoc-truc-tiep", query={"code": "{code}"},
              expect=("live_help_raise",))
STEPS = (RESUME, *paths.CITIZEN[1:])


@dataclass
class Projector:
    ticks: list[float] = field(default_factory=list)
    problem: str | None = None


def _enrol(folder, n: int) -> dict:
    done = subprocess.run([sys.executable, "-c", SETUP, str(n), USERNAME, PASSWORD], cwd=ROOT,
                          env=trainer_env(folder), capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise SystemExit(f"board benchmark: setting up the workshop failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _projector(server: Server, workshop_id: int, stop: threading.Event, out: Projector) -> None:
    client = Client("127.0.0.1", server.port)
    try:
        client.interact()
        client.interact(page="dang-nhap")
        signed = client.interact(widget_state={"sign_in_username": USERNAME, "sign_in_password": PASSWORD},
                                 trigger={"key": "sign_in_submit"})
        if signed.errors():
            raise PathBroken(f"sign-in refused: {signed.errors()[0][:200]}")
        board = client.interact(page=BOARD_PAGE, query_params={"lop_so": [str(workshop_id)]})
        if board.errors() or "live_help_list" not in board.keys():  # noqa: SIM118 (a snapshot, not a dict)
            raise PathBroken(f"the board did not open: {board.errors()[:1]} keys {sorted(board.keys())[:20]}")
        client.timings.clear()
        while not stop.wait(TICK_SECONDS):
            client.interact()
        out.ticks = [t.seconds for t in client.timings]
    except (PathBroken, AgentError) as error:
        out.problem = str(error)[:300]
    finally:
        client.close()


def _drive(ws: Workspace, n: int, *, board: bool) -> tuple[Result, Projector]:
    folder = ws.data_dir()
    enrolled = _enrol(folder, n)
    codes = enrolled["codes"]
    result = Result("citizen", "workshop + board" if board else "workshop", n)
    projector = Projector()
    with running([app_server(ws, data_dir=folder)]) as servers:
        server = servers[0]
        warm = Client("127.0.0.1", server.port)
        try:
            paths.play(warm, STEPS, "Khởi động", names={"code": codes[-1]})
        except (PathBroken, AgentError) as error:
            raise SystemExit(f"board benchmark: the path does not fit the app: {error}\n{server.tail(1500)}") from None
        finally:
            warm.close()
        clients: list[Client] = []
        lock = threading.Lock()
        start = threading.Barrier(n + 1)
        reasons: Counter[str] = Counter()

        def participant(i: int) -> None:
            client = Client("127.0.0.1", server.port)
            start.wait()
            try:
                paths.play(client, STEPS, f"Học viên lớp {i + 1}", names={"code": codes[i]})
            except (PathBroken, AgentError) as error:
                with lock:
                    reasons[error.code if isinstance(error, AgentError) else str(error)[:160]] += 1
            finally:
                client.close()
                with lock:
                    clients.append(client)

        stop = threading.Event()
        watcher = threading.Thread(target=_projector, args=(server, enrolled["workshop_id"], stop, projector),
                                   daemon=True) if board else None
        if watcher is not None:
            watcher.start()
            time.sleep(TICK_SECONDS * 2)  # signed in and ticking before the room starts
        threads = [threading.Thread(target=participant, args=(i,), daemon=True) for i in range(n)]
        for thread in threads:
            thread.start()
        cpu_before = cpu_seconds(server.pid)
        client_before = time.process_time()
        with RssSampler([server.pid]) as rss:
            start.wait()
            for thread in threads:
                thread.join()
        result.server_cpu = cpu_seconds(server.pid) - cpu_before
        result.client_cpu = time.process_time() - client_before
        stop.set()
        if watcher is not None:
            watcher.join(timeout=120)
        result.peak_rss_mb = rss.peak
        timings = [t for c in clients for t in c.timings]
        result.seconds = [t.seconds for t in timings]
        if timings:
            result.wall = max(t.started + t.seconds for t in timings) - min(t.started for t in timings)
        result.reasons = reasons
        result.errors = sum(reasons.values()) + sum(t.timed_out for t in timings)
    return result, projector


def run(n: int = 60, report: Callable[[str], None] = print) -> tuple[list[tuple[bool, str]], list[Result]]:
    """Both runs at N; returns the targets (met, sentence) and the two results."""
    ws = Workspace()
    try:
        without, _ = _drive(ws, n, board=False)
        report(line(without))
        with_board, projector = _drive(ws, n, board=True)
        report(line(with_board, without))
    finally:
        ws.cleanup()
    checks: list[tuple[bool, str]] = []
    if projector.problem:
        checks.append((False, f"board: the projector could not watch: {projector.problem}"))
    else:
        ticks = sorted(projector.ticks)
        median = ticks[len(ticks) // 2] * 1000 if ticks else float("nan")
        report(f"  projector: {len(ticks)} ticks every {TICK_SECONDS:.0f} s, median {median:.0f} ms each")
        checks.append((bool(ticks), f"board N={n}: the projector ticked {len(ticks)} times during the run"))
    ratio = with_board.throughput / without.throughput if without.throughput else 0.0
    checks.append((ratio >= TARGET_THROUGHPUT,
                   f"board N={n}: throughput with the board open {ratio:.2f}× without (target ≥ {TARGET_THROUGHPUT})"))
    cpu = with_board.cpu_ms / without.cpu_ms if without.cpu_ms else float("inf")
    checks.append((cpu <= TARGET_CPU, (f"board N={n}: server CPU per participant interaction {with_board.cpu_ms:.1f} ms "
                                       f"= {cpu:.2f}× without ({without.cpu_ms:.1f} ms; target ≤ {TARGET_CPU})")))
    checks.append((with_board.errors == 0 and without.errors == 0,
                   f"board N={n}: errors {without.errors} without, {with_board.errors} with the board (target 0)"))
    return checks, [without, with_board]

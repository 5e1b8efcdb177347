"""Two app processes on one PostgreSQL database behind Debian's nginx with the shipped sticky-session config
(deploy/nginx-mot-cua.conf), driven by Chromium through the proxy (issue 17 item 1).

Two participants, pinned by their route cookie to different processes, join one workshop on the join page and one
raises a hand ("Cần hỗ trợ"). The trainer, pinned to the other process than the first participant, signs in through
the proxy and opens "Bảng theo dõi lớp" (`bang-theo-doi-lop`, in the trainer's menu): it lists both and the raised
hand, whichever process wrote them. Then the trainer starts a room quiz on "Kiểm tra chung" (`kiem-tra-chung`), the
first participant answers its first question in her live room ("Lớp học trực tiếp") on her process, and the
trainer's screen, served by the other process, counts her answer, reveals it and ranks her on the leaderboard (its
fragment reads the room quiz's state row from the database; no process memory is shared). Every answer a browser
got came from its one process (X-Mcs-Upstream), and the websocket went through (a Streamlit page renders only over
it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench import servers
from tests.conftest import PG_ADMIN_URL
from tests.e2e.conftest import IN_CI, ROOT, SCREENSHOTS, STEP_TIMEOUT_MS, _free_port, wait_for_app
from tests.e2e.test_live_room_e2e import LIVE_WAIT_MS, _answer, _board_row, _key, _open_live, _projector_says
from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.db.engine import dispose, get_session_factory
from trainer.i18n import t
from trainer.live.models import RoomAnswer
from trainer.training import workshops as ws
from trainer.training.models import Trainee
from trainer.training.trainees import trainee_card

CONF = ROOT / "deploy" / "nginx-mot-cua.conf"
NOW = datetime(2026, 12, 1, 8, 0)


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        message = "Debian's nginx is not installed (.ci/run installs it)"
        if IN_CI:
            pytest.fail(message + " (CI=true: the proxy test may not be skipped)")
        pytest.skip(message)
    return found


def nginx_conf(ports: list[int], listen: int, prefix: Path) -> str:
    """The shipped config with this run's ports, inside the few lines nginx needs to run as a plain user."""
    site = CONF.read_text(encoding="utf-8")
    site = re.sub(r"(?m)^\s*server 127\.0\.0\.1:\d+;\n", "", site)
    site = site.replace("    hash $mcs_route consistent;\n",
                        "    hash $mcs_route consistent;\n" + "".join(f"    server 127.0.0.1:{p};\n" for p in ports))
    site = site.replace("listen 80;", f"listen 127.0.0.1:{listen};")
    temp = prefix / "temp"
    return f"""
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
{site}
}}
"""


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    name = f"trainer_proxy_{uuid.uuid4().hex[:10]}"
    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        if IN_CI:
            pytest.fail(f"PostgreSQL not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    dispose(url)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def proxied(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[int]]]:
    """nginx on a free port in front of two `streamlit run` processes on one PostgreSQL database."""
    nginx = _nginx()
    folder = tmp_path_factory.mktemp("proxy")
    data = folder / "var"
    servers.prepare_database(data, database)
    env = servers.trainer_env(data, database)
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = "the-same-secret-in-every-process"
    apps = []
    try:
        for n in (1, 2):
            apps.append(servers.start(f"app{n}", servers.APP, cwd=ROOT, env=env, log_dir=folder))
        listen = _free_port()
        (folder / "temp").mkdir()
        conf = folder / "nginx.conf"
        conf.write_text(nginx_conf([a.port for a in apps], listen, folder), encoding="utf-8")
        check = subprocess.run([nginx, "-t", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True,
                               check=False)
        assert check.returncode == 0, check.stderr
        proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{listen}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        try:
            yield base, [a.port for a in apps]
        finally:
            proxy.terminate()
            proxy.wait(timeout=20)
    finally:
        for app in apps:
            servers.stop(app)


def _pinned_context(browser, base: str, avoid: str | None):  # type: ignore[no-untyped-def]
    """A browser context whose route cookie sends it to a process other than `avoid` (and which one it is)."""
    for _ in range(40):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        answer = context.request.get(f"{base}/_stcore/health")
        upstream = answer.headers.get("x-mcs-upstream", "")
        cookies = {c["name"]: c["value"] for c in context.cookies()}
        assert "mcs_route" in cookies, answer.headers
        if upstream and upstream != avoid:
            return context, upstream
        context.close()
    raise AssertionError("the route cookie never led to the other process")


def _open(page, url: str) -> None:  # type: ignore[no-untyped-def]
    """Open a deep link and wait for the app; its first run shows Streamlit's own "Page not found" notice (the menu
    is built by the entry script), then runs the page: close the notice."""
    page.goto(url)
    wait_for_app(page)
    notice = page.get_by_role("dialog")
    if notice.count() and notice.first.is_visible():
        page.keyboard.press("Escape")
        notice.first.wait_for(state="hidden")


def _seen_upstreams(page, base: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {page.context.request.get(f"{base}/_stcore/health").headers.get("x-mcs-upstream", "") for _ in range(5)}


def test_two_participants_on_two_processes_join_and_answer_and_the_trainer_sees_it_through_nginx(
        browser, proxied, database) -> None:
    base, _ports = proxied
    with get_session_factory(database).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username="gv.proxy", password="mat-khau-dai-1",
                             role="trainer", display_name="Giảng viên", unit_codes=(), now=NOW)
        trainer = account_actor(row, "desk_officer")
        workshop = ws.create_workshop(session, actor=trainer, unit_code="01849", held_on=date(2026, 12, 1),
                                      path_ids=("can-bo-mot-cua",), now=NOW)
    first_ctx, first_up = _pinned_context(browser, base, None)
    second_ctx, second_up = _pinned_context(browser, base, first_up)
    assert first_up != second_up
    contexts = [first_ctx, second_ctx]
    try:
        for context, name in ((first_ctx, "Lò Thị Mai"), (second_ctx, "Hà Văn Dũng")):
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            _open(page, f"{base}/vao-lop?lop={workshop.join_code}")  # rendered: the websocket went through nginx
            page.get_by_label(t("workshops.join.name_label")).fill(name)
            page.get_by_role("button", name=t("workshops.join.submit")).click()
            wait_for_app(page)
            assert page.get_by_text(name).first.is_visible()
            context.pages[0].screenshot(path=str(SCREENSHOTS / f"proxy-join-{name.split()[-1]}.png"))
        mai = first_ctx.pages[0]
        mai.get_by_role("button", name=t("live.raise_hand")).click()
        wait_for_app(mai)
        mai.screenshot(path=str(SCREENSHOTS / "proxy-raised-hand.png"))
        # the trainer, on the other process than Mai, signs in through the proxy and opens the class board
        trainer_ctx, trainer_up = _pinned_context(browser, base, first_up)
        contexts.append(trainer_ctx)
        board_page = trainer_ctx.new_page()
        board_page.set_default_timeout(STEP_TIMEOUT_MS)
        _open(board_page, f"{base}/dang-nhap")
        board_page.get_by_label(t("accounts.sign_in.username")).fill("gv.proxy")
        board_page.get_by_label(t("accounts.sign_in.password")).fill("mat-khau-dai-1")
        board_page.get_by_role("button", name=t("accounts.sign_in.submit")).click()
        wait_for_app(board_page)
        _open_live(board_page, f"{base}/bang-theo-doi-lop?lop_so={workshop.id}")
        for name in ("Lò Thị Mai", "Hà Văn Dũng"):
            _board_row(board_page, name).wait_for(timeout=LIVE_WAIT_MS)
        _board_row(board_page, "Lò Thị Mai").locator("td.flag", has_text="Giơ tay").wait_for(timeout=LIVE_WAIT_MS)
        board_page.screenshot(path=str(SCREENSHOTS / "proxy-trainer-board.png"), full_page=True)
        # a room quiz: started on the trainer's process, answered on Mai's, seen on the trainer's
        _open_live(board_page, f"{base}/kiem-tra-chung?lop_so={workshop.id}")
        _key(board_page, "live_start_submit").locator("button").click()
        _projector_says(board_page, "Câu 1/")
        with get_session_factory(database)() as session:
            mai_id = session.scalar(select(Trainee.id).where(Trainee.name == "Lò Thị Mai"))
            mai_code = trainee_card(session, trainee_id=mai_id).resume_code
        _open_live(mai, f"{base}/lop-hoc-truc-tiep?code={mai_code}&role=desk_officer")
        _answer(mai)  # waits for "Đã ghi câu trả lời của bạn": the answer is confirmed
        _projector_says(board_page, t("live.answers", n=1))
        _key(board_page, "live_reveal").locator("button").click()
        _projector_says(board_page, "người trả lời đúng")
        _key(board_page, "live_leaderboard").locator("button").click()
        _projector_says(board_page, "Bảng xếp hạng", exact=True)
        board_page.locator("table.live-board tr", has_text="Lò Thị Mai").wait_for(timeout=LIVE_WAIT_MS)
        board_page.screenshot(path=str(SCREENSHOTS / "proxy-room-quiz-leaderboard.png"), full_page=True)
        assert _seen_upstreams(mai, base) == {first_up}  # sticky: every answer from the one process
        assert _seen_upstreams(second_ctx.pages[0], base) == {second_up}
        assert _seen_upstreams(board_page, base) == {trainer_up} and trainer_up != first_up
        for page in (mai, board_page):
            assert page.get_by_test_id("stException").count() == 0
    finally:
        for context in contexts:
            context.close()
    from trainer.live import board

    with get_session_factory(database)() as session:
        seen = board.board(session, actor=trainer, workshop_id=workshop.id, now=datetime.now())
        answers = session.execute(select(RoomAnswer.trainee_id, RoomAnswer.position)).all()
    hands = {row.name: row.flags.hand_at is not None for row in seen.rows}
    assert hands == {"Lò Thị Mai": True, "Hà Văn Dũng": False}  # written by two processes, seen in one board
    assert [tuple(a) for a in answers] == [(mai_id, 0)]  # the one answer, stored once


def test_the_shipped_config_is_what_the_test_serves() -> None:
    site = CONF.read_text(encoding="utf-8")
    assert "hash $mcs_route consistent;" in site and "proxy_set_header Upgrade $http_upgrade;" in site
    assert "client_max_body_size" in site and "proxy_read_timeout" in site

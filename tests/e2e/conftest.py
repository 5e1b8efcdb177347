"""End-to-end fixtures: `streamlit run` on a free port with its own data dir, driven by Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "e2e" / "screenshots"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
# The hall address: slips' QR codes point at TRAINER_PUBLIC_URL, a name that only Chromium resolves (to this
# machine), so a test that opens a decoded QR proves the code carries the public address, not the page's own URL.
HALL_HOST = "hoi-truong.test"
LAUNCH_ARGS.append(f"--host-resolver-rules=MAP {HALL_HOST} 127.0.0.1")
START_TIMEOUT_S = 90
SERVER_ENV: dict[str, dict[str, str]] = {}  # base URL → the environment its server runs with (its data dir)
STEP_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(reason + " (CI=true: end-to-end tests may not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def app_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The served app's TRAINER_DATA_DIR (its SQLite database is `trainer.db` there): tests may add rows to it."""
    return tmp_path_factory.mktemp("e2e-var")


@pytest.fixture(scope="module")
def app_server(app_data_dir: Path) -> Iterator[str]:
    """A migrated, seeded app served by `streamlit run` on a free port; yields its base URL."""
    data_dir = app_data_dir
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINER_")}
    env.update(TRAINER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    trainer = [sys.executable, "-m", "trainer.cli"]
    subprocess.run(trainer + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    env["TRAINER_PUBLIC_URL"] = f"http://{HALL_HOST}:{port}"
    log = (data_dir / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "trainer" / "ui" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            break
    else:
        proc.kill()
        pytest.fail(f"streamlit did not become healthy; log: {(data_dir / 'streamlit.log').read_text()[-2000:]}")
    if proc.poll() is not None:
        pytest.fail(f"streamlit exited; log: {(data_dir / 'streamlit.log').read_text()[-2000:]}")
    SERVER_ENV[base] = dict(env)
    yield base
    SERVER_ENV.pop(base, None)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need(Path(CHROMIUM).exists(), f"Debian's chromium is not installed ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright Python package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_server) -> Iterator[object]:
    """A fresh browser page (its own Streamlit session), 1280×900, default timeout raised."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(STEP_TIMEOUT_MS)
    yield pg
    context.close()


def wait_for_app(page, quiet_ms: int = 600) -> None:
    """Wait until Streamlit has finished the current run: the 'running' widget stays gone for quiet_ms."""
    page.wait_for_selector('[data-testid="stApp"]', state="attached")
    running = """() => {
        const w = document.querySelector('[data-testid="stStatusWidget"]');
        return !!w && getComputedStyle(w).visibility !== 'hidden' && w.innerText.trim().length > 0;
    }"""
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(running):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the app was still running after the step timeout")


def choose(page, label: str, option, typed: str = "") -> None:  # type: ignore[no-untyped-def]
    """Pick `option` (text or pattern) in the select labelled `label`, waiting for the state the step needs: the
    select drawn with that option. A rerun still drawing the page (after a reload, a click, a script) may redraw the
    select and close its list under the click, or draw it before its options are there: then the list is closed
    and opened again until the option shows, within the step timeout; never a count or a fixed sleep."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while True:
        wait_for_app(page)
        page.get_by_label(label, exact=True).first.click()
        if typed:  # long lists are virtualised: type to filter first
            page.keyboard.type(typed)
        wanted = page.get_by_role("option", name=option).first
        try:
            wanted.wait_for(timeout=3_000)
            wanted.click(timeout=3_000)
            break
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
            page.keyboard.press("Escape")
    wait_for_app(page)


def run_cli(app_server: str, args: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    """Run `trainer ARGS` against the database of the server at app_server."""
    return subprocess.run([sys.executable, "-m", "trainer.cli", *args], cwd=ROOT, env=SERVER_ENV[app_server],
                          input=stdin, capture_output=True, text=True, timeout=120, check=False)


def menu(page):  # type: ignore[no-untyped-def]
    """The app's own sidebar menu (trainer.ui.menu: grouped page links in the container keyed "main_menu")."""
    return page.locator(".st-key-main_menu")


def menu_link(page, title: str):  # type: ignore[no-untyped-def]
    """The menu's link to the page with this (visible) title."""
    return menu(page).get_by_role("link", name=title, exact=True)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_slip_qr(page, pdf: bytes, dossier_code: str) -> str:
    """Decode the QR code printed on a slip and open it in a new browser context (a phone in the hall: no session,
    no cookies); the tracking page must show that dossier. Returns the decoded address."""
    from tests.support import slip_qr_urls

    urls = slip_qr_urls(pdf)
    assert len(urls) == 1, urls
    url = urls[0]
    assert url.startswith(f"http://{HALL_HOST}:"), url
    context = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    try:
        phone = context.new_page()
        phone.set_default_timeout(STEP_TIMEOUT_MS)
        phone.goto(url)
        wait_for_app(phone)
        phone.get_by_role("heading", name=dossier_code).wait_for()
        assert phone.get_by_test_id("stException").count() == 0
        assert "Không tìm thấy hồ sơ" not in phone.get_by_test_id("stMain").inner_text()
    finally:
        context.close()
    return url

"""A workshop in a commune hall, in headless Chromium: the trainer signs in and creates a workshop; three
participants join by its code in separate browser contexts (one a 390 px phone that scanned the projector's QR
code); one comes back with the resume code alone in a new context; one uses the shared PC (kiosk) and presses
"Xong"; the trainer's page shows all three with their progress without a manual reload."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    HALL_HOST,
    ROOT,
    START_TIMEOUT_S,
    STEP_TIMEOUT_MS,
    _free_port,
    screenshot,
    wait_for_app,
)

PASSWORD = "Mat-khau-tap-huan-2026"
ROSTER = ROOT / "tests" / "training" / "rosters" / "danh-sach-loi.csv"


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A seeded app with one trainer account (made with `trainer admin create`), served on a free port; the hall
    address (TRAINER_PUBLIC_URL) is a name only Chromium resolves, so a QR code that works carries it."""
    data_dir = tmp_path_factory.mktemp("hall-var")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINER_")}
    env.update(TRAINER_DATA_DIR=str(data_dir), PYTHONUNBUFFERED="1")
    trainer = [sys.executable, "-m", "trainer.cli"]
    subprocess.run(trainer + ["seed"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    subprocess.run(trainer + ["admin", "create", "--username", "gv.lan", "--name", "Giảng viên Lan", "--role", "trainer",
                              "--password-stdin"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120,
                   input=PASSWORD + "\n", text=True)
    port = _free_port()
    env["TRAINER_PUBLIC_URL"] = f"http://{HALL_HOST}:{port}"
    log = (data_dir / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "trainer" / "ui" / "app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not start; log: {(data_dir / 'streamlit.log').read_text()[-2000:]}")
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _context(browser, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    return context, page


def _main_text(page) -> str:
    return page.get_by_test_id("stMain").inner_text()


def _no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0, _main_text(page)[:2000]


def _qr_in_page(page) -> str:
    """Decode the QR code shown on the page (the first image holding one), as a phone camera would."""
    import zxingcpp
    from PIL import Image

    for image in page.get_by_test_id("stImage").locator("img").all():
        src = image.get_attribute("src") or ""
        data = page.request.get(src if src.startswith("http") else page.url.split("/", 3)[0] + "//" +
                                page.url.split("/", 3)[2] + src).body()
        codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)).convert("L"))
        if codes:
            return codes[0].text
    raise AssertionError("no QR code on the page")


def _open(page, url: str) -> None:
    """Open an address as a first visit, and check Streamlit shows no "Page not found" over it. It did on the first
    deep link after a server start while the page files sat in a folder named `pages/` beside the entry script
    (Streamlit's old multipage discovery); they live in `trainer/ui/views/` now."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.get_by_role("dialog").filter(has_text="Page not found").count() == 0, url


def _join(page, url: str, name: str, *, pin: str = "") -> str:
    """Open the join address, type a name (and PIN), join; returns the resume code shown."""
    _open(page, url)
    page.get_by_label("Họ và tên").fill(name)
    if pin:
        page.get_by_role("textbox", name="Mã PIN 4 số (không bắt buộc)").fill(pin)
    page.get_by_role("button", name="Vào lớp", exact=True).click()
    wait_for_app(page)
    page.get_by_text(f"Chào {name}!").wait_for()
    _no_exception(page)
    card = page.locator(".st-key-join_resume_card")
    code = card.get_by_role("heading").first.inner_text().replace(" ", "").strip()
    assert len(code) == 6 and not set(code) & set("0O1I"), code
    return code


def test_a_workshop_in_the_hall_from_sign_in_to_the_live_roster(browser, hall):
    trainer_context, trainer = _context(browser)
    try:
        # the trainer signs in and creates a workshop for Xã Phong Quang
        trainer.goto(hall)  # the first session of a fresh process starts at "/" (see _open)
        wait_for_app(trainer)
        _open(trainer, f"{hall}/dang-nhap")
        trainer.get_by_label("Tên đăng nhập").fill("gv.lan")
        trainer.get_by_label("Mật khẩu").fill(PASSWORD)
        trainer.get_by_role("button", name="Đăng nhập", exact=True).click()
        wait_for_app(trainer)
        _open(trainer, f"{hall}/lop-tap-huan")
        _no_exception(trainer)
        trainer.get_by_test_id("stSelectbox").filter(has_text="Xã, phường tổ chức").click()
        trainer.keyboard.type("Phong Quang")
        trainer.keyboard.press("Enter")
        trainer.get_by_test_id("stMultiSelect").filter(has_text="Lộ trình học của lớp").click()
        trainer.get_by_role("option", name="Cán bộ Bộ phận Một cửa cấp xã").click()
        trainer.keyboard.press("Escape")
        trainer.get_by_role("button", name="Tạo lớp và lấy mã lớp").click()
        wait_for_app(trainer)
        trainer.get_by_role("tab", name="Danh sách lớp").wait_for()
        _no_exception(trainer)
        header = _main_text(trainer)
        assert "Tập huấn tại Xã Phong Quang" in header
        join_code = header.split("Mã lớp ", 1)[1].split()[0]
        assert len(join_code) == 6 and not set(join_code) & set("0O1I"), join_code
        workshop_url = trainer.url
        screenshot(trainer, "workshop-trainer-created")

        # the projector view: the code in large type and a QR code of the hall address
        trainer.get_by_role("link", name="Màn chiếu (mã lớp và mã QR)").click()
        wait_for_app(trainer)
        trainer.locator(".st-key-projector_code").get_by_text(join_code).wait_for()
        join_url = _qr_in_page(trainer)
        assert join_url.startswith(f"http://{HALL_HOST}:") and f"lop={join_code}" in join_url, join_url
        assert "localhost" not in join_url and "127.0.0.1" not in join_url
        screenshot(trainer, "workshop-projector")
        _open(trainer, workshop_url)
        trainer.get_by_text("0 người trong danh sách").wait_for()

        # three participants join by code, each in a browser context of their own; one on a 390 px phone
        contexts = []
        try:
            ctx_a, page_a = _context(browser)
            contexts.append(ctx_a)
            code_a = _join(page_a, join_url, "Nguyễn Thị Hường")
            screenshot(page_a, "workshop-joined-1280")
            ctx_b, phone = _context(browser, 390, 844)
            contexts.append(ctx_b)
            _join(phone, join_url, "Lò Văn Thắng", pin="2468")
            screenshot(phone, "workshop-joined-390")
            phone.get_by_role("button", name="Bắt đầu học").click()
            wait_for_app(phone)
            phone.get_by_text("Đã xong 0/7 bước").wait_for()
            screenshot(phone, "workshop-my-paths-390")
            phone.get_by_role("button", name="Bắt đầu").first.click()  # the first step: a desk scenario
            wait_for_app(phone)
            phone.get_by_text("Tiếp nhận trực tiếp và in giấy tiếp nhận").first.wait_for()
            _no_exception(phone)
            screenshot(phone, "workshop-first-step-390")
            phone.reload()  # a phone that slept, a tab reloaded mid-step: back in the same step
            wait_for_app(phone)
            phone.get_by_text("Tiếp nhận trực tiếp và in giấy tiếp nhận").first.wait_for()
            assert "/mot-cua" in phone.url and "code=" in phone.url, phone.url
            _no_exception(phone)
            ctx_c, page_c = _context(browser)
            contexts.append(ctx_c)
            _join(page_c, f"{hall}/vao-lop?lop={join_code.lower()}", "Trần Thị Ngọc Ánh")

            # one of them comes back with the resume code alone, in a new context (another device)
            ctx_again, again = _context(browser, 390, 844)
            contexts.append(ctx_again)
            _open(again, f"{hall}/lo-trinh-cua-toi")
            again.get_by_label("Mã tiếp tục").fill(code_a.lower())
            again.get_by_role("button", name="Tiếp tục", exact=True).click()
            wait_for_app(again)
            again.get_by_text("Nguyễn Thị Hường").first.wait_for()
            assert "Cán bộ Bộ phận Một cửa cấp xã" in _main_text(again)
            _no_exception(again)

            # the shared PC: the kiosk lists the roster; the third participant picks her name, works, "Xong"
            ctx_k, kiosk = _context(browser)
            contexts.append(ctx_k)
            _open(kiosk, f"{hall}/may-chung?lop={join_code}")
            kiosk.get_by_role("button", name="Trần Thị Ngọc Ánh").wait_for()
            screenshot(kiosk, "workshop-kiosk-names")
            kiosk.get_by_role("button", name="Trần Thị Ngọc Ánh").click()
            wait_for_app(kiosk)
            kiosk.get_by_text("Đã xong 0/7 bước").wait_for()
            kiosk.locator(".st-key-mine_kiosk_done").get_by_role("button", name="Xong").click()
            wait_for_app(kiosk)
            kiosk.get_by_text("Chọn tên của bạn để bắt đầu").wait_for()
            assert "Học viên: Trần Thị Ngọc Ánh" not in kiosk.inner_text("body")
            screenshot(kiosk, "workshop-kiosk-after-done")
            lo = kiosk.get_by_role("button", name="Lò Văn Thắng")
            lo.click()
            wait_for_app(kiosk)
            kiosk.get_by_text("Nhập mã PIN của").wait_for()  # his name is protected by his PIN

            # the trainer's page, never reloaded, shows all three with their progress
            trainer.get_by_text("3 người trong danh sách").wait_for(timeout=60_000)
            roster = trainer.locator(".st-key-trainer_roster_table").inner_text()
            for name in ("Nguyễn Thị Hường", "Lò Văn Thắng", "Trần Thị Ngọc Ánh"):
                assert name in roster
            assert roster.count("0/7") == 3
            trainer.locator(".st-key-trainer_roster_table").get_by_text("Tiếp nhận trực tiếp và in giấy tiếp nhận").wait_for()
            screenshot(trainer, "workshop-trainer-roster")

            # a roster with bad rows imports nothing and offers the located report
            trainer.get_by_role("tab", name="Nhập danh sách").click()
            trainer.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(ROSTER))
            wait_for_app(trainer)
            trainer.get_by_role("button", name="Nhập danh sách", exact=True).click()
            wait_for_app(trainer)
            trainer.get_by_text("có 6 lỗi: chưa nhập dòng nào").wait_for()  # 5 in the file, 1 already on the roster
            problems = trainer.locator(".st-key-trainer_import_problems").inner_text()
            assert "Xã Không Có" in problems and "trùng với dòng 2" in problems and "đã có trong danh sách lớp" in problems
            with trainer.expect_download() as download:
                trainer.get_by_role("button", name="Tải báo cáo lỗi (XLSX)").click()
            from openpyxl import load_workbook

            report = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
            assert [r[0] for r in list(report.iter_rows(values_only=True))[4:]] == [2, 3, 4, 5, 6, 7]
            screenshot(trainer, "workshop-import-errors")
            trainer.get_by_role("tab", name="Danh sách lớp").click()
            assert "3 người trong danh sách" in _main_text(trainer)

            # the attendance sheet
            trainer.get_by_role("tab", name="Điểm danh").click()
            trainer.get_by_role("button", name="Tạo bảng điểm danh").click()
            wait_for_app(trainer)
            with trainer.expect_download() as download:
                trainer.get_by_role("button", name="Tải bảng điểm danh (XLSX)").click()
            sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
            names = {r[1] for r in list(sheet.iter_rows(values_only=True))[4:]}
            assert names == {"Nguyễn Thị Hường", "Lò Văn Thắng", "Trần Thị Ngọc Ánh"}

            # a participant's browser cannot open the trainer's page
            _open(page_a, workshop_url)
            assert "Hãy đăng nhập" in _main_text(page_a)
            assert "Lò Văn Thắng" not in _main_text(page_a)

            # closing the workshop: its code then gets a clear message
            trainer.get_by_role("tab", name="Quản lý lớp").click()
            trainer.get_by_text(f"Tôi muốn đóng lớp {join_code}").click()
            trainer.get_by_role("button", name="Đóng lớp", exact=True).click()
            wait_for_app(trainer)
            _open(page_c, join_url)
            page_c.get_by_text("đã đóng, không nhận thêm học viên").wait_for()
        finally:
            for context in contexts:
                context.close()
    finally:
        trainer_context.close()

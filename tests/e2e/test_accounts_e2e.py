"""Accounts in Chromium (issue 12, Done when): an administrator creates a trainer in the browser; the trainer signs
in, reloads and is still signed in, signs out, and the reload then asks to sign in; the address bar never shows a
secret; a participant and a trainer are refused the administrators' page by URL."""

from __future__ import annotations

from tests.e2e.helpers import menu_link, run_cli, screenshot, wait_for_app

ADMIN_PASSWORD = "Quan-tri-vien-2026"


def _secretless(page, *secrets: str) -> None:
    url = page.url
    assert not any(s and s in url for s in secrets), url
    assert "token" not in url and "mat-khau" not in url and "password" not in url


def _sign_in(page, app_server: str, username: str, password: str) -> None:
    page.goto(f"{app_server}/dang-nhap")
    wait_for_app(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page)


def _cookie(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == "mc_phien"), None)


def test_an_administrator_creates_a_trainer_who_signs_in_reloads_and_signs_out(page, app_server, browser):
    # The first session of a fresh server process opened on a page's own URL gets Streamlit's "Page not found"
    # dialog while the process warms up (seen on main before this change too; noted in the report): start at "/".
    page.goto(app_server)
    wait_for_app(page)
    done = run_cli(app_server, ["admin", "create", "--username", "quantri", "--role", "administrator",
                                "--name", "Quản Trị Viên", "--password-stdin"], ADMIN_PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    _sign_in(page, app_server, "quantri", "sai-mat-khau")
    page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for()
    screenshot(page, "sign-in-wrong-password-vi")
    _sign_in(page, app_server, "quantri", ADMIN_PASSWORD)
    page.get_by_text("Quản Trị Viên").first.wait_for()
    menu_link(page, "Quản trị tài khoản").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Quản trị tài khoản").wait_for()
    page.get_by_role("textbox", name="Tên đăng nhập").fill("giang.vien")
    page.get_by_role("textbox", name="Họ và tên hiển thị").fill("Nguyễn Thị **Lan** <img src=x onerror=alert(1)>")
    page.get_by_role("button", name="Tạo tài khoản").click()
    wait_for_app(page)
    page.get_by_text("chỉ hiện một lần").wait_for()
    password = page.get_by_test_id("stCode").inner_text().strip()
    assert len(password) >= 12
    screenshot(page, "admin-created-trainer-vi")
    _secretless(page, password, ADMIN_PASSWORD)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    trainer = context.new_page()
    trainer.set_default_timeout(30_000)
    try:
        _sign_in(trainer, app_server, "giang.vien", password)
        trainer.get_by_text("Đăng nhập: Nguyễn Thị **Lan** <img src=x onerror=alert(1)> (Giảng viên)").first.wait_for()
        token = _cookie(context)
        assert token and len(token) >= 40
        _secretless(trainer, password, token)
        screenshot(trainer, "trainer-signed-in-vi")
        trainer.reload()
        wait_for_app(trainer)
        trainer.get_by_role("button", name="Đăng xuất").first.wait_for()
        trainer.get_by_text("(Giảng viên)").first.wait_for()
        _secretless(trainer, password, token)
        screenshot(trainer, "trainer-after-reload-vi")
        trainer.goto(f"{app_server}/quan-tri")
        wait_for_app(trainer)
        trainer.get_by_text("Tài khoản của bạn không được mở trang này").wait_for()
        trainer.goto(f"{app_server}/dang-nhap")
        wait_for_app(trainer)
        trainer.get_by_role("button", name="Đăng xuất").first.click()
        wait_for_app(trainer)
        trainer.get_by_label("Mật khẩu").wait_for()
        trainer.reload()
        wait_for_app(trainer)
        trainer.get_by_label("Mật khẩu").wait_for()
        assert trainer.get_by_role("button", name="Đăng xuất").count() == 0
        assert _cookie(context) in (None, "")
        screenshot(trainer, "trainer-signed-out-after-reload-vi")
        _secretless(trainer, password, token)
    finally:
        context.close()

    page.goto(f"{app_server}/nhat-ky-quan-tri")
    wait_for_app(page)
    page.get_by_role("heading", name="Nhật ký quản trị").wait_for()
    screenshot(page, "admin-audit-vi")


def test_a_participant_is_refused_the_administrators_page_by_url(page, app_server):
    page.goto(f"{app_server}/quan-tri")
    wait_for_app(page)
    page.get_by_text("Trang này dành cho tài khoản Quản trị viên. Hãy đăng nhập để mở.").wait_for()
    assert page.get_by_label("Họ và tên hiển thị").count() == 0
    page.goto(f"{app_server}/mot-cua")
    wait_for_app(page)
    page.get_by_text("Trang này dành cho vai trò Cán bộ Bộ phận Một cửa").wait_for()
    screenshot(page, "refused-desk-by-url-vi")

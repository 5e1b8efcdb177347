"""Printed material in the browser: the citizen guides' catalogue, the download, and the guide's QR code opening
that procedure on the practice portal on a phone (a fresh browser context)."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.conftest import HALL_HOST, STEP_TIMEOUT_MS, menu_link, screenshot, wait_for_app
from tests.support import slip_qr_urls
from trainer.i18n import t


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def open_deep_link(page, url: str) -> None:
    """Open an address as a first visit, and check Streamlit shows no "Page not found" over it. It did on the first
    deep link after a server start while the page files sat in a folder named `pages/` beside the entry script
    (Streamlit's old multipage discovery); they live in `trainer/ui/views/` now."""
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(500)
    assert page.get_by_role("dialog").filter(has_text="Page not found").count() == 0, url


def test_the_guides_catalogue_downloads_a_guide_whose_qr_opens_the_procedure_on_the_portal(page, app_server):
    open_deep_link(page, f"{app_server}/huong-dan-nguoi-dan")
    page.get_by_role("heading", name=vi("guide.page_title")).wait_for()
    search = page.get_by_label(vi("guide.search"))
    search.fill("khai sinh")
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("Đăng ký khai sinh", exact=True).first.wait_for()
    screenshot(page, "guides-catalogue-1280")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(re.escape(vi("guide.download")))).first.click()
    assert info.value.suggested_filename == "huong-dan-1-001193.pdf"
    data = Path(info.value.path()).read_bytes()
    text = unicodedata.normalize("NFC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Đăng ký khai sinh" in text and "Tổ công nghệ số cộng đồng" in text
    urls = slip_qr_urls(data)
    assert urls == [f"http://{HALL_HOST}:{app_server.rsplit(':', 1)[1]}/nop-ho-so?thu-tuc=1.001193"]
    assert page.get_by_test_id("stException").count() == 0

    phone_context = page.context.browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    try:
        phone = phone_context.new_page()
        phone.set_default_timeout(STEP_TIMEOUT_MS)
        open_deep_link(phone, urls[0])
        phone.get_by_text(re.compile("Bạn mở thủ tục 1.001193")).first.wait_for()
        phone.get_by_role("button", name=re.compile(re.escape(vi("portal.signin_button")))).first.click()
        wait_for_app(phone)
        phone.get_by_role("button", name=re.compile(re.escape(vi("portal.start_button")))).wait_for()  # the procedure is picked
        phone.get_by_role("button", name=re.compile(re.escape(vi("guide.button")))).wait_for()  # and its guide is one tap away
        screenshot(phone, "guides-qr-portal-390")
        assert phone.get_by_test_id("stException").count() == 0
    finally:
        phone_context.close()


def test_the_portals_procedure_page_offers_the_guide(page, app_server):
    open_deep_link(page, app_server + "/nop-ho-so")
    page.get_by_role("button", name=re.compile(re.escape(vi("portal.signin_button")))).first.click()
    wait_for_app(page)
    search = page.get_by_label(vi("portal.search_label"))
    search.fill("2.000815")
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text(re.compile(r"^2\.000815 · ")).filter(visible=True).first.click()
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(re.escape(vi("guide.button")))).first.click()
    data = Path(info.value.path()).read_bytes()
    text = unicodedata.normalize("NFC", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert "Chứng thực bản sao từ bản chính" in " ".join(text.split())
    screenshot(page, "guides-portal-button-1280")


def test_the_verification_page_in_a_fresh_context_shows_valid_revoked_and_nothing_for_unknown(browser, app_server,
                                                                                             app_data_dir):
    """No sign-in, no session: a phone that scanned the certificate's QR code (or typed its number)."""
    from datetime import datetime, timedelta

    from tests.certificates.test_service import account, join, setup_workshop
    from trainer.certificates import service as certs
    from trainer.certificates.serials import new_serial
    from trainer.db.engine import dispose, get_session_factory
    from trainer.printed.certificates import render_certificate

    url = f"sqlite:///{app_data_dir / 'trainer.db'}"
    trainer = account(url, "gv.xac.minh", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(url, trainer)
    a = join(url, workshop.join_code, "Lương Văn Đức")
    b = join(url, workshop.join_code, "Đinh Thị Nga")
    now = datetime(2026, 3, 2, 9)
    with get_session_factory(url).begin() as session:
        valid = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=a.trainee.id, now=now)
        gone = certs.issue_by_trainer(session, actor=trainer, workshop_id=workshop.id, trainee_id=b.trainee.id, now=now)
    with get_session_factory(url).begin() as session:
        certs.revoke(session, actor=trainer, serial=gone.serial, reason="Cấp nhầm buổi", now=now + timedelta(days=3))
    dispose(url)
    qr = slip_qr_urls(render_certificate(valid, base_url=f"http://{HALL_HOST}:{app_server.rsplit(':', 1)[1]}"))
    assert qr == [f"http://{HALL_HOST}:{app_server.rsplit(':', 1)[1]}/xac-minh?so={valid.serial}"]

    def fresh(target: str):
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
        phone = context.new_page()
        phone.set_default_timeout(STEP_TIMEOUT_MS)
        open_deep_link(phone, target)
        return context, phone

    context, phone = fresh(qr[0])
    try:
        phone.get_by_text("Giấy chứng nhận hợp lệ.").wait_for()
        body = phone.inner_text("body")
        assert "Lương Văn Đức" in body and "02/03/2026" in body and valid.serial in body
        for private in ("Xã Phong Quang", "Hoàng Thị Hoa", "Tập huấn", "Đinh Thị Nga"):
            assert private not in body.split("Xác minh giấy chứng nhận tập huấn", 1)[1], private
        screenshot(phone, "verify-valid-390")
    finally:
        context.close()

    context, phone = fresh(f"{app_server}/xac-minh?so={gone.serial}")
    try:
        phone.get_by_text("Giấy chứng nhận đã bị thu hồi ngày 05/03/2026.").wait_for()
        body = phone.inner_text("body")
        assert "Đinh Thị Nga" in body and "Cấp nhầm buổi" not in body
        screenshot(phone, "verify-revoked-390")
    finally:
        context.close()

    context, phone = fresh(f"{app_server}/xac-minh")
    try:
        box = phone.get_by_label("Số giấy chứng nhận")
        box.fill(new_serial(2026))
        phone.get_by_role("button", name=re.compile("Xác minh$")).click()
        wait_for_app(phone)
        phone.get_by_text("Không tìm thấy.", exact=True).wait_for()
        main = phone.get_by_test_id("stMain").inner_text()
        after = main.split("Xác minh", 2)[-1]
        for private in ("Lương Văn Đức", "Đinh Thị Nga", "hợp lệ", "thu hồi", "Họ và tên", "Ngày cấp"):
            assert private not in after, private
        screenshot(phone, "verify-unknown-390")
        assert phone.get_by_test_id("stException").count() == 0
    finally:
        context.close()


def test_a_trainer_downloads_the_kit_and_the_workshops_certificates_in_one_pdf(page, app_server, app_data_dir):
    from tests.certificates.test_service import account, join, pass_path, setup_workshop
    from tests.support import slip_qr_urls as qr_urls
    from trainer.db.engine import dispose

    url = f"sqlite:///{app_data_dir / 'trainer.db'}"
    trainer = account(url, "gv.bo.tai.lieu", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(url, trainer)
    for name in ("Lương Văn Đức", "Đinh Thị Nga"):
        pass_path(url, join(url, workshop.join_code, name).trainee.id)
    dispose(url)
    open_deep_link(page, f"{app_server}/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("gv.bo.tai.lieu")
    page.get_by_label("Mật khẩu").fill("mat-khau-dai-1")
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page)
    page.get_by_text("Hoàng Thị Hoa").first.wait_for()  # signed in
    menu_link(page, vi("certificate.manage.nav")).click()
    wait_for_app(page)
    page.get_by_label(vi("certificate.manage.workshop")).click()
    page.get_by_role("option", name=re.compile(workshop.join_code)).click()
    wait_for_app(page)
    page.get_by_label(vi("kit.ui.wifi")).fill("Tên mạng: UBND-PhongQuang · Mật khẩu: tapHuan2026")
    page.get_by_label(vi("kit.ui.wifi")).press("Enter")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(re.escape(vi("kit.ui.poster")))).click()
    poster = Path(info.value.path()).read_bytes()
    text = " ".join(unicodedata.normalize("NFC", PdfReader(io.BytesIO(poster)).pages[0].extract_text()).split())
    assert workshop.join_code in text and "tapHuan2026" in text
    assert qr_urls(poster) == [f"http://{HALL_HOST}:{app_server.rsplit(':', 1)[1]}/vao-lop?lop={workshop.join_code}"]
    page.get_by_role("button", name=re.compile(re.escape(vi("certificate.ui.issue_passed")))).click()
    wait_for_app(page)
    page.get_by_text("Đã cấp thêm 2 giấy chứng nhận.").wait_for()
    screenshot(page, "trainer-certificates-1280")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(re.escape(vi("certificate.ui.download_all")))).click()
    reader = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(reader.pages) == 2
    names = " ".join(unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages)
    assert "Lương Văn Đức" in names and "Đinh Thị Nga" in names
    page.set_viewport_size({"width": 390, "height": 844})
    wait_for_app(page)
    screenshot(page, "trainer-certificates-390")
    assert page.get_by_test_id("stException").count() == 0

"""The birth registration e-form in Chromium on a 390 px phone, by visible Vietnamese labels: a first-time citizen
copies the child and the mother from the papers, saves, and the printed tờ khai shows what the desk sees."""

from __future__ import annotations

from tests.e2e.eform import fill_birth_form
from tests.e2e.helpers import screenshot, wait_for_app
from tests.e2e.test_sandbox_journeys_e2e import (
    as_role,
    download_pdf_text,
    nav,
    no_exception,
    press,
    reset_sandbox,
    see,
    vi,
)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_a_first_time_citizen_fills_the_birth_form_on_a_phone_and_the_desk_sees_the_same_values(page, app_server):
    page.goto(app_server)
    wait_for_app(page)
    reset_sandbox(page)
    as_role(page, "citizen")
    nav(page, "nav.portal")
    page.set_viewport_size(PHONE)  # the form is filled on a 390 px phone
    wait_for_app(page)
    press(page, vi("portal.signin_button"))
    see(page, "Đã đăng nhập")
    search = page.get_by_label(vi("portal.search_label"))
    search.fill("khai sinh")
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("1.001193 · Đăng ký khai sinh", exact=True).filter(visible=True).first.click()
    wait_for_app(page)
    press(page, vi("portal.start_button"))
    see(page, "Người được khai sinh")
    screenshot(page, "eform-phone-1-empty")
    press(page, vi("portal.save_button"))  # nothing filled yet: every missing field says so, nothing is saved
    see(page, "Chưa điền “Họ, chữ đệm, tên của trẻ”: mục này bắt buộc.")
    screenshot(page, "eform-phone-2-errors")
    fill_birth_form(page)
    press(page, vi("portal.save_button"))
    see(page, vi("portal.saved"))
    no_exception(page)
    screenshot(page, "eform-phone-3-saved")
    printed = download_pdf_text(page, vi("eforms.ui.print_button"))
    for value in ("Hà Minh An", "18/02/2026", "Ma Thị Liên", "006305001234", "BẢN THỰC HÀNH"):
        assert value in printed, value
    press(page, vi("portal.submit_button"))
    see(page, "Mã hồ sơ")

    # the desk works at a desktop (1280 px)
    desk = page
    desk.set_viewport_size(DESKTOP)
    wait_for_app(desk)
    as_role(desk, "desk_officer")
    nav(desk, "nav.desk")
    see(desk, vi("eforms.ui.declared_title"))
    for value in ("Hà Minh An", "18/02/2026", "Ma Thị Liên", "006305001234"):
        see(desk, value)
    screenshot(desk, "eform-desk-declared")

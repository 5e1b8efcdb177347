"""Easy mode (Chế độ dễ dùng) in Chromium on a 390 px phone: a first-time citizen, the mother of a newborn, answers
the birth registration one question per screen by copying her giấy chứng sinh from the data store, sends it, and
the printed tờ khai and the desk's view show the same values."""

from __future__ import annotations

import json
import re
import sqlite3

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
from trainer.world.units import load_units

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHILD = "Nông Minh An"


def _mother_and_notice(app_data_dir):  # type: ignore[no-untyped-def]
    """The newest birth notice of the served database, its holder (the mother) and the commune of her address."""
    with sqlite3.connect(app_data_dir / "trainer.db") as db:
        name, ethnicity, data, model = db.execute(
            "SELECT c.full_name, c.ethnicity, d.data, s.admin_model FROM sandbox_stored_documents d "
            "JOIN sandbox_citizens c ON c.id = d.citizen_id JOIN sandboxes s ON s.id = d.sandbox_id "
            "WHERE d.doc_type = 'birth_notice' ORDER BY d.id DESC LIMIT 1").fetchone()
    facts = json.loads(data)
    commune = load_units(model).find(facts["mother_address_unit"]).full_name
    return name, ethnicity, facts, commune


def _shot(page, name: str) -> None:
    """The whole screen at phone width: Streamlit scrolls inside the page, so a tall viewport shows all of it."""
    page.set_viewport_size({"width": PHONE["width"], "height": 2400})
    page.wait_for_timeout(300)  # the layout follows the new height (no rerun)
    screenshot(page, name)
    page.set_viewport_size(PHONE)


def _next(page) -> None:
    press(page, vi("portal.easy.next"))
    no_exception(page)


def _question(page, name: str) -> object:
    """The one question on screen, by its widget key (easy_f_<field>)."""
    box = page.locator(f".st-key-easy_f_{name}")
    box.wait_for()
    return box


def _type(page, name: str, value: str) -> None:
    field = _question(page, name).locator("input")
    field.fill(value)
    field.press("Enter")
    wait_for_app(page)
    _next(page)


def _pick(page, name: str, option: str, *, unit: bool = False) -> None:
    _question(page, name + ("_unit" if unit else "")).locator("input").first.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=re.compile(re.escape(option))).first.click()
    wait_for_app(page)
    if not unit:
        _next(page)


def test_a_first_time_citizen_fills_the_birth_form_in_easy_mode_from_the_birth_notice(page, app_server, app_data_dir):
    page.goto(app_server)
    wait_for_app(page)
    reset_sandbox(page)
    mother, ethnicity, notice, commune = _mother_and_notice(app_data_dir)
    as_role(page, "citizen")
    nav(page, "nav.portal")
    page.set_viewport_size(PHONE)
    wait_for_app(page)
    page.get_by_text(vi("portal.easy_toggle"), exact=True).click()
    wait_for_app(page)
    see(page, vi("portal.easy.who_title"))
    page.get_by_label(vi("portal.signin_pick")).first.click()
    page.keyboard.type(mother)
    page.get_by_role("option", name=re.compile(re.escape(mother))).first.click()
    wait_for_app(page)
    _shot(page, "easy-1-who")
    _next(page)
    page.get_by_label(vi("portal.search_label")).fill("khai sinh")
    page.get_by_label(vi("portal.search_label")).press("Enter")
    wait_for_app(page)
    page.get_by_text("Đăng ký khai sinh", exact=True).filter(visible=True).first.click()
    wait_for_app(page)
    _next(page)
    see(page, vi("portal.easy.form_title"))  # the requester: pre-filled from the (mock) population database
    _next(page)
    _pick(page, "requester_relation", "Mẹ")
    _type(page, "child_name", CHILD)
    see(page, "Giấy chứng sinh")  # the paper to copy from, with its facts, beside the question
    see(page, notice["child_date_of_birth"])
    _shot(page, "easy-2-child-birth-date")
    _type(page, "child_date_of_birth", "18/02/2099")  # a slip of the finger: a future date stays on the screen
    see(page, "Ngày này sau ngày đăng ký")
    _shot(page, "easy-3-error")
    _type(page, "child_date_of_birth", notice["child_date_of_birth"])
    _pick(page, "child_gender", "Nữ" if notice["child_gender"] == "female" else "Nam")
    _type(page, "child_place_of_birth", notice["child_place_of_birth"])
    _type(page, "child_ethnicity", ethnicity)
    _next(page)  # nationality: Việt Nam already
    _type(page, "mother_full_name", notice["mother_full_name"])
    _type(page, "mother_date_of_birth", notice["mother_date_of_birth"])
    _type(page, "mother_ethnicity", ethnicity)
    _next(page)  # nationality
    _type(page, "mother_national_id", notice["mother_national_id"])
    _pick(page, "mother_address", commune, unit=True)
    detail = notice["mother_address"].split(",")[0]
    _type(page, "mother_address", detail)
    _pick(page, "father_declared", "Không")
    see(page, vi("portal.easy.review_title"))
    _shot(page, "easy-4-review")
    _next(page)  # saves the tờ khai
    see(page, vi("portal.easy.papers_title"))
    page.get_by_text(vi("portal.attach_store"), exact=True).click()  # the birth notice from the data store
    wait_for_app(page)
    _next(page)
    while not page.get_by_text(vi("portal.easy.send_title"), exact=True).count():
        _next(page)  # the papers not needed (witness, commitment), how the result is received
    _shot(page, "easy-5-send")
    printed = download_pdf_text(page, vi("eforms.ui.print_button"))
    values = [CHILD, notice["child_date_of_birth"], notice["child_place_of_birth"], notice["mother_full_name"],
              notice["mother_national_id"], notice["mother_date_of_birth"]]
    flat = " ".join(printed.split())
    for value in [*values, "BẢN THỰC HÀNH"]:
        assert value in flat, value
    press(page, vi("portal.submit_button"))
    see(page, vi("portal.easy.done_title"))
    _shot(page, "easy-6-done")

    page.set_viewport_size(DESKTOP)  # the desk works at a desktop
    wait_for_app(page)
    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    see(page, vi("eforms.ui.declared_title"))
    for value in values:
        see(page, value)
    desk_printed = " ".join(download_pdf_text(page, vi("eforms.ui.print_button")).split())
    assert [v for v in values if v in desk_printed] == values  # the desk prints the same tờ khai
    page.set_viewport_size({"width": DESKTOP["width"], "height": 3000})
    page.wait_for_timeout(300)
    screenshot(page, "easy-7-desk")

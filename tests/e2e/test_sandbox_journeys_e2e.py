"""Two journeys through the practice one-stop system in Chromium, by visible Vietnamese labels, as people would.

(a) A citizen submits a birth registration online (the e-form is the declaration) asking for the result by post,
    without the birth notice; the desk asks for it in one supplement request;
    the citizen supplements; the desk checks it again, receives it, prints the receipt and forwards it; specialist, office head and leader process
    it; the desk hands the result to the post; the postal worker delivers; tracking shows "Đã trả kết quả".
(b) A walk-in dossier is about to go late: the specialist issues the apology slip while it is still allowed; once
    the deadline has passed, the overdue dossier is flagged and a second apology is refused.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.eform import fill_birth_form
from tests.e2e.helpers import choose, menu_link, open_slip_qr, screenshot, wait_for_app
from trainer.i18n import t
from trainer.world.calendar import working_days_between

SCAN = b"%PDF-1.4\n% a fake scan made for the practice sandbox\n%%EOF\n"
DATE_TIME = re.compile(r"(\d{2}):(\d{2}) (\d{2})/(\d{2})/(\d{4})")


def vi(key: str, **params: object) -> str:
    return t(key, "vi", **params)


def nav(page, title_key: str) -> None:
    """Open a page from the sidebar menu by its Vietnamese title."""
    menu_link(page, vi(title_key)).click()
    wait_for_app(page)


def as_role(page, role: str) -> None:
    """Go back to the start page and pick the role by clicking its label, as a trainee does."""
    nav(page, "nav.start")
    page.get_by_text(f"{vi(f'roles.{role}')} — {vi(f'roles.{role}_help')}", exact=True).click()
    wait_for_app(page)


def press(page, label: str) -> None:
    """Click the visible button with this label (icons aside) and wait for the rerun."""
    page.get_by_role("button", name=re.compile(rf"{re.escape(label)}$")).first.click()
    wait_for_app(page)


def tab(page, label: str) -> None:
    page.get_by_role("tab", name=re.compile(rf"^{re.escape(label)}")).click()
    wait_for_app(page)


def see(page, text: str) -> None:
    """Wait until the text is visible somewhere on the page (table cells drawn on a canvas do not count)."""
    page.get_by_text(text, exact=False).filter(visible=True).first.wait_for()


def no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0, page.get_by_test_id("stException").first.inner_text()


def download_pdf_text(page, label: str, code: str | None = None) -> str:
    """Click a download button and return the text of the PDF it gives; with the dossier's code, also open the
    slip's QR code in a new browser context (a phone in the hall) and see that dossier's tracking page."""
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(re.escape(label))).first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    if code is not None:
        open_slip_qr(page, data, code)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def reset_sandbox(page) -> None:
    """Đặt lại môi trường thực hành, confirmed (the desk officer's control)."""
    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    page.get_by_role("button", name=re.compile(vi("desk.reset.button"))).first.click()
    press(page, vi("desk.reset.confirm"))
    see(page, vi("desk.inbox.empty"))
    no_exception(page)


def parse_when(text: str) -> datetime:
    """The first "HH:MM DD/MM/YYYY" in a text."""
    hour, minute, day, month, year = (int(x) for x in DATE_TIME.search(text).groups())
    return datetime(year, month, day, hour, minute)


def clock_shown(page) -> datetime:
    """The sandbox clock as the page shows it."""
    return parse_when(page.locator("p", has_text="Giờ trong môi trường thực hành:").first.inner_text())


def snap(page, name: str) -> None:
    """A screenshot of the whole page (Streamlit scrolls inside its own container: make the window tall first)."""
    wait_for_app(page)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": max(900, min(int(height) + 120, 6000))})
    page.wait_for_timeout(400)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 900})


def let_days_pass(page, days: int) -> None:
    """Cho thời gian trôi: N ngày làm việc."""
    box = page.get_by_label(vi("desk.clock.advance_days"))
    box.fill(str(days))
    box.press("Enter")
    wait_for_app(page)
    press(page, vi("desk.clock.advance", n=days))


def digitise_every_missing_paper(page) -> None:
    """Press "Số hóa" once per missing paper, each time waiting for that paper's button to go (the state the next
    press needs), then for "Hồ sơ đã đủ thành phần" — never a count read while the rerun may still be drawing."""
    buttons = page.get_by_role("button", name=re.compile(rf"{re.escape(vi('desk.docs.digitise'))}$")).filter(visible=True)
    buttons.first.wait_for()
    for left in range(buttons.count() - 1, -1, -1):
        buttons.first.click()
        expect(buttons).to_have_count(left, timeout=30_000)
    see(page, vi("desk.check.complete"))
    expect(page.get_by_role("button", name=re.compile(rf"{re.escape(vi('desk.actions.receive'))}$")).first).to_be_enabled()


@pytest.fixture
def on_failure_screenshot(request, page) -> Iterator[None]:
    """Keep a picture of the page when a journey fails part-way (tests/e2e/screenshots/failed-<test>.png)."""
    failed = request.session.testsfailed
    yield
    if request.session.testsfailed > failed:
        screenshot(page, f"failed-{request.node.name[:60]}")


def test_a_birth_registration_online_with_result_by_post_from_submission_to_returned(page, app_server,
                                                                                     on_failure_screenshot):
    page.goto(app_server)
    wait_for_app(page)
    reset_sandbox(page)

    # The citizen signs in with (mock) VNeID, finds the procedure without diacritics, fills in the e-form (it is the
    # declaration) and submits without the birth notice (Giấy chứng sinh), which is still at the hospital.
    as_role(page, "citizen")
    nav(page, "nav.portal")
    press(page, vi("portal.signin_button"))
    see(page, "Đã đăng nhập")
    search = page.get_by_label(vi("portal.search_label"))
    search.fill("dang ky khai sinh")
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("1.001193 · Đăng ký khai sinh", exact=True).filter(visible=True).first.click()
    wait_for_app(page)
    press(page, vi("portal.start_button"))
    fill_birth_form(page)  # copied from the papers: the child, the mother, the relationship
    form = page.get_by_test_id("stForm")
    groups = form.get_by_role("radiogroup")
    groups.nth(0).get_by_text(vi("portal.attach_skip"), exact=True).click()  # the birth notice is not ready yet
    form.locator("input[type=file]").nth(1).set_input_files(  # the witness statement, scanned
        files=[{"name": "van-ban-lam-chung.pdf", "mimeType": "application/pdf", "buffer": SCAN}])
    form.get_by_text(vi("sandbox.delivery.post"), exact=True).click()
    press(page, vi("portal.save_button"))
    see(page, vi("portal.saved"))
    press(page, vi("portal.submit_button"))
    see(page, "Mã hồ sơ")
    submitted = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Mã hồ sơ").first.inner_text()
    code = re.search(r"Mã hồ sơ: (\S+)", submitted).group(1)
    no_exception(page)

    # The desk sees it in the inbox with the 8-hour limit and asks, once, for the birth notice.
    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    see(page, code)
    see(page, vi("desk.inbox.title"))
    page.get_by_test_id("stCheckbox").filter(visible=True).nth(1).click()  # Giấy chứng sinh: "Cần bổ sung"
    wait_for_app(page)
    note = page.get_by_label(vi("desk.supplement.note"))
    note.fill("Xin bổ sung Giấy chứng sinh do cơ sở y tế cấp.")
    note.press("Control+Enter")
    wait_for_app(page)
    press(page, vi("desk.actions.supplement"))
    see(page, vi("desk.flash.supplement_requested", code=code))
    assert "Giấy chứng sinh" in download_pdf_text(page, "Mẫu 02", code)
    snap(page, "journey-a-1-desk-supplement-requested")

    # The citizen supplements from "Hồ sơ của tôi": uploads the birth notice and sends the supplement.
    as_role(page, "citizen")
    nav(page, "nav.my_dossiers")
    see(page, code)
    form = page.get_by_test_id("stForm")
    form.locator("input[type=file]").first.set_input_files(
        files=[{"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": SCAN}])
    press(page, vi("portal.save_button"))
    see(page, vi("portal.saved"))
    press(page, vi("portal.mine.supplement_button"))
    see(page, vi("portal.mine.supplement_done"))

    # The supplemented dossier is back in the desk's inbox: the desk checks it again and receives it, then prints
    # the receipt and appointment slip and forwards it for processing.
    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    see(page, code)
    see(page, vi("desk.supplement.again"))
    snap(page, "journey-a-1b-desk-checks-the-supplement-again")
    press(page, vi("desk.actions.receive"))
    see(page, vi("desk.flash.received", code=code))
    tab(page, vi("desk.actions.forward"))
    see(page, code)
    receipt = download_pdf_text(page, "Mẫu 01", code)
    assert code in receipt and "Đăng ký khai sinh" in receipt
    press(page, vi("desk.actions.forward"))
    see(page, vi("desk.flash.forwarded", code=code))
    assert code in download_pdf_text(page, "Mẫu 05", code)

    # Specialist → office head → leader.
    for role, action, done in (("specialist", "next", "next"), ("office_head", "to_leader", "next"),
                               ("leader", "sign", "signed")):
        as_role(page, role)
        nav(page, "nav.processing")
        see(page, code)
        press(page, vi(f"desk.proc.actions.{action}"))
        see(page, vi(f"desk.proc.flash.{done}", code=code))
        no_exception(page)

    # The desk hands the result to the post; the postal worker delivers it.
    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    tab(page, vi("desk.actions.return"))
    press(page, vi("desk.actions.to_post"))
    see(page, vi("desk.flash.to_post", code=code))
    as_role(page, "postal_worker")
    nav(page, "nav.post")
    tab(page, vi("desk.post.actions.deliver"))
    see(page, code)
    press(page, vi("desk.post.actions.deliver"))
    see(page, vi("desk.post.flash.delivered", code=code))
    snap(page, "journey-a-2-post-delivered")

    # The citizen tracks the dossier: the result has been returned.
    as_role(page, "citizen")
    nav(page, "nav.tracking")
    box = page.get_by_label(vi("portal.track.code_label"))
    box.fill(code)
    box.press("Enter")
    wait_for_app(page)
    see(page, vi("sandbox.status.s10"))
    no_exception(page)
    snap(page, "journey-a-3-tracking-returned")


def test_a_walk_in_dossier_gets_its_apology_slip_in_time_and_a_late_one_is_refused(page, app_server,
                                                                                  on_failure_screenshot):
    page.goto(app_server)
    wait_for_app(page)
    reset_sandbox(page)

    # Walk-in: marital status confirmation (3 working days), papers digitised at the counter, then received.
    tab(page, vi("desk.walk_in.title"))
    choose(page, vi("desk.walk_in.procedure"), re.compile("1.004873"), typed="1.004873")
    press(page, vi("desk.walk_in.start"))
    digitise_every_missing_paper(page)
    press(page, vi("desk.fee.button"))  # the fee is collected at the counter, with its receipt, before reception
    see(page, vi("desk.fee.paid", amount="5.000 ₫"))
    snap(page, "journey-b-0-fee-collected-at-the-counter")
    press(page, vi("desk.actions.receive"))
    flash = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Đã tiếp nhận hồ sơ").first.inner_text()
    code = re.search(r"Đã tiếp nhận hồ sơ (\S+)\.", flash).group(1)
    assert code in download_pdf_text(page, "Mẫu 01")
    tab(page, vi("desk.actions.forward"))
    snap(page, "journey-b-0-walk-in-received")
    card = page.locator("p", has_text=vi("desk.col.appointment") + ":").filter(visible=True).first.inner_text()
    appointment = parse_when(card.split(vi("desk.col.appointment"))[1])
    press(page, vi("desk.actions.forward"))
    see(page, vi("desk.flash.forwarded", code=code))

    # Time passes up to the last working day before the appointment: the result will not be ready in time.
    days = working_days_between(clock_shown(page).date(), appointment.date())
    let_days_pass(page, days - 1)
    assert clock_shown(page) < appointment

    as_role(page, "specialist")
    nav(page, "nav.processing")
    see(page, code)
    assert page.get_by_text(vi("desk.proc.late_list", codes=code)).count() == 0
    reason = page.get_by_label(vi("desk.proc.apology.reason"))
    reason.fill("Cần xác minh thêm tình trạng hôn nhân tại nơi cư trú trước đây.")
    reason.press("Control+Enter")
    wait_for_app(page)
    press(page, vi("desk.proc.apology.issue"))
    see(page, vi("desk.proc.flash.apology", code=code))
    apology = download_pdf_text(page, "Mẫu 04", code)
    assert code in apology
    snap(page, "journey-b-1-apology-in-time")

    # Two more working days: the deadline has passed, the dossier is overdue and a new apology is refused.
    let_days_pass(page, 2)
    see(page, vi("desk.proc.late_list", codes=code))
    reason = page.get_by_label(vi("desk.proc.apology.reason"))
    reason.fill("Lần hai, sau khi đã quá hạn.")
    reason.press("Control+Enter")
    wait_for_app(page)
    press(page, vi("desk.proc.apology.issue"))
    see(page, "Đã quá hạn trả kết quả")
    no_exception(page)
    snap(page, "journey-b-2-apology-refused-after-deadline")

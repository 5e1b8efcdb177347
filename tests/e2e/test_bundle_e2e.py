"""The birth bundle in Chromium, by visible Vietnamese labels: a citizen files ONE interconnected bundle
(khai sinh – thường trú – thẻ BHYT cho trẻ dưới 6 tuổi) from the portal, sees its three dossier codes and parts on
"Hồ sơ của tôi", and the desk sees that an inbox dossier belongs to a bundle; then the scenario
citizen-birth-bundle is played to a pass with the coach panel beside the portal.
"""

from __future__ import annotations

import re

from tests.e2e.eform import choose, fill_birth_form, fill_residence_form
from tests.e2e.helpers import screenshot, wait_for_app
from tests.e2e.test_sandbox_journeys_e2e import (
    as_role,
    nav,
    no_exception,
    on_failure_screenshot,  # noqa: F401  (fixture)
    press,
    reset_sandbox,
    see,
    snap,
    vi,
)
from tests.e2e.test_scenarios_e2e import _choose, _done, _names, _panel, _start, _task_text

SCAN = b"%PDF-1.4\n% a fake scan made for the practice sandbox\n%%EOF\n"
CODE = re.compile(r"^(\S+-\d{6}-\d{4}) · ")


def save_part(page, number: int) -> None:
    """Press “Lưu tờ khai và giấy tờ” in the e-form of part `number` (0-based); its tờ khai is then ticked."""
    form = page.get_by_test_id("stForm").nth(number)
    button = form.get_by_role("button", name=vi("portal.save_button"))
    button.scroll_into_view_if_needed()
    wait_for_app(page)
    button.click()
    wait_for_app(page)
    page.get_by_test_id("stForm").nth(number).get_by_text(vi("portal.attach_eform"), exact=False).first.wait_for()
    no_exception(page)


def fill_birth_bundle(page) -> None:
    """Open “Thủ tục liên thông”, start the birth bundle for the child, save each part, upload, pay the fee."""
    page.get_by_text(vi("bundle.title"), exact=True).click()  # the expander “Thủ tục liên thông”
    see(page, "Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi")
    page.get_by_label("Họ, chữ đệm, tên của trẻ *", exact=True).fill("Nguyễn Minh An")
    birth = page.get_by_label("Ngày, tháng, năm sinh của trẻ *", exact=True)
    birth.fill("18/02/2026")
    birth.press("Enter")
    wait_for_app(page)
    choose(page, page, "Giới tính của trẻ *", "Nam")  # the TK1-TS part asks the child's gender too: say it once here
    press(page, vi("bundle.start_button"))
    see(page, vi("bundle.part_title", n=3, code="SB.0012", name="Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"))
    no_exception(page)
    fill_birth_form(page, "bundle")  # the same e-form as on its own: the child's fields come from one definition
    save_part(page, 0)  # đăng ký khai sinh: the filled tờ khai is the declaration
    fill_residence_form(page, "bundle")
    residence = page.get_by_test_id("stForm").nth(1)  # đăng ký thường trú: plus the proof of a lawful home, scanned
    residence.get_by_role("radiogroup").nth(0).get_by_text(vi("portal.attach_upload"), exact=True).click()
    residence.locator("input[type=file]").nth(0).set_input_files(
        files=[{"name": "giay-to-cho-o.pdf", "mimeType": "application/pdf", "buffer": SCAN}])
    wait_for_app(page)
    save_part(page, 1)
    press(page, vi("bundle.pay_button"))  # lệ phí đăng ký thường trú nộp trực tuyến
    see(page, vi("bundle.part_paid", amount="10.000 ₫"))
    save_part(page, 2)  # thẻ BHYT: the TK1-TS form


def test_a_citizen_files_the_birth_bundle_and_the_desk_sees_its_parts(page, app_server, on_failure_screenshot):  # noqa: F811
    page.goto(app_server)
    wait_for_app(page)
    reset_sandbox(page)

    as_role(page, "citizen")
    nav(page, "nav.portal")
    press(page, vi("portal.signin_button"))
    see(page, "Đã đăng nhập")
    fill_birth_bundle(page)
    snap(page, "bundle-birth-filled")

    press(page, vi("bundle.submit_button"))
    see(page, "Đã nộp bộ hồ sơ liên thông")
    no_exception(page)
    lines = page.get_by_test_id("stMarkdownContainer").filter(has_text=re.compile(r"-\d{6}-\d{4} · ")).all_inner_texts()
    codes = [m.group(1) for m in (CODE.search(line.strip()) for line in lines) if m]
    assert len(codes) == 3, lines
    snap(page, "bundle-birth-submitted")

    nav(page, "nav.my_dossiers")
    see(page, vi("bundle.mine_title"))
    see(page, vi("bundle.mine_open"))
    no_exception(page)
    snap(page, "bundle-birth-my-dossiers")

    as_role(page, "desk_officer")
    nav(page, "nav.desk")
    see(page, "Hồ sơ thuộc bộ liên thông")
    caption = page.get_by_text("Hồ sơ thuộc bộ liên thông").first.inner_text()
    assert sum(code in caption for code in codes) == 2, caption  # the two other parts of the picked dossier
    no_exception(page)
    snap(page, "bundle-birth-desk")


def test_the_birth_bundle_scenario_is_played_to_a_pass_on_the_portal(page, app_server, on_failure_screenshot) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _start(page, app_server, "citizen-birth-bundle", "Liên thông khai sinh – thường trú – thẻ BHYT cho trẻ dưới 6 tuổi")
    [mother] = _names(_task_text(page), r"Bạn là (.+?), vừa sinh con")
    _choose(page, vi("portal.signin_pick"), re.compile(re.escape(mother)), typed=mother)
    press(page, vi("portal.signin_button"))
    see(page, "Đã đăng nhập")
    fill_birth_bundle(page)
    _panel(page).get_by_text(vi("coach.panel_step", n=3, total=3)).wait_for()
    press(page, vi("bundle.submit_button"))
    see(page, "Đã nộp bộ hồ sơ liên thông")
    _done(page)
    screenshot(page, "scenario-birth-bundle-result")

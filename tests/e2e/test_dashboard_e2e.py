"""The leaders' dashboard in Chromium (issue 16, Done when): a province leader signs in, sees completion and the map of
the communes, drills down to a commune and a participant, downloads the XLSX and the PDF; a commune leader sees only
their commune; and all along not one request leaves for another host (the map draws with no internet: no tiles,
scripts or topojson). Screenshots at province and commune level and of the map at 1280 px and 390 px."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import HALL_HOST
from tests.e2e.helpers import choose, menu_link, run_cli, screenshot, wait_for_app
from tests.ui.test_dashboard_page import seed
from trainer.settings import PROJECT_ROOT

PASSWORD = "mat-khau-dai-1"
SAMPLE = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"


def _own(url: str, base: str) -> bool:
    parts, app = urlsplit(url), urlsplit(base)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname in (app.hostname, HALL_HOST) and parts.port == app.port


def _leader(browser, app_server: str, username: str, outside: list[str], first: bool = False):  # type: ignore[no-untyped-def]
    """A fresh browser (no cookie) signed in as username, on the dashboard; requests to other hosts are noted and
    refused, as with the network cut. `first`: the server's first session, which opens "/" before a deep link."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True)
    context.route("**/*", lambda route: (outside.append(route.request.url) or route.abort())
                  if not _own(route.request.url, app_server) else route.continue_())
    page = context.new_page()
    page.set_default_timeout(30_000)
    if first:  # a fresh process shows "Page not found" over its first session's deep link
        page.goto(app_server)
        wait_for_app(page)
    page.goto(f"{app_server}/dang-nhap")
    wait_for_app(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page)
    menu_link(page, "Bảng theo dõi tập huấn").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Bảng theo dõi tập huấn").wait_for()
    return context, page


def _metric(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has_text=label).first
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def _tab(page, name: str) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    wait_for_app(page)


def _drawn(page) -> None:
    """The open tab's first Vega-Lite chart has drawn something (a canvas or an SVG with a size)."""
    drawing = page.locator("[data-testid='stVegaLiteChart']:visible").first.locator("canvas, svg").first
    drawing.wait_for(state="visible")
    drawing.scroll_into_view_if_needed()  # the screenshot that follows shows it (Streamlit scrolls its own container)
    box = drawing.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100, box


def _options(page, label: str) -> list[str]:
    """The options of the select labelled `label` (its list opened, read, closed); a rerun that redraws the select
    under the click closes the list: it is opened again, as `choose` does."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        wait_for_app(page)
        page.get_by_label(label, exact=True).first.click()
        try:
            page.get_by_role("option").first.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    texts = [o.inner_text().strip() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    wait_for_app(page)
    return texts


@pytest.fixture(scope="module")
def figures(app_server, app_data_dir) -> None:
    """The page test's province campaign (3 people in Phong Quang, 2 in Bắc Kạn; leaders ld.tinh and ld.xa) in the
    served database, and the sample monthly report imported on the server's shell."""
    seed(f"sqlite:///{app_data_dir / 'trainer.db'}")
    done = run_cli(app_server, ["report", "import", str(SAMPLE)])
    assert done.returncode == 0, done.stdout + done.stderr


def test_province_and_commune_leaders_use_the_dashboard_with_no_request_to_another_host(browser, app_server,
                                                                                        figures):
    outside: list[str] = []
    context, page = _leader(browser, app_server, "ld.tinh", outside, first=True)
    try:
        # completion: 5 enrolled, 2 passed, 40 % against a target of 80 %, 2 more needed
        assert _metric(page, "Ghi danh") == "5" and _metric(page, "Đã đạt") == "2"
        assert _metric(page, "Tỷ lệ đạt") == "40,0%" and _metric(page, "Còn thiếu") == "2"
        _drawn(page)
        screenshot(page, "dashboard-province-1280")
        # drill down: the commune's missing people (with their phone), then one participant's runs
        choose(page, "Đơn vị", "Xã Phong Quang")
        choose(page, "Người học", "Hà Văn Minh — Xã Phong Quang")
        page.get_by_text("Kịch bản (1 lượt)").wait_for()
        page.get_by_text("Bài kiểm tra (1 lượt)").wait_for()
        # the map: drawn in the browser from the reference coordinates
        _tab(page, "Bản đồ")
        _drawn(page)
        screenshot(page, "dashboard-map-1280")
        # the real system's monthly report (imported on the server's shell, above) beside completion
        _tab(page, "Số liệu thật")
        _drawn(page)
        screenshot(page, "dashboard-real-figures-1280")
        # the XLSX and the printable PDF of what the province leader sees
        _tab(page, "Xuất báo cáo")
        with page.expect_download() as info:
            page.get_by_role("button", name="Tải báo cáo Excel (.xlsx)").click()
        book = load_workbook(io.BytesIO(info.value.path().read_bytes()))
        names = [row[0] for row in book["Hoàn thành"].iter_rows(min_row=5, values_only=True)]
        assert "Xã Phong Quang" in names and "Phường Bắc Kạn" in names
        assert "Số liệu thật theo tháng" in book.sheetnames
        with page.expect_download() as info:
            page.get_by_role("button", name="Tải báo cáo in (.pdf)").click()
        assert info.value.path().read_bytes().startswith(b"%PDF")
        # the map on a phone
        page.set_viewport_size({"width": 390, "height": 844})
        _tab(page, "Bản đồ")
        _drawn(page)
        screenshot(page, "dashboard-map-390")
        _tab(page, "Số liệu thật")
        _drawn(page)
        screenshot(page, "dashboard-real-figures-390")
        _tab(page, "Hoàn thành")
        page.get_by_role("heading", name="Bảng theo dõi tập huấn").scroll_into_view_if_needed()
        screenshot(page, "dashboard-province-390")
    finally:
        context.close()

    context, page = _leader(browser, app_server, "ld.xa", outside)
    try:
        assert _metric(page, "Ghi danh") == "3" and _metric(page, "Đã đạt") == "1"
        assert _options(page, "Đơn vị") == ["Xã Phong Quang"]
        people = _options(page, "Người học")
        assert sorted(p.split(" — ")[0] for p in people) == ["Hà Văn Minh", "Lò Thị Lan", "Vi Văn Cường"]
        assert "Phường Bắc Kạn" not in page.get_by_test_id("stMain").inner_text()
        top = page.get_by_role("heading", name="Bảng theo dõi tập huấn")
        top.scroll_into_view_if_needed()
        screenshot(page, "dashboard-commune-1280")
        page.set_viewport_size({"width": 390, "height": 844})
        wait_for_app(page)
        top.scroll_into_view_if_needed()
        screenshot(page, "dashboard-commune-390")
    finally:
        context.close()
    assert not outside, f"requests to other hosts: {sorted(set(outside))}"


def test_the_dashboard_with_figures_has_no_serious_or_critical_axe_violation(browser, app_server, figures):
    """The accessibility test audits the page as an administrator with no campaign (nothing below the picker); here
    with a campaign, people and real figures: the completion, map and real figures tabs."""
    from tests.e2e.test_accessibility_e2e import _audit, _axe

    axe = _axe()
    outside: list[str] = []
    context, page = _leader(browser, app_server, "ld.tinh", outside, first=True)
    try:
        found = _audit(axe, page, "Hoàn thành")
        for tab in ("Bản đồ", "Số liệu thật"):
            _tab(page, tab)
            _drawn(page)
            found += _audit(axe, page, tab)
    finally:
        context.close()
    assert not found, found
    assert not outside, outside

"""The dashboard's "Số liệu thật" tab in AppTest (issue 16 item 6): a province leader uploads a bad report (located
errors, nothing stored) then the sample (stored, shown beside completion, in the XLSX's sheet); a commune leader
sees only their commune and may import only it."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.ui.test_dashboard_page import page, seed  # noqa: F401 - the page fixture
from trainer.db.engine import get_session_factory
from trainer.reports.models import RealMonthlyFigure
from trainer.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"
CSV = "text/csv"
REAL_TAB = "real_figures.tab"


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="real_upload").set_value((name, data, CSV))
    at.run()
    at.button(key="real_import").click().run()
    assert not at.exception, at.exception
    return at


def _stored(url: str) -> int:
    with get_session_factory(url)() as session:
        return int(session.scalar(select(func.count()).select_from(RealMonthlyFigure)))


def _real_table(at):
    return next(d.value for d in at.dataframe if "Tỷ lệ trực tuyến" in d.value.columns)


def test_a_province_leader_imports_the_report_and_sees_it_beside_completion(app_db, page):  # noqa: F811
    data = seed(app_db)
    at = page(data["province"], tab=REAL_TAB)
    assert any("Chưa có báo cáo tháng nào" in i.value for i in at.info)
    bad = SAMPLE.read_text(encoding="utf-8").replace("01849,2026-02,413,153", "01849,2026-02,413,999")
    _upload(at, "loi.csv", bad.encode("utf-8"))
    assert any("có 1 lỗi: chưa nhập dòng nào" in e.value for e in at.error), [e.value for e in at.error]
    problems = at.table[0].value
    assert "dòng 4, cột Tiếp nhận trực tuyến (999)" in problems.iloc[0, 0]
    assert "lớn hơn số hồ sơ tiếp nhận (413)" in problems.iloc[0, 1]
    assert _stored(app_db) == 0
    _upload(at, SAMPLE.name, SAMPLE.read_bytes())
    assert any("Đã nhập 36 dòng số liệu" in s.value for s in at.success)
    assert _stored(app_db) == 36
    at.run()
    table = _real_table(at)
    assert len(table) == 36
    row = table[(table["Xã"] == "Xã Phong Quang") & (table["Tháng"] == "01/2026")].iloc[0]
    assert (row["Hồ sơ tiếp nhận"], row["Tiếp nhận trực tuyến"], row["Tỷ lệ trực tuyến"]) == ("350", "117", "33,4%")
    assert row["Tỷ lệ đúng hạn"] == "96,2%"  # 329 of 342 handled
    assert at.selectbox(key="real_pick").options[0] == "Toàn bộ phạm vi"


def test_a_commune_leader_sees_and_imports_only_their_commune(app_db, page):  # noqa: F811
    data = seed(app_db)
    province = page(data["province"], tab=REAL_TAB)
    _upload(province, SAMPLE.name, SAMPLE.read_bytes())
    at = page(data["commune"], tab=REAL_TAB)
    table = _real_table(at)
    assert set(table["Xã"]) == {"Xã Phong Quang"} and len(table) == 6
    other = "Xã,Tháng,Hồ sơ tiếp nhận,Tiếp nhận trực tuyến,Giải quyết đúng hạn\n01843,2026-07,10,5,9\n"
    _upload(at, "xa-khac.csv", other.encode("utf-8"))
    assert "ngoài phạm vi" in at.table[0].value.iloc[0, 1]
    assert _stored(app_db) == 36

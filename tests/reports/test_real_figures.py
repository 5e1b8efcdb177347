"""The province's monthly per-commune report of the real one-stop system (issue 16 item 6): read from CSV (UTF-8,
Windows-1258) or XLSX, checked row by row with located Vietnamese errors, stored all or nothing within the
importing account's scope, with an event; `trainer report check|import`; completion set beside the real figures."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from tests.training.test_workshops import account
from trainer.actor import Actor
from trainer.cli import main
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.reports import real_figures as rf
from trainer.reports.models import RealMonthlyFigure, RealReportImport
from trainer.settings import PROJECT_ROOT, get_settings

SAMPLE = PROJECT_ROOT / "sandbox_data" / "samples" / "bao-cao-thang-theo-xa-mau-so-lieu-gia.csv"
NOW = datetime(2026, 7, 10, 9, 0)
HEADER = "Xã,Tháng,Hồ sơ tiếp nhận,Tiếp nhận trực tuyến,Đã giải quyết,Giải quyết đúng hạn\n"


@pytest.fixture(autouse=True)
def _three_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    """This folder's conftest runs on the 2019 model; the sample file is of the default one (two levels, 2025)."""
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "two-level-2025")
    get_settings.cache_clear()


def csv_bytes(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    text = header + "".join(line + "\n" for line in lines)
    if encoding == "cp1258":
        return b"".join(_cp1258(ch) for ch in text)
    return text.encode(encoding)


def _cp1258(ch: str) -> bytes:
    """Windows-1258 has some letters whole (ê, ô, ơ, ư, ă) and writes the tone as a combining mark after them."""
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        base, *marks = unicodedata.normalize("NFD", ch)
        for mark in marks:
            whole = unicodedata.normalize("NFC", base + mark)
            if len(whole) == 1 and whole.encode("cp1258", "ignore"):
                return whole.encode("cp1258") + "".join(m for m in marks if m != mark).encode("cp1258")
        return (base + "".join(marks)).encode("cp1258")


def test_the_shipped_sample_reads_whole_and_says_its_figures_are_fake():
    text = SAMPLE.read_text(encoding="utf-8")
    assert "SỐ LIỆU GIẢ" in text.splitlines()[0] and "số liệu giả" in text
    parsed = rf.read_report(SAMPLE.read_bytes(), SAMPLE.name, today=NOW.date())
    assert parsed.problems == [] and len(parsed.entries) == 36
    first = parsed.entries[0]
    assert (first.row, first.unit_code, first.month) == (3, "01849", date(2026, 1, 1))
    # communes named by name resolve to their codes
    assert {e.unit_code for e in parsed.entries} == {"01849", "01843", "01840", "01864", "01879", "01906"}


def test_an_xlsx_report_with_a_title_line_date_cells_and_number_cells_reads_the_same_as_the_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(["Báo cáo tháng theo xã (SỐ LIỆU GIẢ)"])
    sheet.append(["Xã", "Tháng", "Hồ sơ tiếp nhận", "Tiếp nhận trực tuyến", "Đã giải quyết", "Giải quyết đúng hạn"])
    sheet.append(["Xã Phong Quang", datetime(2026, 3, 1), 1234, 600.0, 1200, 1150])
    sheet.append(["01843", "04/2026", "1.050", "520", None, "1.001"])
    out = io.BytesIO()
    book.save(out)
    parsed = rf.read_report(out.getvalue(), "bao-cao.xlsx")
    assert parsed.problems == [], [str(p) for p in parsed.problems]
    assert [(e.row, e.unit_code, e.month, e.received, e.online, e.handled, e.on_time) for e in parsed.entries] == [
        (3, "01849", date(2026, 3, 1), 1234, 600, 1200, 1150), (4, "01843", date(2026, 4, 1), 1050, 520, None, 1001)]


def test_a_windows_1258_csv_reads_with_diacritics_intact():
    data = csv_bytes("Xã Phong Quang,T3/2026,100,40,90,85", encoding="cp1258")
    parsed = rf.read_report(data, "bao-cao.csv")
    assert parsed.problems == [] and parsed.entries[0].unit_code == "01849"
    assert parsed.encoding == "cp1258"


def test_every_bad_row_is_located_by_row_and_column_in_vietnamese():
    data = csv_bytes(
        "01849,2026-13,10,5,10,9",          # 2: month 13
        "01849,2026-09,10,5,10,9",          # 3: a month not yet come (today is July 2026)
        "19,2026-03,10,5,10,9",             # 4: the province, not a commune
        "Xã Không Có,2026-03,10,5,10,9",    # 5: unknown commune
        "01849,2026-03,-4,0,0,0",           # 6: negative
        "01849,2026-04,10,12,10,9",         # 7: online > received
        "01849,2026-05,10,5,8,9",           # 8: on time > handled
        "01843,2026-03,10,5,10,9",          # 9: good
        "Phường Bắc Kạn,03/2026,10,5,10,9",  # 10: the same commune and month as row 9
        "01849,2026-06,mười,5,10,9",        # 11: not a number
    )
    parsed = rf.read_report(data, "loi.csv", today=NOW.date())
    got = [(p.row, p.column) for p in parsed.problems]
    assert got == [(2, "Tháng"), (3, "Tháng"), (4, "Xã"), (5, "Xã"), (6, "Hồ sơ tiếp nhận"),
                   (7, "Tiếp nhận trực tuyến"), (8, "Giải quyết đúng hạn"), (10, "Xã"), (11, "Hồ sơ tiếp nhận")]
    text = "\n".join(map(str, parsed.problems))
    for words in ("dòng 2, cột “Tháng” (“2026-13”)", "chưa tới", "không phải cấp xã", "không có đơn vị này",
                  "không được âm", "lớn hơn số hồ sơ tiếp nhận (10)", "lớn hơn số hồ sơ đã giải quyết (8)",
                  "trùng với dòng 9", "phải là một số nguyên"):
        assert words in text, (words, text)


def test_without_the_handled_column_on_time_may_not_exceed_received():
    parsed = rf.read_report(csv_bytes("01849,2026-03,10,5,11", header="Xã,Tháng,Hồ sơ tiếp nhận,"
                                      "Tiếp nhận trực tuyến,Giải quyết đúng hạn\n"), "x.csv")
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "Giải quyết đúng hạn")]
    assert "Đã giải quyết" in parsed.problems[0].message


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"", "x.csv", "Tệp trống"),
    (b"Xa,Thang\n01849,2026-03\n", "x.csv", "thiếu cột: Hồ sơ tiếp nhận, Tiếp nhận trực tuyến, Giải quyết đúng hạn"),
    (b"PK\x03\x04junk", "x.xlsx", "XLSX bị hỏng"),
    (b"hello", "x.pdf", "không phải tệp CSV hay XLSX"),
    (HEADER.encode(), "x.csv", "chưa có số liệu nào"),
])
def test_whole_file_problems_get_a_clear_vietnamese_message(data, name, words):
    parsed = rf.read_report(data, name)
    assert not parsed.entries and any(words in str(p) for p in parsed.problems), [str(p) for p in parsed.problems]


def _count(url, model) -> int:
    with get_session_factory(url)() as session:
        return int(session.scalar(select(func.count()).select_from(model)))


def _import(url, actor, data, name="bao-cao.csv", now=NOW):
    with get_session_factory(url).begin() as session:
        return rf.import_report(session, actor=actor, data=data, filename=name, now=now)


def test_a_report_with_one_bad_row_stores_nothing(db_url):
    admin = account(db_url, "quan.tri", "administrator")
    result = _import(db_url, admin, csv_bytes("01849,2026-03,10,5,10,9", "01843,2026-03,10,50,10,9"))
    assert not result.ok and [(p.row, p.column) for p in result.problems] == [(3, "Tiếp nhận trực tuyến")]
    assert _count(db_url, RealMonthlyFigure) == 0 and _count(db_url, RealReportImport) == 0
    with get_session_factory(db_url)() as session:
        assert session.scalar(select(func.count()).select_from(Event).where(Event.entity == "real_report")) == 0


def test_a_good_report_is_stored_with_its_event_and_a_second_import_replaces_the_same_months(db_url):
    admin = account(db_url, "quan.tri", "administrator")
    result = _import(db_url, admin, SAMPLE.read_bytes(), SAMPLE.name)
    assert result.ok and (result.imported, result.replaced) == (36, 0)
    again = _import(db_url, admin, csv_bytes("01849,2026-01,999,500,900,800", "01849,2026-07,10,5,10,9"),
                    now=NOW + timedelta(hours=1))
    assert again.ok and (again.imported, again.replaced) == (2, 1)
    assert _count(db_url, RealMonthlyFigure) == 37 and _count(db_url, RealReportImport) == 2
    with get_session_factory(db_url)() as session:
        events = session.scalars(select(Event).where(Event.action == "real_report.imported").order_by(Event.id)).all()
        assert [(e.entity_id, e.data["rows"], e.data["replaced"], e.account_id) for e in events] == [
            (str(result.import_id), 36, 0, admin.account_id), (str(again.import_id), 2, 1, admin.account_id)]
        rows = rf.figures(session, admin)
    january = next(r for r in rows if r.unit_code == "01849" and r.month == date(2026, 1, 1))
    assert (january.received, january.online, january.handled, january.on_time) == (999, 500, 900, 800)
    assert january.online_share == pytest.approx(500 / 999) and january.on_time_rate == pytest.approx(800 / 900)


def test_a_commune_leader_imports_and_sees_only_their_commune(db_url):
    admin = account(db_url, "quan.tri", "administrator")
    _import(db_url, admin, SAMPLE.read_bytes(), SAMPLE.name)
    commune = account(db_url, "ld.xa", "leader", ["01849"])
    refused = _import(db_url, commune, csv_bytes("01849,2026-07,10,5,10,9", "01843,2026-07,10,5,10,9"))
    assert [(p.row, p.column) for p in refused.problems] == [(3, "Xã")]
    assert "ngoài phạm vi" in refused.problems[0].message and _count(db_url, RealMonthlyFigure) == 36
    assert _import(db_url, commune, csv_bytes("01849,2026-07,10,5,10,9")).ok
    province = account(db_url, "ld.tinh", "leader", ["19"])
    with get_session_factory(db_url)() as session:
        assert {r.unit_code for r in rf.figures(session, commune)} == {"01849"}
        assert len(rf.figures(session, commune)) == 7
        assert len(rf.figures(session, province)) == 37
        assert rf.figures(session, account(db_url, "gv.khong", "trainer")) == ()
        with pytest.raises(DomainError):
            rf.figures(session, Actor.playing("citizen"))


def test_a_trainer_or_a_participant_may_not_import(db_url):
    trainer = account(db_url, "gv.lan", "trainer", ["19"])
    for who in (trainer, Actor.playing("citizen")):
        with pytest.raises(DomainError) as caught, get_session_factory(db_url).begin() as session:
            rf.import_report(session, actor=who, data=SAMPLE.read_bytes(), filename=SAMPLE.name, now=NOW)
        assert caught.value.key == "errors.real_figures.not_allowed"
    assert _count(db_url, RealMonthlyFigure) == 0


class _P:
    def __init__(self, commune, enrolled, passed=None):
        self.commune_code, self.enrolled_at, self.passed_at = commune, enrolled, passed


def test_completion_by_the_end_of_each_month_sits_beside_the_real_figures():
    people = [_P("01849", datetime(2026, 1, 5), datetime(2026, 2, 10)), _P("01849", datetime(2026, 1, 6)),
              _P("01849", datetime(2026, 2, 20), datetime(2026, 3, 1)), _P("01843", datetime(2026, 1, 1))]
    rows = (rf.FigureRow("01849", date(2026, 1, 1), 100, 30, 90, 81), rf.FigureRow("01849", date(2026, 2, 1), 100, 40, None, 95),
            rf.FigureRow("01849", date(2026, 3, 1), 100, 50, 100, 99), rf.FigureRow("01843", date(2026, 3, 1), 50, 10, 50, 40))
    moved = rf.movement(people, rows)
    assert [(m.enrolled, m.passed) for m in moved] == [(2, 0), (3, 1), (3, 2), (1, 0)]
    assert moved[1].completion == pytest.approx(1 / 3) and moved[1].on_time_rate == pytest.approx(0.95)
    assert moved[0].online_share == pytest.approx(0.3) and moved[0].on_time_rate == pytest.approx(0.9)
    march = rf.totals(moved)[-1]
    assert (march.month, march.enrolled, march.passed, march.received, march.online) == (date(2026, 3, 1), 4, 2, 150, 60)
    assert march.on_time_rate == pytest.approx(139 / 150)


def test_trainer_report_check_and_import(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    assert main(["report", "check", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "dòng 3: Xã Phong Quang (01849) · 01/2026 · tiếp nhận 350" in out
    assert "Sẽ nhập 36 dòng số liệu (6 xã, từ tháng 01/2026 đến tháng 06/2026)." in out
    bad = tmp_path / "loi.csv"
    bad.write_bytes(csv_bytes("01849,2026-03,10,50,10,9"))
    report = tmp_path / "loi.xlsx"
    assert main(["report", "check", str(bad), "--report", str(report)]) == 1
    assert "dòng 2, cột “Tiếp nhận trực tuyến” (“50”)" in capsys.readouterr().out
    sheet = load_workbook(report).active
    assert "báo cáo tháng" in sheet["A1"].value and sheet["A5"].value == 2
    assert main(["report", "import", str(bad)]) == 1
    assert main(["report", "import", str(SAMPLE)]) == 0
    assert "Đã nhập 36 dòng số liệu (0 dòng thay số liệu cũ)." in capsys.readouterr().out
    assert main(["report", "check", str(tmp_path / "khong-co.csv")]) == 2

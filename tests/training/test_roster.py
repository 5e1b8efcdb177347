"""Roster import: CSV (UTF-8, UTF-8 with BOM, Windows-1258) and XLSX, row-by-row checks, all or nothing, a located
XLSX error report, and `trainer roster check FILE`."""

from __future__ import annotations

import io
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.training.test_workshops import account
from trainer.actor import Actor
from trainer.cli import main
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.training import workshops as ws
from trainer.training.roster import error_report_xlsx, import_roster, read_roster

FILES = Path(__file__).resolve().parent / "rosters"
GOOD = ("danh-sach-utf8-bom.csv", "danh-sach-windows-1258.csv")
NAMES = ["Nguyễn Thị Hường", "Lò Văn Thắng", "Trần Thị Ngọc Ánh"]
NOW = datetime(2026, 3, 2, 8, 0)


def read(name: str):
    return read_roster((FILES / name).read_bytes(), name)


@pytest.mark.parametrize("name", GOOD)
def test_good_csv_rosters_in_each_encoding_read_with_diacritics_intact(name):
    result = read(name)
    assert result.problems == [] and result.ok
    assert [e.name for e in result.entries] == NAMES
    assert all(unicodedata.is_normalized("NFC", e.name + e.position + e.unit_label) for e in result.entries)
    assert [(e.unit_code, e.audience) for e in result.entries] == [("01849", "official"), ("01849", "official"),
                                                                  ("01864", "citizen")]
    assert result.entries[0].position == "Công chức Văn phòng - Thống kê"
    assert result.entries[2].phone == "0987654321"


def test_the_files_really_are_in_those_encodings():
    bom = (FILES / "danh-sach-utf8-bom.csv").read_bytes()
    assert bom.startswith(b"\xef\xbb\xbf")
    legacy = (FILES / "danh-sach-windows-1258.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        legacy.decode("utf-8")
    assert read("danh-sach-windows-1258.csv").encoding == "cp1258"
    assert read("danh-sach-utf8-bom.csv").encoding == "utf-8-sig"


def test_an_xlsx_roster_reads_skipping_empty_rows_and_keeps_a_formula_as_text():
    result = read("danh-sach.xlsx")
    assert result.problems == [] and result.kind == "xlsx"
    assert [e.row for e in result.entries] == [2, 3, 5]
    assert result.entries[0].name == "Ma Thị Xuân" and result.entries[1].unit_label == "Xã Bằng Thành"
    assert result.entries[2].name.startswith("=HYPERLINK(")


def test_bad_rows_are_each_located_by_row_and_column():
    result = read("danh-sach-loi.csv")
    assert result.entries[:1] and not result.ok
    located = {(p.row, p.column) for p in result.problems}
    assert located == {(3, "Họ và tên"), (4, "Đơn vị"), (5, "Điện thoại"), (6, "Đối tượng"), (7, "Họ và tên")}
    assert any("trùng với dòng 2" in p.message for p in result.problems)


@pytest.mark.parametrize(("data", "filename", "words"), [
    (b"", "x.csv", "Tệp trống"),
    (b"   \r\n ", "x.csv", "Tệp trống"),
    ("Họ và tên,Đơn vị\nA,01849\n".encode(), "x.csv", "thiếu cột: Chức vụ, Đối tượng"),
    ("Họ và tên,Chức vụ,Đơn vị,Đối tượng\n".encode(), "x.csv", "chưa có học viên"),
    (b"%PDF-1.4 binary", "x.pdf", "không phải tệp CSV hay XLSX"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "anh.csv", "không phải tệp CSV hay XLSX"),
    (b"PK\x03\x04garbage", "x.xlsx", "XLSX bị hỏng"),
    (b"a" * (10 * 1024 * 1024), "to.csv", "Tệp quá lớn (10.0 MB)"),
])
def test_whole_file_problems_get_a_clear_vietnamese_message(data, filename, words):
    result = read_roster(data, filename)
    assert result.entries == [] and any(words in p.message for p in result.problems), result.problems


def test_the_error_report_is_a_vietnamese_xlsx_with_row_numbers():
    problems = read("danh-sach-loi.csv").problems + [read_roster(b"", "x.csv").problems[0]]
    book = load_workbook(io.BytesIO(error_report_xlsx(problems, "danh-sach-loi.csv")))
    rows = list(book.active.iter_rows(values_only=True))
    assert "môi trường thực hành" in rows[0][0]
    assert rows[3] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert [r[0] for r in rows[4:]] == [3, 4, 5, 6, 7, "cả tệp"]
    assert rows[5][2] == "Xã Không Có"


def test_a_formula_in_the_report_stays_text():
    from trainer.training.roster import RowProblem

    data = error_report_xlsx([RowProblem(2, "Họ và tên", '=HYPERLINK("http://x","y")', "lỗi")], "f.csv")
    cell = load_workbook(io.BytesIO(data)).active["C5"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def _workshop(url):
    trainer = account(url, "gv.lan", "trainer")
    with get_session_factory(url).begin() as session:
        row = ws.create_workshop(session, actor=trainer, unit_code="01849", held_on=date(2026, 3, 2),
                                 path_ids=["can-bo-mot-cua", "to-cong-nghe-so"], now=NOW)
    return trainer, row


def _import(url, trainer, row, name):
    with get_session_factory(url).begin() as session:
        return import_roster(session, actor=trainer, workshop_id=row.id, data=(FILES / name).read_bytes(),
                             filename=name, now=NOW)


def test_a_roster_with_bad_rows_imports_nothing(db_url):
    trainer, row = _workshop(db_url)
    result = _import(db_url, trainer, row, "danh-sach-loi.csv")
    assert result.imported == 0 and len(result.problems) == 5
    with get_session_factory(db_url)() as session:
        assert ws.roster(session, row.id, trainer) == ()


@pytest.mark.parametrize("name", [*GOOD, "danh-sach.xlsx"])
def test_good_rosters_import_and_people_join_by_picking_their_name_or_by_code(db_url, name):
    trainer, row = _workshop(db_url)
    result = _import(db_url, trainer, row, name)
    assert result.ok and result.imported == 3
    with get_session_factory(db_url)() as session:
        roster = ws.roster(session, row.id, trainer)
        assert {r.source for r in roster} == {"roster"} and all(r.joined_at is None for r in roster)
        assert {r.path_id for r in roster if r.audience == "citizen"} == {"to-cong-nghe-so"}
        names = sorted(r.name for r in roster)
    expected = sorted(NAMES) if name in GOOD else sorted(["Ma Thị Xuân", "Hà Đức Mạnh", '=HYPERLINK("http://example.invalid","bấm")'])
    assert names == expected
    first = next(r for r in roster if r.audience == "official")
    with get_session_factory(db_url).begin() as session:
        joined = ws.join_workshop(session, actor=Actor.playing("citizen"), code=row.join_code, name=first.name.upper(),
                                  audience="official", now=NOW)
        assert joined.trainee.id == first.trainee_id  # the imported person, not a new one
        kiosk = {e.name for e in ws.kiosk_roster(session, row.join_code)}
        assert kiosk == set(expected)
    again = _import(db_url, trainer, row, name)  # the same people again: duplicates of the roster, nothing written
    assert again.imported == 0 and all("đã có trong danh sách lớp" in p.message for p in again.problems)
    with get_session_factory(db_url)() as session:
        assert len(ws.roster(session, row.id, trainer)) == 3


def test_only_the_workshops_trainer_imports(db_url):
    _trainer, row = _workshop(db_url)
    other = account(db_url, "gv.hoa", "trainer")
    with get_session_factory(db_url).begin() as session:
        for who in (Actor.playing("citizen"), Actor.trainee("desk_officer", None), other):
            with pytest.raises(DomainError):
                import_roster(session, actor=who, workshop_id=row.id, data=(FILES / GOOD[0]).read_bytes(),
                              filename=GOOD[0], now=NOW)


@pytest.mark.parametrize("name", [*GOOD, "danh-sach.xlsx"])
def test_trainer_roster_check_prints_each_row_with_names_intact(name, capsys):
    assert main(["roster", "check", str(FILES / name)]) == 0
    out = capsys.readouterr().out
    assert "dòng 2: " in out and "Sẽ nhập 3 học viên" in out
    if name in GOOD:
        assert all(n in out for n in NAMES)


def test_trainer_roster_check_prints_each_problem_and_exits_1(tmp_path, capsys):
    report = tmp_path / "loi.xlsx"
    assert main(["roster", "check", str(FILES / "danh-sach-loi.csv"), "--report", str(report)]) == 1
    out = capsys.readouterr().out
    for number in (3, 4, 5, 6, 7):
        assert f"dòng {number}, cột" in out
    assert "sẽ không nhập dòng nào" in out
    assert [r[0] for r in list(load_workbook(report).active.iter_rows(values_only=True))[4:]] == [3, 4, 5, 6, 7]
    assert main(["roster", "check", str(tmp_path / "khong-co.csv")]) == 2

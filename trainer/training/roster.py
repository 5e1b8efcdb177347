"""Roster import (danh sách học viên) from CSV or XLSX: read and check row by row, all or nothing.

Columns (header row, in any order; Vietnamese or English names, case and diacritics ignored): full name
(`Họ và tên`), position (`Chức vụ`), unit (`Đơn vị`: a unit code such as 01849 or its name, "Xã Phong Quang" or
"Phong Quang"), phone (`Điện thoại`, optional column), audience (`Đối tượng`: cán bộ / người dân). CSV files in
UTF-8, UTF-8 with BOM or Windows-1258 are detected (charset-normalizer); every text is normalised to NFC.

Public API:
- `read_roster(data, filename) -> RosterFile` (no database): the rows it would import and every problem, each with
  its row number as the spreadsheet shows it (the header is row 1).
- `import_roster(session, *, actor, workshop_id, data, filename, now) -> ImportResult`: the same check plus
  duplicates against the workshop's roster and a path for each row's audience; nothing is written unless every
  row is good.
- `error_report_xlsx(problems, filename) -> bytes`: the problems as a Vietnamese XLSX (row, column, value, what
  is wrong).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import record_event
from trainer.errors import DomainError
from trainer.training.models import Enrolment, Trainee
from trainer.training.trainees import NAME_MAX_CHARS, create_trainee

MAX_BYTES = 2 * 1024 * 1024  # a roster of a few hundred people is a few tens of kB
MAX_ROWS = 2000
POSITION_MAX = 120
PHONE_RE = re.compile(r"^0[0-9]{9,10}$")

COLUMNS = ("name", "position", "unit", "phone", "audience")
REQUIRED = ("name", "position", "unit", "audience")
COLUMN_LABELS = {"name": "Họ và tên", "position": "Chức vụ", "unit": "Đơn vị", "phone": "Điện thoại",
                 "audience": "Đối tượng"}


def _fold(text: str) -> str:
    """Lower case without diacritics or spaces around: how headers, units and audiences are compared."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


HEADER_ALIASES = {
    "name": ("ho va ten", "ho ten", "ten", "full name", "name", "hoten"),
    "position": ("chuc vu", "chuc danh", "vi tri", "position", "job title"),
    "unit": ("don vi", "don vi cong tac", "xa", "xa phuong", "unit", "commune"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "phone", "phone number"),
    "audience": ("doi tuong", "audience", "nhom"),
}
AUDIENCE_WORDS = {
    "official": ("can bo", "cong chuc", "can bo cong chuc", "vien chuc", "official", "officials"),
    "citizen": ("nguoi dan", "cong dan", "dan", "citizen", "citizens", "to cong nghe so", "to cong nghe so cong dong"),
}


@dataclass(frozen=True)
class RowProblem:
    """One problem: the row number as the spreadsheet shows it (0: the whole file), the column, the value."""

    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"dòng {self.row}" if self.row else "tệp"
        column = f", cột “{self.column}”" if self.column else ""
        value = f" (“{self.value}”)" if self.value else ""
        return f"{where}{column}{value}: {self.message}"


@dataclass(frozen=True)
class RosterEntry:
    row: int
    name: str
    position: str
    unit_code: str
    unit_label: str
    phone: str
    audience: str


@dataclass
class RosterFile:
    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    kind: str = ""  # csv | xlsx
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    problems: tuple[RowProblem, ...]
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def nfc(text: object) -> str:
    value = "" if text is None else str(text)
    return " ".join(unicodedata.normalize("NFC", value).split())


# --- reading bytes ----------------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV and the encoding found: UTF-8 (with or without BOM) first, else charset-normalizer's
    best guess, preferring Windows-1258 among equally good single-byte guesses (the files are Vietnamese)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:  # a BOM, then bytes that are not UTF-8 (found by tests/robustness fuzzing)
            raise DomainError("errors.roster.unreadable") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise DomainError("errors.roster.unreadable")
    encoding = best.encoding
    if encoding != "cp1258" and any(m.encoding == "cp1258" for m in matches):
        encoding = "cp1258"
    return data.decode(encoding), encoding


def _csv_rows(text: str) -> list[list[str]]:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:
        raise DomainError("errors.roster.bad_xlsx") from exc
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise DomainError("errors.roster.empty")
    rows = []
    for index, values in enumerate(sheet.iter_rows(values_only=True)):
        if index > MAX_ROWS + 1:
            break
        rows.append(["" if v is None else str(v) for v in values])
    book.close()
    return rows


def _kind(data: bytes, filename: str) -> str:
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04":
        if not name.endswith((".xlsx", ".xlsm")):
            raise DomainError("errors.roster.not_csv_or_xlsx", name=filename)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "xl/workbook.xml" not in archive.namelist():
                    raise DomainError("errors.roster.not_csv_or_xlsx", name=filename)
        except zipfile.BadZipFile as exc:
            raise DomainError("errors.roster.bad_xlsx") from exc
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm")):
        raise DomainError("errors.roster.bad_xlsx")
    if not name.endswith((".csv", ".txt")):
        raise DomainError("errors.roster.not_csv_or_xlsx", name=filename)
    if b"\x00" in data[:4096]:
        raise DomainError("errors.roster.not_csv_or_xlsx", name=filename)
    return "csv"


# --- checking ---------------------------------------------------------------------------------------------------


def _header_map(header: list[str]) -> tuple[dict[str, int], list[RowProblem]]:
    found: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        folded = _fold(nfc(cell).lstrip("\ufeff"))
        for column, aliases in HEADER_ALIASES.items():
            if folded in aliases:
                if column in found:
                    problems.append(RowProblem(1, nfc(cell), "", "cột này xuất hiện hai lần"))
                found.setdefault(column, index)
    missing = [COLUMN_LABELS[c] for c in REQUIRED if c not in found]
    if missing:
        problems.append(RowProblem(1, "", "", "thiếu cột: " + ", ".join(missing) +
                                   " (hàng đầu tiên phải là tên cột: Họ và tên, Chức vụ, Đơn vị, Điện thoại, Đối tượng)"))
    return found, problems


def _unit_index():
    from trainer.world.units import load_units

    units = load_units()
    by_name: dict[str, list] = {}
    for unit in units.all():
        for label in {unit.label, unit.name, unit.full_name}:
            by_name.setdefault(_fold(label), []).append(unit)
    return units, by_name


def _resolve_unit(value: str, units, by_name) -> tuple[object | None, str]:
    if not value:
        return None, "đơn vị còn trống"
    direct = units.find(value.strip())
    if direct is not None:
        return direct, ""
    candidates = {u.code: u for u in by_name.get(_fold(value), [])}
    if len(candidates) == 1:
        return next(iter(candidates.values())), ""
    if len(candidates) > 1:
        listed = ", ".join(f"{u.label} ({u.code})" for u in candidates.values())
        return None, f"tên đơn vị trùng nhau, hãy ghi mã đơn vị: {listed}"
    return None, f"không có đơn vị này trong danh mục của tỉnh {units.province.name} (ghi mã như 01849 hoặc tên như “Xã Phong Quang”)"


def _audience(value: str) -> str | None:
    folded = _fold(value)
    for audience, words in AUDIENCE_WORDS.items():
        if folded in words:
            return audience
    return None


def read_roster(data: bytes, filename: str) -> RosterFile:
    """Read and check a roster file; nothing is written. A whole-file problem (empty, too big, not CSV/XLSX,
    missing columns) is row 0 or 1; every other problem names its row."""
    out = RosterFile()
    try:
        if not data or not data.strip():
            raise DomainError("errors.roster.empty")
        if len(data) > MAX_BYTES:
            raise DomainError("errors.roster.too_big", size=round(len(data) / 1024 / 1024, 1),
                              limit=MAX_BYTES // 1024 // 1024)
        out.kind = _kind(data, filename)
        if out.kind == "xlsx":
            rows = _xlsx_rows(data)
        else:
            text, out.encoding = _decode(data)
            rows = _csv_rows(text)
    except DomainError as error:
        from trainer.i18n import t

        out.problems.append(RowProblem(0, "", "", t(error.key, "vi", **error.params)))
        return out
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(nfc(c) for c in row)]
    if not numbered:
        out.problems.append(RowProblem(0, "", "", "tệp không có dòng nào"))
        return out
    header = numbered[0][1]
    columns, problems = _header_map(header)
    out.problems.extend(problems)
    if problems:
        return out
    body = numbered[1:]
    if not body:
        out.problems.append(RowProblem(0, "", "", "tệp chỉ có hàng tên cột, chưa có học viên nào"))
        return out
    if len(body) > MAX_ROWS:
        out.problems.append(RowProblem(0, "", "", f"tệp có hơn {MAX_ROWS} dòng; hãy chia thành nhiều tệp"))
        return out
    units, by_name = _unit_index()
    seen: dict[tuple[str, str], int] = {}

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return nfc(row[index]) if index is not None and index < len(row) else ""

    for number, row in body:
        before = len(out.problems)
        name = cell(row, "name")
        position = cell(row, "position")
        unit_text = cell(row, "unit")
        phone = re.sub(r"[ .\-]", "", cell(row, "phone"))
        audience_text = cell(row, "audience")
        if not name:
            out.problems.append(RowProblem(number, "Họ và tên", "", "họ và tên còn trống"))
        elif len(name) > NAME_MAX_CHARS:
            out.problems.append(RowProblem(number, "Họ và tên", name[:40] + "…", f"dài quá {NAME_MAX_CHARS} ký tự"))
        if len(position) > POSITION_MAX:
            out.problems.append(RowProblem(number, "Chức vụ", position[:40] + "…", f"dài quá {POSITION_MAX} ký tự"))
        unit, why = _resolve_unit(unit_text, units, by_name)
        if unit is None:
            out.problems.append(RowProblem(number, "Đơn vị", unit_text, why))
        if phone and not PHONE_RE.match(phone):
            out.problems.append(RowProblem(number, "Điện thoại", cell(row, "phone"),
                                           "số điện thoại gồm 10 hoặc 11 chữ số, bắt đầu bằng 0"))
        audience = _audience(audience_text)
        if audience is None:
            out.problems.append(RowProblem(number, "Đối tượng", audience_text,
                                           "ghi “cán bộ” (cán bộ, công chức) hoặc “người dân”"))
        if len(out.problems) > before:
            continue
        key = (_fold(name), unit.code)  # type: ignore[union-attr]
        if key in seen:
            out.problems.append(RowProblem(number, "Họ và tên", name, f"trùng với dòng {seen[key]} (cùng họ tên và đơn vị)"))
            continue
        seen[key] = number
        out.entries.append(RosterEntry(number, name, position, unit.code, unit.label, phone, audience))  # type: ignore[union-attr]
    return out


# --- importing --------------------------------------------------------------------------------------------------


def import_roster(session: Session, *, actor: Actor, workshop_id: int, data: bytes, filename: str,
                  now: datetime) -> ImportResult:
    """Import every row into the workshop, or none: any problem (in the file, a person already on the roster, no
    path for a row's audience) writes nothing and is returned, located."""
    from trainer.db.guards import lock_row
    from trainer.training import workshops as ws_mod
    from trainer.training.models import Workshop

    managed = ws_mod._managed(session, workshop_id, actor)
    if managed.status != "open":
        raise DomainError("errors.workshops.already_closed")
    parsed = read_roster(data, filename)
    problems = list(parsed.problems)
    workshop = lock_row(session, Workshop, managed.id)
    assert workshop is not None
    existing = {(_fold(t.name), t.unit_code) for t in session.scalars(
        select(Trainee).join(Enrolment, Enrolment.trainee_id == Trainee.id).where(Enrolment.workshop_id == workshop.id))}
    paths = ws_mod._paths()
    plan = []
    for entry in parsed.entries:
        if (_fold(entry.name), entry.unit_code) in existing:
            problems.append(RowProblem(entry.row, "Họ và tên", entry.name, "đã có trong danh sách lớp (cùng họ tên và đơn vị)"))
            continue
        fitting = [p for p in workshop.path_ids if p in paths and entry.audience in paths[p].audience]
        if not fitting:
            problems.append(RowProblem(entry.row, "Đối tượng", entry.audience,
                                       "lớp không có lộ trình học nào cho đối tượng này"))
            continue
        plan.append((entry, fitting[0]))
    if problems or not plan:
        return ImportResult(0, tuple(sorted(problems, key=lambda p: p.row)), parsed.encoding)
    for entry, path_id in plan:
        trainee = create_trainee(session, name=entry.name, audience=entry.audience, unit_code=entry.unit_code, now=now)
        session.add(Enrolment(workshop_id=workshop.id, trainee_id=trainee.id, path_id=path_id,
                              name_key=ws_mod.name_key(entry.name), position=entry.position or None,
                              phone=entry.phone or None, source="roster", enrolled_at=now, joined_at=None))
    session.flush()
    record_event(session, actor=ws_mod._who(actor), action="workshop.roster_imported", entity="workshop",
                 entity_id=workshop.id, at=now, account_id=actor.account_id,
                 data={"rows": len(plan), "file": filename[:200], "encoding": parsed.encoding or parsed.kind})
    return ImportResult(len(plan), (), parsed.encoding)


def error_report_xlsx(problems: list[RowProblem] | tuple[RowProblem, ...], filename: str,
                      subject: str = "danh sách học viên") -> bytes:
    """The problems as an XLSX: one line each with the row number, the column, the value and what is wrong
    (`subject`: what the file is, in the title: a roster, a monthly report)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Lỗi"
    sheet.append([f"Báo cáo lỗi {subject}: {filename} (môi trường thực hành, dữ liệu giả)"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["Không có dòng nào được nhập: sửa các lỗi dưới đây rồi tải lại cả tệp."])
    sheet.append([])
    sheet.append(["Dòng", "Cột", "Giá trị", "Lỗi"])
    for c in sheet[4]:
        c.font = Font(bold=True)
    for problem in problems:
        sheet.append([problem.row or "cả tệp", problem.column, problem.value, problem.message])
        for c in sheet[sheet.max_row]:
            if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")):
                c.data_type = "s"  # a value that looks like a formula stays text
    for column, width in zip("ABCD", (8, 16, 34, 80), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

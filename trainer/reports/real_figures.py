"""Is training moving the real figures? The province's own monthly per-commune report of the real one-stop system
(báo cáo tháng theo xã), imported from CSV or XLSX, checked row by row like a roster (all or nothing), and set beside
training completion per commune and month.

Columns (a header row, in any order; Vietnamese or English names, case and diacritics ignored; title lines above
the header are skipped): commune (`Xã`: a unit code such as 01849 or its name), month (`Tháng`: 2026-03, 03/2026,
T3/2026, a date cell), dossiers received (`Hồ sơ tiếp nhận`), received online (`Tiếp nhận trực tuyến`), handled
(`Đã giải quyết`, optional), handled on time (`Giải quyết đúng hạn`). Other columns (a note) are ignored.

The on-time rate is Decision 766's: handled on time / handled; a report without the handled column gives on time /
received. The online share is received online / received.

Public API:
- `read_report(data, filename, *, today=None) -> ReportFile` (no database): the rows it would import and every
  problem, located (`training.roster.RowProblem`: the row as the spreadsheet numbers it).
- `import_report(session, *, actor, data, filename, now) -> ImportResult`: a leader (their units only) or an
  administrator stores every row, or none; a commune and month already stored is replaced; one event.
- `figures(session, actor, units=None) -> tuple[FigureRow, ...]`: the stored rows in the actor's scope.
- `movement(people, rows, units=None) -> tuple[MovementRow, ...]`: per commune and month, training completion (people
  enrolled and passed by the month's end) beside the real online share and on-time rate; `totals(rows)` the same
  summed over the scope, per month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.actor import ACCOUNT_LEADER, Actor
from trainer.db.events import record_event
from trainer.errors import DomainError
from trainer.reports.models import RealMonthlyFigure, RealReportImport
from trainer.training.roster import RowProblem, _fold, nfc

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 20_000  # a province's ~100 communes × a few years of months
MAX_COUNT = 10_000_000  # dossiers of one commune in one month: far above any real figure
HEADER_SEARCH = 10  # title lines a report may carry above its header row

COLUMNS = ("unit", "month", "received", "online", "handled", "on_time")
REQUIRED = ("unit", "month", "received", "online", "on_time")
COLUMN_LABELS = {"unit": "Xã", "month": "Tháng", "received": "Hồ sơ tiếp nhận", "online": "Tiếp nhận trực tuyến",
                 "handled": "Đã giải quyết", "on_time": "Giải quyết đúng hạn"}
HEADER_ALIASES = {
    "unit": ("xa", "xa phuong", "xa/phuong", "xa, phuong", "don vi", "ma xa", "ten xa", "commune", "unit"),
    "month": ("thang", "thang bao cao", "ky bao cao", "month"),
    "received": ("ho so tiep nhan", "so ho so tiep nhan", "tiep nhan", "tong so ho so tiep nhan", "received",
                 "dossiers received"),
    "online": ("tiep nhan truc tuyen", "ho so truc tuyen", "ho so tiep nhan truc tuyen", "truc tuyen",
               "received online", "online"),
    "handled": ("da giai quyet", "ho so da giai quyet", "giai quyet", "handled"),
    "on_time": ("giai quyet dung han", "dung han", "giai quyet dung hen", "dung hen", "ho so giai quyet dung han",
                "handled on time", "on time"),
}
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH_YEAR = re.compile(r"^(?:t|thang)?\s*(\d{1,2})\s*(?:/|-|\.|nam)\s*(\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$")
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")  # a whole number read from an XLSX number cell


@dataclass(frozen=True)
class ReportEntry:
    row: int
    unit_code: str
    unit_label: str
    month: date
    received: int
    online: int
    handled: int | None
    on_time: int


@dataclass
class ReportFile:
    entries: list[ReportEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    kind: str = ""
    encoding: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.entries)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    replaced: int
    problems: tuple[RowProblem, ...]
    import_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def month_of(text: str) -> date | None:
    """The first day of the month a cell names, or None."""
    value = _fold(text)
    found = _ISO.match(value)
    if found:
        year, month = int(found.group(1)), int(found.group(2))
    elif (found := _MONTH_YEAR.match(value)) is not None:
        month, year = int(found.group(1)), int(found.group(2))
    elif (found := _DAY_MONTH_YEAR.match(value)) is not None:
        month, year = int(found.group(2)), int(found.group(3))
    else:
        return None
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        return None
    return date(year, month, 1)


def count_of(text: str) -> tuple[int | None, str]:
    """A count of dossiers: a whole number ≥ 0, with or without thousands separators (1.234 or 1 234)."""
    value = text.strip()
    if not value:
        return None, "còn trống"
    if _GROUPED.match(value):
        value = re.sub(r"[.,\s]", "", value)
    elif (whole := _WHOLE_FLOAT.match(value)) is not None:
        value = whole.group(1)
    if value.startswith("-") and value[1:].isdigit():
        return None, "không được âm"
    if not (value.isascii() and value.isdigit()):
        return None, "phải là một số nguyên (ví dụ 1234 hoặc 1.234)"
    number = int(value)
    if number > MAX_COUNT:
        return None, f"lớn quá mức một xã trong một tháng (tối đa {MAX_COUNT:,})".replace(",", ".")
    return number, ""


def _file_problem(error: DomainError) -> RowProblem:
    from trainer.i18n import has, t

    key = error.key.replace("errors.roster.", "errors.real_figures.", 1)
    return RowProblem(0, "", "", t(key if has(key) else error.key, "vi", **error.params))


def _rows(data: bytes, filename: str, out: ReportFile) -> list[list[str]] | None:
    from trainer.training import roster

    try:
        if not data or not data.strip():
            raise DomainError("errors.roster.empty")
        if len(data) > MAX_BYTES:
            raise DomainError("errors.roster.too_big", size=round(len(data) / 1024 / 1024, 1),
                              limit=MAX_BYTES // 1024 // 1024)
        out.kind = roster._kind(data, filename)
        if out.kind == "xlsx":
            return _xlsx_rows(data)
        text, out.encoding = roster._decode(data)
        return roster._csv_rows(text)
    except DomainError as error:
        out.problems.append(_file_problem(error))
        return None
    except (UnicodeDecodeError, LookupError):  # a guessed encoding that does not hold for the whole file
        out.problems.append(_file_problem(DomainError("errors.roster.unreadable")))
        return None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    """The first sheet's cells as text; a date cell as its ISO date, a whole number without ".0"."""
    import io

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a broken or foreign file is the user's problem, said plainly
        raise DomainError("errors.roster.bad_xlsx") from exc
    try:
        if not book.worksheets:
            raise DomainError("errors.roster.empty")
        rows = []
        for index, values in enumerate(book.worksheets[0].iter_rows(values_only=True)):
            if index > MAX_ROWS + HEADER_SEARCH:
                break
            cells = []
            for v in values:
                if v is None:
                    cells.append("")
                elif isinstance(v, datetime | date):
                    cells.append(v.strftime("%Y-%m-%d"))
                elif isinstance(v, float) and v.is_integer():
                    cells.append(str(int(v)))
                else:
                    cells.append(str(v))
            rows.append(cells)
        return rows
    except DomainError:
        raise
    except Exception as exc:  # a sheet openpyxl cannot walk is a broken file
        raise DomainError("errors.roster.bad_xlsx") from exc
    finally:
        book.close()


def _header(numbered: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], list[RowProblem]]:
    """The header row (the first of the first lines that names every required column) and its columns."""
    best: tuple[int, dict[str, int], list[RowProblem]] | None = None
    for position, (number, cells) in enumerate(numbered[:HEADER_SEARCH]):
        found: dict[str, int] = {}
        problems = []
        for index, cell in enumerate(cells):
            folded = _fold(nfc(cell).lstrip("\ufeff"))
            for column, aliases in HEADER_ALIASES.items():
                if folded in aliases:
                    if column in found:
                        problems.append(RowProblem(number, nfc(cell), "", "cột này xuất hiện hai lần"))
                    found.setdefault(column, index)
        if all(c in found for c in REQUIRED):
            return position, found, problems
        if best is None or len(found) > len(best[1]):
            best = (position, found, problems)
    assert best is not None
    position, found, _ = best
    missing = [COLUMN_LABELS[c] for c in REQUIRED if c not in found]
    number = numbered[position][0] if found else numbered[0][0]
    return position, found, [RowProblem(number, "", "", "thiếu cột: " + ", ".join(missing) + " (hàng tên cột phải có: "
                                        + ", ".join(COLUMN_LABELS[c] for c in COLUMNS) + "; cột Đã giải quyết không bắt buộc)")]


def read_report(data: bytes, filename: str, *, today: date | None = None) -> ReportFile:
    """Read and check a monthly report; nothing is written. A month after `today`'s month is refused."""
    from trainer.training.roster import _resolve_unit, _unit_index

    out = ReportFile()
    rows = _rows(data, filename, out)
    if rows is None:
        return out
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(nfc(c) for c in row)]
    if not numbered:
        out.problems.append(RowProblem(0, "", "", "tệp không có dòng nào"))
        return out
    position, columns, problems = _header(numbered)
    out.problems.extend(problems)
    if out.problems:
        return out
    body = numbered[position + 1:]
    if not body:
        out.problems.append(RowProblem(0, "", "", "tệp chỉ có hàng tên cột, chưa có số liệu nào"))
        return out
    if len(body) > MAX_ROWS:
        out.problems.append(RowProblem(0, "", "", f"tệp có hơn {MAX_ROWS} dòng; hãy chia thành nhiều tệp"))
        return out
    units, by_name = _unit_index()
    this_month = today.replace(day=1) if today else None
    seen: dict[tuple[str, date], int] = {}

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return nfc(row[index]) if index is not None and index < len(row) else ""

    for number, row in body:
        before = len(out.problems)
        unit_text = cell(row, "unit")
        unit, why = _resolve_unit(unit_text, units, by_name)
        if unit is None:
            out.problems.append(RowProblem(number, COLUMN_LABELS["unit"], unit_text, why))
        elif unit.level != "commune":
            out.problems.append(RowProblem(number, COLUMN_LABELS["unit"], unit_text,
                                           f"“{unit.full_name}” không phải cấp xã: báo cáo ghi số liệu của từng xã, phường"))
        month_text = cell(row, "month")
        month = month_of(month_text)
        if month is None:
            out.problems.append(RowProblem(number, COLUMN_LABELS["month"], month_text,
                                           "tháng không đúng dạng: ghi như 2026-03, 03/2026 hoặc T3/2026" if month_text
                                           else "tháng còn trống"))
        elif this_month is not None and month > this_month:
            out.problems.append(RowProblem(number, COLUMN_LABELS["month"], month_text,
                                           "tháng này chưa tới: chưa thể có số liệu"))
        counts: dict[str, int | None] = {}
        for column in ("received", "online", "handled", "on_time"):
            text = cell(row, column)
            if column == "handled" and not text:
                counts[column] = None
                continue
            value, problem = count_of(text)
            if value is None:
                out.problems.append(RowProblem(number, COLUMN_LABELS[column], text[:40], problem))
            counts[column] = value
        received, online, handled, on_time = (counts[c] for c in ("received", "online", "handled", "on_time"))
        if received is not None and online is not None and online > received:
            out.problems.append(RowProblem(number, COLUMN_LABELS["online"], str(online),
                                           f"lớn hơn số hồ sơ tiếp nhận ({received})"))
        if handled is not None and on_time is not None and on_time > handled:
            out.problems.append(RowProblem(number, COLUMN_LABELS["on_time"], str(on_time),
                                           f"lớn hơn số hồ sơ đã giải quyết ({handled})"))
        elif "handled" not in columns and received is not None and on_time is not None and on_time > received:
            out.problems.append(RowProblem(number, COLUMN_LABELS["on_time"], str(on_time),
                                           f"lớn hơn số hồ sơ tiếp nhận ({received}); nếu có hồ sơ tồn từ tháng "
                                           "trước, thêm cột “Đã giải quyết”"))
        if len(out.problems) > before:
            continue
        assert unit is not None and month is not None and received is not None and online is not None
        assert on_time is not None
        key = (unit.code, month)
        if key in seen:
            out.problems.append(RowProblem(number, COLUMN_LABELS["unit"], unit_text,
                                           f"trùng với dòng {seen[key]} (cùng xã và tháng {month:%m/%Y})"))
            continue
        seen[key] = number
        out.entries.append(ReportEntry(number, unit.code, unit.full_name, month, received, online, handled, on_time))
    return out


# --- importing --------------------------------------------------------------------------------------------------


def may_import(actor: Actor) -> bool:
    return actor.operator or actor.is_administrator or actor.account_role == ACCOUNT_LEADER


def import_report(session: Session, *, actor: Actor, data: bytes, filename: str, now: datetime) -> ImportResult:
    """Store every row of the report, or none. A leader may import only communes of their own units."""
    from trainer.reports.dashboard import scope_units

    if not may_import(actor):
        raise DomainError("errors.real_figures.not_allowed")
    scope = scope_units(actor)
    parsed = read_report(data, filename, today=now.date())
    problems = list(parsed.problems)
    for entry in parsed.entries:
        if not scope.holds(entry.unit_code):
            problems.append(RowProblem(entry.row, COLUMN_LABELS["unit"], entry.unit_label,
                                       "xã này nằm ngoài phạm vi tài khoản của bạn"))
    if problems or not parsed.entries:
        return ImportResult(0, 0, tuple(sorted(problems, key=lambda p: p.row)))
    batch = RealReportImport(filename=nfc(filename)[:200] or "?", rows=len(parsed.entries), replaced=0,
                             account_id=actor.account_id, imported_at=now)
    session.add(batch)
    session.flush()  # the first write: on SQLite the import now holds the write lock, so the reads below are current
    wanted = {(e.unit_code, e.month) for e in parsed.entries}
    codes = sorted({c for c, _ in wanted})
    existing = {(f.unit_code, f.month): f for f in session.scalars(
        select(RealMonthlyFigure).where(RealMonthlyFigure.unit_code.in_(codes)))
        if (f.unit_code, f.month) in wanted}
    replaced = 0
    for entry in parsed.entries:
        found = existing.get((entry.unit_code, entry.month))
        if found is None:
            session.add(RealMonthlyFigure(import_id=batch.id, unit_code=entry.unit_code, month=entry.month,
                                          received=entry.received, online=entry.online, handled=entry.handled,
                                          on_time=entry.on_time))
        else:
            replaced += 1
            found.import_id, found.received, found.online = batch.id, entry.received, entry.online
            found.handled, found.on_time = entry.handled, entry.on_time
    batch.replaced = replaced
    try:
        session.flush()
    except IntegrityError as exc:  # another import stored the same commune and month at this very moment
        raise DomainError("errors.real_figures.concurrent") from exc
    months = sorted({e.month for e in parsed.entries})
    record_event(session, actor="operator" if actor.operator else (actor.account_role or "account"),
                 action="real_report.imported", entity="real_report", entity_id=batch.id, at=now,
                 account_id=actor.account_id,
                 data={"rows": len(parsed.entries), "replaced": replaced, "file": batch.filename,
                       "communes": len(codes), "from": months[0].isoformat(), "to": months[-1].isoformat()})
    return ImportResult(len(parsed.entries), replaced, (), batch.id)


# --- reading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    unit_code: str
    month: date
    received: int
    online: int
    handled: int | None
    on_time: int

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        base = self.handled if self.handled is not None else self.received
        return self.on_time / base if base else None


def figures(session: Session, actor: Actor, units: Any = None) -> tuple[FigureRow, ...]:
    """The stored monthly figures of the communes in the actor's scope, by commune then month."""
    from trainer.reports.dashboard import scope_units

    scope = scope_units(actor, units)
    query = select(RealMonthlyFigure.unit_code, RealMonthlyFigure.month, RealMonthlyFigure.received,
                   RealMonthlyFigure.online, RealMonthlyFigure.handled, RealMonthlyFigure.on_time)
    if not scope.all_units:
        if not scope.codes:
            return ()
        query = query.where(RealMonthlyFigure.unit_code.in_(sorted(scope.codes)))
    return tuple(FigureRow(*row) for row in session.execute(
        query.order_by(RealMonthlyFigure.unit_code, RealMonthlyFigure.month)))


@dataclass(frozen=True)
class MovementRow:
    """One commune (or the whole scope: unit_code "") in one month: training beside the real figures."""

    unit_code: str
    month: date
    enrolled: int  # people of the commune enrolled by the month's end
    passed: int  # of them, passed their path by the month's end
    received: int
    online: int
    handled: int | None
    on_time: int

    @property
    def completion(self) -> float | None:
        return self.passed / self.enrolled if self.enrolled else None

    @property
    def online_share(self) -> float | None:
        return self.online / self.received if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        base = self.handled if self.handled is not None else self.received
        return self.on_time / base if base else None


def _next_month(month: date) -> datetime:
    return datetime(month.year + (month.month == 12), month.month % 12 + 1, 1)


def movement(people: Any, rows: tuple[FigureRow, ...]) -> tuple[MovementRow, ...]:
    """Per commune and reported month: people enrolled and passed by the month's end (the dashboard's participants,
    counted in their commune) beside the commune's real figures."""
    by_commune: dict[str, list[Any]] = {}
    for p in people:
        if p.commune_code:
            by_commune.setdefault(p.commune_code, []).append(p)
    out = []
    for r in rows:
        end = _next_month(r.month)
        mine = by_commune.get(r.unit_code, [])
        enrolled = sum(1 for p in mine if p.enrolled_at < end)
        passed = sum(1 for p in mine if p.enrolled_at < end and p.passed_at is not None and p.passed_at < end)
        out.append(MovementRow(r.unit_code, r.month, enrolled, passed, r.received, r.online, r.handled, r.on_time))
    return tuple(out)


def totals(rows: tuple[MovementRow, ...]) -> tuple[MovementRow, ...]:
    """The movement rows summed per month over every commune that reported (unit_code "")."""
    months: dict[date, list[MovementRow]] = {}
    for r in rows:
        months.setdefault(r.month, []).append(r)
    out = []
    for month in sorted(months):
        group = months[month]
        handled = [r.handled for r in group]
        # a month where some commune gave no handled figure: the on-time rate falls back to received for all
        handled_total = sum(h for h in handled if h is not None) if all(h is not None for h in handled) else None
        out.append(MovementRow("", month, sum(r.enrolled for r in group), sum(r.passed for r in group),
                               sum(r.received for r in group), sum(r.online for r in group), handled_total,
                               sum(r.on_time for r in group)))
    return tuple(out)


def movement_table(rows: tuple[MovementRow, ...], t: Any, units: Any = None) -> Any:
    """The movement rows as a dashboard table (the page, the XLSX sheet and the PDF use it)."""
    from trainer.reports.dashboard import _units
    from trainer.reports.tables import Column, Table

    units = _units(units)
    h = lambda key: t(f"real_figures.col.{key}")

    def name(code: str) -> str:
        unit = units.find(code) if code else None
        return unit.full_name if unit else (code or t("real_figures.all"))

    return Table("real_figures", t("real_figures.sheet"), (
        Column(h("commune")), Column(h("month")), Column(h("enrolled"), "int"), Column(h("passed"), "int"),
        Column(h("completion"), "share"), Column(h("received"), "int"), Column(h("online"), "int"),
        Column(h("online_share"), "share"), Column(h("handled"), "int"), Column(h("on_time"), "int"),
        Column(h("on_time_rate"), "share")), tuple(
        (name(r.unit_code), f"{r.month:%m/%Y}", r.enrolled, r.passed, r.completion, r.received, r.online,
         r.online_share, r.handled, r.on_time, r.on_time_rate) for r in rows))

"""The dashboard's views as tables: one definition that the page shows, the XLSX holds (one sheet per view) and the
CSV writes, so their numbers cannot drift apart.

A cell keeps its value typed (int, a share 0..1, a date, text); `kind` says how it reads: the page formats it the
Vietnamese way (`world.labels.number` / `percent`: 1.234 and 96,8%), the XLSX writes the number with a number format
(`#,##0`, `0.0%`, `dd/mm/yyyy`) so Excel shows it in the reader's own locale and can still add it up.

Public API:
- `Table(key, title, columns, rows)`, `Column(header, kind)`; kinds: text, int, share, date, datetime.
- `dashboard_tables(board, t, lang, units=None, bank=None, missing_unit=None, stats=None) -> list[Table]`.
- `to_xlsx(tables, t, title) -> bytes`; `status_csv(board, t, units=None) -> bytes` (one column per status);
  `cell_text(value, kind, lang) -> str`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from trainer.reports.dashboard import Dashboard, _units, missing
from trainer.world.labels import date_text, number, percent

KINDS = ("text", "int", "share", "date", "datetime")
XLSX_FORMATS = {"int": "#,##0", "share": "0.0%", "date": "dd/mm/yyyy", "datetime": "dd/mm/yyyy hh:mm"}
SHEET_MAX = 31  # Excel's limit on a sheet name


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def cell_text(value: Any, kind: str, lang: str) -> str:
    """How the page writes a cell: Vietnamese grouping and decimal comma, dd/mm/yyyy."""
    if value is None:
        return "—"
    if kind == "int":
        return number(int(value), lang)
    if kind == "share":
        return percent(float(value), lang)
    if kind == "date":
        return date_text(value)
    if kind == "datetime":
        return f"{date_text(value)} {value:%H:%M}"
    return str(value)


def _unit_name(units: Any, code: str | None) -> str:
    unit = units.find(code) if code else None
    return unit.full_name if unit else (code or "—")


def _path_title(path_id: str, lang: str) -> str:
    from trainer.training.paths import cached_paths

    path = cached_paths().paths.get(path_id)
    return path.title.get(lang) if path else path_id


def _scenario_title(scenario_id: str, lang: str) -> str:
    from trainer.coach.loader import load_scenarios

    for entry in load_scenarios():
        if entry.id == scenario_id and entry.scenario is not None:
            return entry.scenario.title.get(lang)
    return scenario_id


def mistake_text(scenario_id: str, mistake_id: str, lang: str) -> str:
    """The feedback a trainee sees for this mistake (its id when the scenario is gone)."""
    from trainer.coach.loader import load_scenarios

    for entry in load_scenarios():
        if entry.id == scenario_id and entry.scenario is not None:
            for m in entry.scenario.mistakes:
                if m.id == mistake_id:
                    return m.feedback.get(lang)
    return mistake_id


class _Titles:
    """Path and scenario titles and mistake texts, the paths and scenarios read once per table build (thousands of
    rows at province scale: one read each, not one per row)."""

    def __init__(self, lang: str) -> None:
        from trainer.coach.loader import load_scenarios
        from trainer.training.paths import cached_paths

        self.lang = lang
        self.paths = cached_paths().paths
        self.scenarios = {e.id: e.scenario for e in load_scenarios() if e.scenario is not None}

    def path(self, path_id: str) -> str:
        path = self.paths.get(path_id)
        return path.title.get(self.lang) if path else path_id

    def scenario(self, scenario_id: str) -> str:
        found = self.scenarios.get(scenario_id)
        return found.title.get(self.lang) if found else scenario_id

    def mistake(self, scenario_id: str, mistake_id: str) -> str:
        found = self.scenarios.get(scenario_id)
        for m in found.mistakes if found else ():
            if m.id == mistake_id:
                return m.feedback.get(self.lang)
        return mistake_id


def dashboard_tables(board: Dashboard, t: Any, lang: str, units: Any = None, bank: Any = None,
                     missing_unit: str | None = None, stats: Any = None) -> list[Table]:
    """Every view of the dashboard as a table, in page order. `missing_unit`: whose missing people to list (all
    in scope by default); `stats`: a `fake.stats.StatsView` for the service figures sheet."""
    from trainer.quiz.services import bank_or_default

    units = _units(units)
    bank = bank_or_default(bank)
    h = lambda key: t(f"dashboard.col.{key}")
    titles = _Titles(lang)
    tables = [Table("completion", t("dashboard.sheet.completion"), (
        Column(h("unit")), Column(h("level")), Column(h("path")), Column(h("audience")), Column(h("target"), "share"),
        Column(h("by"), "date"), Column(h("enrolled"), "int"), Column(h("joined"), "int"), Column(h("passed"), "int"),
        Column(h("with_help"), "int"), Column(h("share"), "share"), Column(h("needed"), "int"), Column(h("gap"), "int"),
        Column(h("status"))), tuple(
        (r.unit_name, t(f"dashboard.level.{r.level}"), titles.path(r.path_id), t(f"dashboard.audience.{r.audience}"),
         r.target_share, r.target_by, r.enrolled, r.joined, r.passed, r.with_help, r.share, r.needed, r.gap,
         t(f"dashboard.status.{r.status}")) for r in board.completion))]
    tables.append(Table("positions", t("dashboard.sheet.positions"), (
        Column(h("audience")), Column(h("position")), Column(h("enrolled"), "int"), Column(h("passed"), "int"),
        Column(h("share"), "share")), tuple(
        (t(f"dashboard.audience.{r.audience}"), r.position or t("dashboard.no_position"), r.enrolled, r.passed, r.share)
        for r in board.positions)))
    tables.append(missing_table(board, t, lang, units, missing_unit, titles))
    tables.append(Table("mastery", t("dashboard.sheet.mastery"), (
        Column(h("topic")), Column(h("unit")), Column(h("mastery"), "share"), Column(h("people"), "int"),
        Column(h("answers"), "int")), tuple(
        (bank.topic_name(c.topic, lang), _unit_name(units, c.unit_code), c.mastery, c.people, c.answers)
        for c in board.mastery)))
    tables.append(Table("topics", t("dashboard.sheet.topics"), (
        Column(h("topic")), Column(h("mastery"), "share"), Column(h("people"), "int"), Column(h("answers"), "int"),
        Column(h("scenarios"))), tuple(
        (bank.topic_name(r.topic, lang), r.mastery, r.people, r.answers,
         "; ".join(titles.scenario(s) for s in r.scenarios)) for r in board.topics)))
    tables.append(Table("questions", t("dashboard.sheet.questions"), (
        Column(h("question")), Column(h("prompt")), Column(h("answered"), "int"), Column(h("wrong"), "int"),
        Column(h("wrong_share"), "share"), Column(h("quizzes"))), tuple(
        (q.question_id, bank.questions[q.question_id].prompt.get(lang) if q.question_id in bank.questions else "",
         q.answered, q.wrong, q.wrong_share, ", ".join(q.quiz_ids)) for q in board.questions)))
    tables.append(Table("mistakes", t("dashboard.sheet.mistakes"), (
        Column(h("scenario")), Column(h("mistake")), Column(h("runs_with_it"), "int"), Column(h("runs"), "int"),
        Column(h("mistake_share"), "share")), tuple(
        (titles.scenario(m.scenario_id), titles.mistake(m.scenario_id, m.mistake_id), m.runs_with_it, m.runs,
         m.share) for m in board.mistakes)))
    for key, rows in (("weeks", board.weeks), ("months", board.months)):
        tables.append(Table(key, t(f"dashboard.sheet.{key}"), (
            Column(h("period")), Column(h("starts_on"), "date"), Column(h("trained"), "int"),
            Column(h("trained_total"), "int"), Column(h("answers"), "int"), Column(h("mean_score"), "share")), tuple(
            (r.period, r.starts_on, r.trained, r.trained_total, r.answers, r.mean_score) for r in rows)))
    return tables + service_tables(stats, t)


def missing_table(board: Dashboard, t: Any, lang: str, units: Any = None, unit_code: str | None = None,
                  titles: _Titles | None = None) -> Table:
    """The people not yet passed, of one unit (`unit_code`) or of the whole scope, with their phone."""
    units = _units(units)
    titles = titles or _Titles(lang)
    h = lambda key: t(f"dashboard.col.{key}")
    todo = missing(board.people, unit_code, units) if unit_code else tuple(p for p in board.people if not p.passed)
    return Table("missing", t("dashboard.sheet.missing"), (
        Column(h("name")), Column(h("commune")), Column(h("position")), Column(h("phone")), Column(h("path")),
        Column(h("joined_at"), "datetime"), Column(h("steps_done"), "int"), Column(h("steps_total"), "int"),
        Column(h("last_activity"), "datetime")), tuple(
        (p.name, _unit_name(units, p.unit_code), p.position, p.phone, titles.path(p.path_id), p.joined_at,
         p.steps_done, p.steps_total, p.last_activity_at) for p in todo))


def service_tables(stats: Any, t: Any) -> list[Table]:
    """The service figures sheet when there are figures (`stats`: a `fake.stats.StatsView`, or None)."""
    return [service_table(stats, t)] if stats is not None and not stats.stats.empty else []


def service_table(stats: Any, t: Any) -> Table:
    """The service figures of a history period beside the article's (the same rows as `trainer stats`)."""
    rows: list[tuple[Any, ...]] = [
        (t(f"stats.figures.{c.name}"), c.computed, c.article, t("stats.match") if c.matches else t("stats.mismatch"))
        for c in stats.checks]
    s = stats.stats
    received = s.dossiers_received
    online = s.online_level3 + s.online_level4
    rows.append((t("dashboard.service.online_share"), online / received if received else None, None, ""))
    rows.append((t("dashboard.service.on_time_rate"), s.on_time_rate, None, ""))
    rows.append((t("dashboard.service.finished"), s.finished, None, ""))
    rows.append((t("dashboard.service.open_at_end"), s.open_at_end, None, ""))
    return Table("service", t("dashboard.sheet.service"), (
        Column(t("stats.figure_label")), Column(t("stats.col_computed"), "int"), Column(t("stats.col_article"), "int"),
        Column(t("stats.col_check"))), tuple(rows))


def row_kinds(table: Table, row: tuple[Any, ...]) -> list[str]:
    """Kinds of a row's cells; a share in an int column (the service rates) is read as a share."""
    out = []
    for col, value in zip(table.columns, row, strict=True):
        out.append("share" if col.kind == "int" and isinstance(value, float) else col.kind)
    return out


def to_xlsx(tables: list[Table], t: Any, title: str) -> bytes:
    """One sheet per view: a title, the practice-copy note, bold Vietnamese headers, typed cells with number
    formats; text cells stay text (a name starting with "=" is never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for table in tables:
        name = table.title[:SHEET_MAX]
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        while name in used:
            name = name[: SHEET_MAX - 2] + "_" + str(len(used))
        used.add(name)
        ws = wb.create_sheet(name)
        head = ws.cell(row=1, column=1, value=f"{title} — {table.title}")
        head.data_type = "s"
        head.font = Font(bold=True)
        note = ws.cell(row=2, column=1, value=t("app.banner"))
        note.data_type = "s"
        for col, column in enumerate(table.columns, start=1):
            cell = ws.cell(row=4, column=col, value=column.header)
            cell.data_type = "s"
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(12, min(48, len(column.header) + 4))
        for r, row in enumerate(table.rows, start=5):
            for col, (value, kind) in enumerate(zip(row, row_kinds(table, row), strict=True), start=1):
                cell = ws.cell(row=r, column=col, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif kind in XLSX_FORMATS and value is not None:
                    cell.number_format = XLSX_FORMATS[kind]
        ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


STATUSES = ("not_joined", "learning", "passed_with_help", "passed_alone")


def person_status(p: Any) -> str:
    if p.passed:
        return "passed_with_help" if p.with_help else "passed_alone"
    return "not_joined" if p.joined_at is None and p.steps_done == 0 else "learning"


def status_csv(board: Dashboard, t: Any, units: Any = None) -> bytes:
    """Per commune (then district, province) and path: one column per status, then the total; UTF-8 with BOM so
    Excel opens the Vietnamese names right. A leading = + - @ in a name is quoted against formula injection."""
    units = _units(units)
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for p in board.people:
        key = (p.commune_code or p.unit_code or "", p.path_id)
        counts.setdefault(key, dict.fromkeys(STATUSES, 0))[person_status(p)] += 1
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([t("dashboard.col.province"), t("dashboard.col.district"), t("dashboard.col.commune"),
                     t("dashboard.col.path")] + [t(f"dashboard.person_status.{s}") for s in STATUSES]
                    + [t("dashboard.col.enrolled")])
    for (code, path_id), c in sorted(counts.items()):
        chain = {u.level: u.full_name for u in units.ancestors(code)} if units.find(code) else {}
        writer.writerow([_csv_text(chain.get("province", "")), _csv_text(chain.get("district", "")),
                         _csv_text(chain.get("commune", code)), path_id] + [c[s] for s in STATUSES] + [sum(c.values())])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_text(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value

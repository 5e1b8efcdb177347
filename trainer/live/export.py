"""A room quiz's results as an XLSX workbook (Vietnamese headers; names written as text, never as formulas)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from trainer.i18n import Translator
from trainer.live.models import RoomQuiz
from trainer.live.room_quiz import ResultRow


def _put(ws: Any, row: int, col: int, value: Any) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=HYPERLINK(...)" typed as a name stays text


def results_xlsx(rq: RoomQuiz, rows: tuple[ResultRow, ...], t: Translator, *, title: str) -> bytes:
    """One sheet: rank, name, unit, points, right answers, then each question's points (blank: not answered)."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("live.xlsx_sheet")
    _put(ws, 1, 1, t("live.xlsx_title", title=title, quiz=rq.quiz_id))
    ws.cell(row=1, column=1).font = Font(bold=True)
    _put(ws, 2, 1, t("live.xlsx_scoring_speed") if rq.speed_points else t("live.xlsx_scoring_accuracy"))
    _put(ws, 3, 1, t("app.banner"))
    total = len(rq.layout.get("questions", []))
    headers = [t("live.xlsx_rank"), t("live.xlsx_name"), t("live.xlsx_unit"), t("live.xlsx_points"),
               t("live.xlsx_correct"), t("live.xlsx_answered")] + [t("live.xlsx_question", n=i + 1) for i in range(total)]
    for col, head in enumerate(headers, start=1):
        _put(ws, 5, col, head)
        ws.cell(row=5, column=col).font = Font(bold=True)
    for r, row in enumerate(rows, start=6):
        values: list[Any] = [row.rank, row.name, row.unit_code or "", row.points, row.correct, row.answered]
        values += [q[2] if q is not None else None for q in row.per_question]
        for col, value in enumerate(values, start=1):
            _put(ws, r, col, value)
    ws.column_dimensions["B"].width = 32
    out = BytesIO()
    wb.save(out)
    return out.getvalue()

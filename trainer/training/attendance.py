"""The workshop's attendance export (XLSX, openpyxl): who came, from where, and how far each got on their path.

Public API: `attendance_xlsx(session, workshop_id, actor, *, now, lang="vi", step_titles=None) -> bytes`,
`attendance_filename(workshop) -> str`. One sheet per learning path of the workshop (its steps as columns), each
row a participant: name, unit, position, audience, joined at, each step (passed alone / with help / quiz score /
not yet), passed or not. Vietnamese headers; every text cell stays text (a name like `=HYPERLINK(...)` is not a
formula). Only the workshop's trainer or an administrator may export (`trainer.training.workshops.roster`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.training.paths import StepOutcome, cached_paths
from trainer.training.workshops import WorkshopRow, roster, workshop

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
AUDIENCE_WORDS = {"official": "Cán bộ, công chức", "citizen": "Người dân"}


def _step_cell(step: StepOutcome | None) -> str:
    if step is None:
        return ""
    if step.how == "alone":
        return "Đạt (tự làm)"
    if step.how == "with_help":
        return "Đạt (có người hỗ trợ)"
    if step.how == "score":
        return f"Đạt ({round((step.best_score or 0) * 100)}%)"
    if step.kind == "quiz" and step.best_score is not None:
        return f"Chưa đạt ({round(step.best_score * 100)}%)"
    return "Chưa làm"


def _sheet_title(text: str, used: set[str]) -> str:
    clean = re.sub(r"\s*[\[\]:*?/\\]\s*", " - ", text).strip()[:31].strip() or "Lộ trình"
    title, n = clean, 2
    while title in used:
        title, n = f"{clean[:26]} ({n})", n + 1
    used.add(title)
    return title


def attendance_xlsx(session: Session, workshop_id: int, actor: Actor, *, now: datetime,
                    step_titles: Callable[[str, str], str] | None = None) -> bytes:
    """The attendance workbook of a workshop the actor manages."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    row: WorkshopRow = workshop(session, workshop_id, actor)
    people = roster(session, workshop_id, actor)
    paths = cached_paths().paths
    titles = step_titles or (lambda _kind, ref: ref)
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    path_ids = list(dict.fromkeys([*row.path_ids, *(p.path_id for p in people)]))
    for path_id in path_ids:
        path = paths.get(path_id)
        mine = [p for p in people if p.path_id == path_id]
        if path is None and not mine:
            continue
        sheet = book.create_sheet(_sheet_title(path.title.vi if path else path_id, used))
        sheet.append([(f"Điểm danh lớp “{row.title}” — {row.unit_label}, ngày {row.held_on:%d/%m/%Y} "
                       f"(mã lớp {row.join_code})")])
        sheet.append([(f"Lộ trình: {path.title.vi if path else path_id} · Xuất lúc {now:%H:%M %d/%m/%Y} · "
                       "Môi trường thực hành, dữ liệu giả")])
        sheet["A1"].font = Font(bold=True)
        sheet.append([])
        steps = list(path.steps) if path else []
        header = ["STT", "Họ và tên", "Đơn vị", "Chức vụ", "Đối tượng", "Điện thoại", "Vào lớp lúc",
                  *[f"Bước {i}: {titles(s.kind, s.ref)}" for i, s in enumerate(steps, start=1)],
                  "Số bước đã xong", "Kết quả lộ trình"]
        sheet.append(header)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for number, person in enumerate(mine, start=1):
            by_key = {s.key: s for s in person.outcome.steps}
            joined = person.joined_at.strftime("%H:%M %d/%m/%Y") if person.joined_at else "Chưa vào lớp"
            sheet.append([number, person.name, person.unit_label, person.position, AUDIENCE_WORDS.get(person.audience, ""),
                          person.phone, joined, *[_step_cell(by_key.get(s.key)) for s in steps],
                          f"{person.outcome.steps_done}/{len(steps)}",
                          "Đạt" if person.outcome.passed else "Chưa đạt"])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text, even "=HYPERLINK(...)"
        widths = [5, 28, 22, 24, 16, 13, 17, *[22] * len(steps), 12, 14]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[sheet.cell(row=4, column=index).column_letter].width = width
        sheet.freeze_panes = "C5"
    if not book.worksheets:
        book.create_sheet("Điểm danh").append(["Lớp chưa có lộ trình nào."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def attendance_filename(row: WorkshopRow) -> str:
    return f"diem-danh-{row.join_code}-{row.held_on:%Y%m%d}.xlsx"

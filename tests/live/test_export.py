"""A room quiz's results as XLSX: Vietnamese headers, one row per player in rank order, names kept as text."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from tests.live.helpers import NOW, room
from trainer.db.engine import get_session_factory
from trainer.i18n import Translator
from trainer.live import room_quiz as rqz
from trainer.live.export import results_xlsx
from trainer.quiz.grading import correct_response
from trainer.quiz.loader import cached_bank, default_root


def test_the_results_export_lists_each_player_with_points_per_question_and_keeps_formulas_as_text(sqlite_url):
    r = room(sqlite_url, names=("=HYPERLINK(\"http://x\")", "Lò Thị Mai"))
    with get_session_factory(sqlite_url).begin() as session:
        rq = rqz.start_room_quiz(session, actor=r.trainer, workshop_id=r.workshop_id, quiz_id="co-ban", now=NOW, seed=5)
        view = rqz.room_quiz_view(session, rq)
        question = cached_bank(default_root()).questions[view.question_id]
        rqz.answer(session, actor=r.people[1], room_quiz_id=rq.id, position=0, response=correct_response(question),
                   now=NOW + timedelta(seconds=3))
        rqz.answer(session, actor=r.people[0], room_quiz_id=rq.id, position=0, response=correct_response(question),
                   now=NOW + timedelta(seconds=4))
        rqz.finish_room_quiz(session, actor=r.trainer, room_quiz_id=rq.id, now=NOW + timedelta(minutes=1))
        rq, rows = rqz.results_table(session, actor=r.trainer, room_quiz_id=rq.id)
        data = results_xlsx(rq, rows, Translator("vi"), title="Tập huấn")
    sheet = load_workbook(BytesIO(data)).active
    assert [c.value for c in sheet[5]][:6] == ["Hạng", "Họ và tên", "Đơn vị", "Tổng điểm", "Số câu đúng",
                                               "Số câu đã trả lời"]
    assert sheet.cell(row=6, column=2).value == "=HYPERLINK(\"http://x\")"  # rank 1 shared; names in order
    assert sheet.cell(row=7, column=2).value == "Lò Thị Mai" and sheet.cell(row=7, column=4).value == 1000
    assert sheet.cell(row=7, column=7).value == 1000 and sheet.cell(row=7, column=8).value is None
    cell = sheet.cell(row=6, column=2)
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert "chỉ tính đúng/sai" in sheet.cell(row=2, column=1).value

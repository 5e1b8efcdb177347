"""The attendance export: Vietnamese headers, each path step, passed or not, formula-looking names kept as text."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.training.test_workshops import account
from trainer.actor import Actor
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.quiz.models import QuizAttempt
from trainer.training import workshops as ws
from trainer.training.attendance import attendance_xlsx
from trainer.training.roster import import_roster

NOW = datetime(2026, 3, 2, 8, 0)
XLSX = Path(__file__).resolve().parent / "rosters" / "danh-sach.xlsx"


def test_the_attendance_lists_each_participant_and_step_and_keeps_formulas_as_text(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    with get_session_factory(db_url).begin() as session:
        row = ws.create_workshop(session, actor=trainer, unit_code="01849", held_on=date(2026, 3, 2),
                                 path_ids=["buu-dien-bcci", "to-cong-nghe-so"], now=NOW)
        assert import_roster(session, actor=trainer, workshop_id=row.id, data=XLSX.read_bytes(),
                             filename="danh-sach.xlsx", now=NOW).imported == 3
    with get_session_factory(db_url).begin() as session:
        joined = ws.join_workshop(session, actor=Actor.playing("citizen"), code=row.join_code, name="Ma Thị Xuân",
                                  audience="official", now=NOW + timedelta(minutes=3))
        later = NOW + timedelta(hours=1)
        session.add(Run(trainee_id=joined.trainee.id, scenario_id="post-pickup-and-delivery", scenario_version=1,
                        role="postal_worker", status="passed", started_at=later, finished_at=later, with_help=True,
                        score=9, max_score=10))
        session.add(QuizAttempt(trainee_id=joined.trainee.id, quiz_id="co-ban", seed=1, layout={}, feedback="end",
                                pass_mark=0.7, started_at=later, deadline_at=None, finished_at=later,
                                ended_by="completed", score=0.9, passed=True))
    with get_session_factory(db_url)() as session:
        data = attendance_xlsx(session, row.id, trainer, now=NOW + timedelta(hours=3))
        with pytest.raises(DomainError):
            attendance_xlsx(session, row.id, Actor.trainee("citizen", joined.trainee.id), now=NOW)
    book = load_workbook(io.BytesIO(data))
    assert [s.title for s in book.worksheets] == ["Nhân viên bưu điện (BCCI)", "Tổ công nghệ số cộng đồng - hướ"]
    postal = list(book.worksheets[0].iter_rows(values_only=True))
    assert "dữ liệu giả" in postal[1][0]
    assert postal[3][:7] == ("STT", "Họ và tên", "Đơn vị", "Chức vụ", "Đối tượng", "Điện thoại", "Vào lớp lúc")
    assert postal[3][-2:] == ("Số bước đã xong", "Kết quả lộ trình")
    [mai] = postal[4:]
    assert mai[1:4] == ("Ma Thị Xuân", "Xã Phong Quang", "Công chức Địa chính - Xây dựng")
    assert mai[6] == "08:03 02/03/2026"
    assert mai[7:] == ("Đạt (có người hỗ trợ)", "Đạt (90%)", "2/2", "Đạt")
    helpers = book.worksheets[1]
    names = [r[1] for r in list(helpers.iter_rows(values_only=True))[4:]]
    assert names == ['=HYPERLINK("http://example.invalid","bấm")', "Hà Đức Mạnh"]
    cell = next(c for c in helpers["B"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert list(helpers.iter_rows(values_only=True))[4][6] == "Chưa vào lớp"

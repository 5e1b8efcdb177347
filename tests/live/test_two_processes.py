"""The live room across two Streamlit processes on one PostgreSQL database (issue 14 item 4): the projector on one
server, participants on both; everything the room shows comes from the database, nothing from another session's
memory. Driven over Streamlit's agent API (the benchmark's client), one session per person."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

from bench.agent import Client
from bench.paths import ROOM_QUESTION_BOX, answer_values
from bench.servers import APP, ROOT, running, start, trainer_env
from tests.conftest import _truncate_all
from tests.live.helpers import room
from trainer.db.engine import dispose_all, get_session_factory
from trainer.training.trainees import trainee_card

pytestmark = pytest.mark.postgres


def _code(url, actor) -> str:
    with get_session_factory(url)() as session:
        return trainee_card(session, trainee_id=actor.trainee_id).resume_code


def _participant(server, code: str) -> Client:
    client = Client("127.0.0.1", server.port)
    client.interact()
    client.interact(page="lop-hoc-truc-tiep", query_params={"code": [code]})
    return client


def _ready(snapshot):
    assert snapshot.status == "ready" and not [e for e in snapshot.errors() if "Traceback" in e], snapshot.errors()
    return snapshot


def test_a_room_spread_over_two_processes_on_one_postgresql_database_is_one_room(pg_url):
    _truncate_all(pg_url)
    r = room(pg_url, names=("Lò Thị Mai", "Hà Văn Dũng"))
    mai, dung = r.people
    logs = Path(tempfile.mkdtemp(prefix="trainer-two-servers-"))
    env = trainer_env(logs, pg_url)
    servers = [start(name, APP, cwd=ROOT, env=env, log_dir=logs) for name in ("projector-side", "room-side")]
    with running(servers):
        a, b = servers
        projector = Client("127.0.0.1", a.port)
        projector.interact()
        projector.interact(page="dang-nhap")
        _ready(projector.interact(widget_state={"sign_in_username": "gv.lan", "sign_in_password": "mat-khau-dai-1"},
                                  trigger={"key": "sign_in_submit"}))
        board = _ready(projector.interact(page="bang-theo-doi-lop", query_params={"lop_so": [str(r.workshop_id)]}))
        assert "Lò Thị Mai" in board.text() and "Hà Văn Dũng" in board.text() and r.join_code in board.text()
        # Dũng, on the other server, raises his hand: the projector's next tick shows it
        on_b = _participant(b, _code(pg_url, dung))
        _ready(on_b.interact(trigger={"key": "live_help_raise"}))
        ticked = _ready(projector.interact())
        assert f"live_helped_{dung.trainee_id}" in ticked.actions and "Giơ tay" in ticked.text()
        # the trainer marks him helped on server A; his screen on server B shows it
        _ready(projector.interact(trigger={"key": f"live_helped_{dung.trainee_id}"}))
        assert f"live_helped_{dung.trainee_id}" not in _ready(projector.interact()).actions
        assert "Người hướng dẫn đã hỗ trợ bạn" in _ready(on_b.interact()).text()
        # a room quiz started on A reaches both servers' participants; their answers count on A
        quiz = _ready(projector.interact(page="kiem-tra-chung", query_params={"lop_so": [str(r.workshop_id)]}))
        assert "live_start_submit" in quiz.actions
        _ready(projector.interact(trigger={"key": "live_start_submit"}))
        on_a = _participant(a, _code(pg_url, mai))
        for client in (on_a, on_b):
            shown = _ready(client.interact())
            values, submit = answer_values(shown, ROOM_QUESTION_BOX)
            answered = _ready(client.interact(widget_state=values, trigger={"key": submit}))
            assert "Đã ghi câu trả lời của bạn" in answered.text()
        counted = _ready(projector.interact())
        assert re.search(r"2 người đã trả lời", counted.text()), counted.text()[:500]
        _ready(projector.interact(trigger={"key": "live_reveal"}))
        revealed = _ready(on_b.interact())
        assert "Đáp án đúng" in revealed.text() or "Giải thích" in revealed.text()
    dispose_all()

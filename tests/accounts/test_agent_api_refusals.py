"""By the agent API (Streamlit's own interaction endpoint, what a script or a curious participant can drive), a
trainee cannot open a trainer's, leader's or administrator's page, and a trainer cannot open an administrator's
page (issue 12 and issue 13 Done-when). The same refusal as in the browser: the entry script refuses before the
page runs, so nothing of the page (roster names, accounts) reaches the client."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.agent import Client
from bench.servers import APP, ROOT, running, start, trainer_env
from tests.live.helpers import account, room
from tests.support import migrated_sqlite
from trainer.db.engine import get_session_factory
from trainer.training.trainees import trainee_card

TRAINER_PAGES = ("lop-tap-huan", "trang-lop", "man-chieu", "bang-theo-doi-lop", "kiem-tra-chung", "giay-chung-nhan",
                 "chien-dich")
LEADER_PAGES = ("bang-theo-doi",)
ADMIN_PAGES = ("quan-tri", "nhat-ky-quan-tri")
REFUSALS = ("Hãy đăng nhập để mở", "Tài khoản của bạn không được mở trang này")


def _refused(snapshot, *secrets: str) -> bool:
    text = snapshot.text()
    assert snapshot.status == "ready" and not [e for e in snapshot.errors() if "Traceback" in e], snapshot.errors()
    assert not any(s in text for s in secrets), text[:800]
    return any(r in text for r in REFUSALS)


def test_a_participant_and_a_trainer_are_refused_pages_above_them_by_the_agent_api() -> None:
    logs = Path(tempfile.mkdtemp(prefix="trainer-agent-refusals-"))
    url = migrated_sqlite(logs / "trainer.db")
    r = room(url, names=("Lò Thị Mai", "Hà Văn Dũng"))
    account(url, "qt.an", role="administrator")
    mai = r.people[0]
    with get_session_factory(url)() as session:
        code = trainee_card(session, trainee_id=mai.trainee_id).resume_code
    server = start("refusals", APP, cwd=ROOT, env=trainer_env(logs, url), log_dir=logs)
    with running([server]):
        participant = Client("127.0.0.1", server.port)
        participant.interact()
        mine = participant.interact(page="lop-hoc-truc-tiep", query_params={"code": [code]})
        assert "Lò Thị Mai" in mine.text()  # she is herself here ...
        for page in TRAINER_PAGES + LEADER_PAGES + ADMIN_PAGES:  # ... and nowhere above that
            shown = participant.interact(page=page, query_params={"lop_so": [str(r.workshop_id)]})
            assert _refused(shown, "Hà Văn Dũng", r.join_code, "qt.an"), (page, shown.text()[:500])

        trainer = Client("127.0.0.1", server.port)
        trainer.interact()
        trainer.interact(page="dang-nhap")
        trainer.interact(widget_state={"sign_in_username": "gv.lan", "sign_in_password": "mat-khau-dai-1"},
                         trigger={"key": "sign_in_submit"})
        own = trainer.interact(page="lop-tap-huan")
        assert "sidebar_sign_out" in own.actions and not _refused(own)  # signed in: the trainer's own pages open
        for page in ADMIN_PAGES:
            assert _refused(trainer.interact(page=page), "qt.an"), page

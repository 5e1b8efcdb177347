"""The trainer's workshop pages in AppTest: create a workshop, its page and projector view, close it; a participant
or another trainer reaches neither the pages nor the roster (the entry script refuses, the services refuse)."""

from __future__ import annotations

from datetime import date, datetime

from trainer.accounts import services
from trainer.actor import Actor
from trainer.db.engine import transaction
from trainer.settings import get_settings
from trainer.training import workshops
from trainer.ui.nav import page

PASSWORD = "Mật-khẩu-thử-2026"
NOW = datetime(2026, 12, 1, 8, 0)


def _account(username: str, role: str = "trainer"):
    with transaction(get_settings().url) as s:
        row = services.create_account(s, actor=Actor.operator_shell(), username=username, password=PASSWORD, role=role,
                                      now=NOW)
        return services.account_actor(row, "citizen")


def _sign_in(at, username: str):
    at.run()
    at.switch_page(page("dang-nhap").link)
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    return " ".join([e.value for e in at.error] + [m.value for m in at.markdown] + [s.value for s in at.success]
                    + [i.value for i in at.info] + [t.value for t in at.title])


def _workshop(actor) -> workshops.WorkshopRow:
    with transaction(get_settings().url) as s:
        return workshops.create_workshop(s, actor=actor, unit_code="01849", held_on=date(2026, 12, 1),
                                         path_ids=["can-bo-mot-cua"], now=NOW)


def test_a_trainer_creates_a_workshop_and_its_page_shows_the_code(make_app, app_db):
    _account("gv.lan")
    at = _sign_in(make_app(), "gv.lan")
    at.switch_page(page("lop-tap-huan").link).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Lớp tập huấn của tôi"
    at.selectbox(key="trainer_create_unit").set_value("01849")
    at.multiselect(key="trainer_create_paths").set_value(["can-bo-mot-cua"])
    at.button(key="trainer_create_submit").click().run()
    assert not at.exception, at.exception
    with transaction(get_settings().url) as s:
        [row] = workshops.workshops_for(s, Actor.operator_shell())
    assert at.title[0].value == row.title
    assert any(row.join_code in m.value for m in at.markdown)
    assert "0** người trong danh sách" in _texts(at) or "0 người" in _texts(at)
    at.switch_page(page("man-chieu").link)
    at.query_params["lop"] = str(row.id)
    at.run()
    assert not at.exception, at.exception
    assert any(m.value == f"# {row.join_code}" for m in at.markdown)


def test_the_trainer_closes_the_workshop_after_confirming(make_app, app_db):
    trainer = _account("gv.lan")
    row = _workshop(trainer)
    at = _sign_in(make_app(), "gv.lan")
    at.switch_page(page("trang-lop").link)
    at.query_params["lop"] = str(row.id)
    at.run()
    assert at.button(key="trainer_close").disabled
    at.checkbox(key="trainer_close_confirm").check().run()
    at.button(key="trainer_close").click().run()
    assert not at.exception, at.exception
    assert "Lớp đã đóng" in _texts(at)
    with transaction(get_settings().url) as s:
        try:
            workshops.open_workshop_by_code(s, row.join_code)
            raise AssertionError("a closed workshop still admits")
        except workshops.DomainError as error:
            assert error.key == "errors.workshops.closed"


def test_a_participant_cannot_open_the_trainers_pages(make_app, app_db):
    trainer = _account("gv.lan")
    row = _workshop(trainer)
    with transaction(get_settings().url) as s:
        workshops.join_workshop(s, actor=Actor.playing("citizen"), code=row.join_code, name="Lò Thị Mai",
                                audience="official", now=NOW)
    at = make_app()
    at.run()
    for url_path in ("lop-tap-huan", "trang-lop", "man-chieu", "chien-dich"):
        at.switch_page(page(url_path).link)
        at.query_params["lop"] = str(row.id)
        at.run()
        assert not at.exception, at.exception
        assert "Hãy đăng nhập" in _texts(at), url_path
        assert "Lò Thị Mai" not in _texts(at) and row.join_code not in _texts(at)


def test_another_trainer_sees_neither_the_workshop_nor_its_roster(make_app, app_db):
    trainer = _account("gv.lan")
    _account("gv.hoa")
    row = _workshop(trainer)
    with transaction(get_settings().url) as s:
        workshops.join_workshop(s, actor=Actor.playing("citizen"), code=row.join_code, name="Lò Thị Mai",
                                audience="official", now=NOW)
    at = _sign_in(make_app(), "gv.hoa")
    at.switch_page(page("trang-lop").link)
    at.query_params["lop"] = str(row.id)
    at.run()
    assert not at.exception, at.exception
    assert f"Không có lớp số “{row.id}”" in _texts(at)
    assert "Lò Thị Mai" not in _texts(at) and row.join_code not in _texts(at)


def test_a_hostile_name_on_the_roster_table_is_shown_literally(make_app, app_db):
    """st.table draws each text cell as Markdown (Streamlit 1.67): a participant named `**Lan** [x](…)` was bold and
    a link on the trainer's roster; every st.table goes through widgets.table (issue 9 item 6)."""
    from trainer.ui.widgets import literal

    trainer = _account("gv.lan")
    row = _workshop(trainer)
    name = "**Lan** [bấm](http://evil.test/x)"
    with transaction(get_settings().url) as s:
        workshops.join_workshop(s, actor=Actor.playing("citizen"), code=row.join_code, name=name,
                                audience="official", now=NOW)
    at = _sign_in(make_app(), "gv.lan")
    at.switch_page(page("trang-lop").link)
    at.query_params["lop"] = str(row.id)
    at.run()
    assert not at.exception, at.exception
    cells = [str(v) for table in at.table for v in table.value.to_numpy().ravel()]
    assert literal(name) in cells, cells
    assert name not in cells

"""The participants' workshop pages in AppTest: join by code, the resume card, my paths, kiosk mode."""

from __future__ import annotations

from datetime import date, datetime

from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.training import workshops

NOW = datetime(2026, 3, 2, 8, 0)


def _workshop(url: str) -> workshops.WorkshopRow:
    with get_session_factory(url).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username="gv.lan", password="mat-khau-dai-1",
                             role="trainer", display_name="Giảng viên Lan", now=NOW)
        return workshops.create_workshop(session, actor=account_actor(row, "desk_officer"), unit_code="01849",
                                         held_on=date(2026, 3, 2), path_ids=["can-bo-mot-cua", "nguoi-dan-truc-tuyen"],
                                         now=NOW)


def _join_page(make_app, code: str):
    at = make_app()
    at.run()
    at.switch_page("views/practice/join.py")
    at.query_params["lop"] = code
    at.run()
    return at


def test_joining_by_code_shows_the_resume_code_and_my_paths_lists_the_steps(make_app, app_db):
    ws = _workshop(app_db)
    at = _join_page(make_app, ws.join_code.lower())
    assert not at.exception, at.exception
    assert any(ws.title in m.value for m in at.markdown)
    at.text_input(key="join_name").input("Lò Thị Mai")
    at.text_input(key="join_pin").input("2468")
    at.button(key="join_submit").click().run()
    assert not at.exception, at.exception
    assert any("Chào Lò Thị Mai" in s.value for s in at.success)
    code = at.session_state["resume_code"]
    assert any(" ".join(code) in m.value for m in at.markdown)
    assert at.session_state["role"] == "desk_officer"  # the path's first scenario is played at the desk
    at.switch_page("views/practice/my_paths.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Lộ trình học của tôi"
    assert any("Tiếp nhận trực tiếp và in giấy tiếp nhận" in m.value for m in at.markdown)
    assert any("Đã xong 0/7 bước" in str(p.value) or "0/7" in str(getattr(p, "text", "")) for p in at.get("progress"))


def test_bad_codes_and_names_show_vietnamese_messages(make_app, app_db):
    ws = _workshop(app_db)
    at = _join_page(make_app, "ABC0")
    assert any("không đúng dạng" in e.value for e in at.error)
    at = _join_page(make_app, "ZZZZZZ")
    assert any("Không có lớp nào mang mã" in e.value for e in at.error)
    at = _join_page(make_app, ws.join_code)
    at.text_input(key="join_name").input("   ")
    at.button(key="join_submit").click().run()
    assert any("Vui lòng nhập họ và tên" in e.value for e in at.error)
    at.text_input(key="join_name").input("Mai")
    at.text_input(key="join_pin").input("12a4")
    at.button(key="join_submit").click().run()
    assert any("4 chữ số" in e.value for e in at.error)
    assert "resume_code" not in at.session_state


def test_the_kiosk_lists_names_and_done_clears_the_screen(make_app, app_db):
    ws = _workshop(app_db)
    with get_session_factory(app_db).begin() as session:
        workshops.join_workshop(session, actor=Actor.playing("citizen"), code=ws.join_code, name="Hà Văn Bình",
                                audience="citizen", now=NOW)
    at = make_app()
    at.run()
    at.switch_page("views/practice/kiosk.py")
    at.query_params["lop"] = ws.join_code
    at.run()
    assert not at.exception, at.exception
    [pick] = [b for b in at.button if b.key and b.key.startswith("kiosk_pick_")]
    assert pick.label.startswith("Hà Văn Bình")
    pick.click().run()
    assert not at.exception, at.exception
    assert at.session_state["trainee_id"] is not None and at.session_state["kiosk_code"] == ws.join_code
    at.button(key="kiosk_done").click().run()
    assert not at.exception, at.exception
    assert "trainee_id" not in at.session_state and at.session_state["kiosk_code"] == ws.join_code


def test_hostile_names_are_shown_literally_on_the_kiosk_and_join_pages(make_app, app_db):
    ws = _workshop(app_db)
    hostile = "**Đậm** [bấm](http://x.invalid) <b>thẻ</b> =HYPERLINK(\"a\")"
    at = _join_page(make_app, ws.join_code)
    at.text_input(key="join_name").input(hostile)
    at.button(key="join_submit").click().run()
    assert not at.exception, at.exception
    [welcome] = [s.value for s in at.success if "Chào" in s.value]
    assert "\\*\\*Đậm\\*\\*" in welcome and "\\[bấm\\]" in welcome  # escaped: rendered as typed, not as markdown
    kiosk = make_app()
    kiosk.run()
    kiosk.switch_page("views/practice/kiosk.py")
    kiosk.query_params["lop"] = ws.join_code
    kiosk.run()
    [pick] = [b for b in kiosk.button if b.key and b.key.startswith("kiosk_pick_")]
    assert pick.label.startswith("\\*\\*Đậm\\*\\*")

"""A confirmation belongs to the action, the dossier and the run it came from (issue 9 item 11): it is said once,
on the page and in the sandbox of the action, and never reappears in another run, on another dossier or page."""

from __future__ import annotations

from tests.ui.test_desk_pages import BIRTH, DESK, FORWARD, click, open_page, walk_in_received, world  # noqa: F401
from trainer.i18n import t


def _successes(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.value for s in at.success]


def test_the_desk_confirmation_and_its_slip_buttons_go_with_the_next_run(make_app, world):  # noqa: F811
    first = walk_in_received(world, BIRTH)
    second = walk_in_received(world, BIRTH)
    at = open_page(make_app, DESK, "desk.py", tab=FORWARD)
    at.selectbox(key="desk_forward_pick").set_value(first).run()
    click(at, f"desk_forward_{first}")
    assert any(s.startswith("Đã chuyển") for s in _successes(at))
    assert any(b.key.startswith(f"desk_flash_slip_{first}_") for b in at.get("download_button"))
    at.selectbox(key="desk_forward_pick").set_value(second).run()  # the next thing the officer does
    assert not any(s.startswith("Đã chuyển") for s in _successes(at))
    assert not any(b.key.startswith(f"desk_flash_slip_{first}_") for b in at.get("download_button"))


def test_a_new_scenario_run_does_not_open_with_the_last_actions_message(make_app, world):  # noqa: F811
    dossier_id = walk_in_received(world, BIRTH)
    at = open_page(make_app, DESK, "desk.py", tab=FORWARD)
    click(at, f"desk_forward_{dossier_id}")
    assert any(s.startswith("Đã chuyển") for s in _successes(at))
    at.switch_page("views/practice/scenarios.py")
    at.run()
    at.button(key="coach_start_desk-refusal").click().run()  # opens the desk in the run's own sandbox
    assert not at.exception, at.exception
    at.switch_page("views/practice/desk.py")
    at.run()
    assert at.title[0].value == t("desk.title", "vi")
    assert not any(s.startswith("Đã chuyển") for s in _successes(at)), _successes(at)


def test_a_message_kept_for_one_page_is_not_shown_on_another(make_app, world):  # noqa: F811
    from trainer.ui import flash

    at = open_page(make_app, DESK, "desk.py")
    at.session_state[flash.SLOT] = flash.Flash("desk.flash.forwarded", (("area", "desk_flash"),), "xu-ly-ho-so",
                                               DESK, world["sid"], None)
    at.run()
    assert not any(s.startswith("Đã chuyển") for s in _successes(at))
    assert flash.SLOT not in at.session_state


def test_the_portal_submitted_screen_of_one_sandbox_is_not_shown_in_another(make_app, world):  # noqa: F811
    at = make_app("citizen")
    at.run()
    at.switch_page("views/practice/portal.py")
    at.run()
    at.session_state["portal_last_code"] = "H06.23.01.M01-260302-0099"  # submitted just now in the demo sandbox
    at.run()
    assert at.session_state["portal_last_code"] == "H06.23.01.M01-260302-0099"  # kept while in that sandbox
    at.switch_page("views/practice/scenarios.py")
    at.run()
    at.button(key="coach_start_citizen-withdrawal").click().run()  # a run in its own sandbox
    at.switch_page("views/practice/portal.py")
    at.run()
    assert not at.exception, at.exception
    assert not any("Nộp hồ sơ thành công" in s for s in _successes(at)), _successes(at)
    assert "portal_last_code" not in at.session_state

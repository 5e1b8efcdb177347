"""Every page renders for every role that may see it, in both languages, without an exception."""

from __future__ import annotations

import pytest

from trainer.i18n import t
from trainer.ui.nav import PAGES, ROLES, pages_for

CASES = [(role, lang) for role in ROLES for lang in ("vi", "en")]


@pytest.mark.parametrize(("role", "lang"), CASES)
def test_every_page_of_a_role_renders_in_both_languages(make_app, role, lang):
    at = make_app(role, lang)
    at.run()
    assert not at.exception, at.exception
    banner = t("app.banner", lang)
    assert any(banner == w.value for w in at.warning), "the practice banner is missing on the start page"
    for spec in pages_for(role):
        if spec.default:
            continue  # the first run rendered it; AppTest cannot switch to the default page by file
        at.switch_page(spec.link)
        at.run()
        assert not at.exception, f"{spec.file} as {role} in {lang}: {at.exception}"
        assert any(banner == w.value for w in at.warning), f"banner missing on {spec.file}"


def test_the_menu_offers_exactly_the_pages_a_person_may_open():
    from trainer.actor import ACCOUNT_ROLES, Actor
    from trainer.ui.nav import allowed, menu_pages

    people = [Actor.playing(role) for role in ROLES] + [
        Actor(practice_role=role, account_id=1, account_role=account) for role in ROLES for account in ACCOUNT_ROLES
    ]
    for spec in PAGES:
        assert spec.path.exists(), f"{spec.file} is listed in nav.py but missing"
        for person in people:
            if spec.for_accounts:
                expected = person.account_role in spec.accounts
            else:
                expected = person.practice_role in spec.roles
            assert allowed(spec, person) == expected, (spec.file, person)
            in_menu = spec in menu_pages(person)
            assert in_menu == (expected and not (spec.url_path == "dang-nhap" and person.is_account))
    for role in ROLES:
        assert all(not spec.for_accounts for spec in pages_for(role))


def test_the_start_page_is_vietnamese_by_default(make_app):
    at = make_app()
    del at.session_state["lang"]
    at.run()
    assert at.title[0].value == "Chào mừng đến Một Cửa Sandbox"


def test_switching_language_translates_the_start_page(make_app):
    at = make_app()
    at.run()
    at.selectbox(key="lang").set_value("en").run()
    assert at.title[0].value == "Welcome to Một Cửa Sandbox"


def test_choosing_a_role_rebuilds_the_navigation(make_app):
    at = make_app("citizen")
    at.run()
    at.radio(key="start_role_picker").set_value("desk_officer").run()
    assert at.session_state["role"] == "desk_officer"
    assert not at.exception


def test_a_trainee_profile_is_created_and_resumed_by_code(make_app):
    at = make_app()
    at.run()
    at.text_input(key="start_name").input("Hoàng Văn Thụ")
    at.button(key="start_create_profile").click().run()
    assert not at.exception
    code = at.query_params["code"][0] if isinstance(at.query_params["code"], list) else at.query_params["code"]
    assert len(code) == 6
    fresh = make_app()
    fresh.run()
    fresh.text_input(key="start_resume_code").input(code.lower())
    fresh.button(key="start_resume").click().run()
    assert any("Hoàng Văn Thụ" in s.value for s in fresh.success)


def test_an_unknown_resume_code_shows_a_vietnamese_error(make_app):
    at = make_app()
    at.run()
    at.text_input(key="start_resume_code").input("QQQQQQ")
    at.button(key="start_resume").click().run()
    assert any("Không tìm thấy mã tiếp tục" in e.value for e in at.error)


def test_an_empty_name_is_refused_with_a_message(make_app):
    at = make_app()
    at.run()
    at.button(key="start_create_profile").click().run()
    assert any("Vui lòng nhập họ và tên" in e.value for e in at.error)


def test_a_trainee_picks_a_real_commune_of_the_configured_model(make_app):
    from trainer.training.models import Trainee
    from trainer.ui.widgets import db

    at = make_app()
    at.run()
    at.text_input(key="start_name").input("Ma Thị Lan")
    options = at.selectbox(key="start_unit").options
    assert any("Xã" in o or "Phường" in o for o in options)
    at.selectbox(key="start_unit").select_index(2)
    at.button(key="start_create_profile").click().run()
    assert not at.exception
    from sqlalchemy import select

    from trainer.db.engine import get_session_factory
    from trainer.settings import get_settings

    with get_session_factory(get_settings().url)() as session:
        trainee = session.scalars(select(Trainee)).one()
    assert trainee.unit_code and len(trainee.unit_code) == 5
    del db


def test_the_chosen_role_stays_selected_after_switching_language(make_app):
    at = make_app("desk_officer")
    at.run()
    at.selectbox(key="lang").set_value("en").run()
    assert at.radio(key="start_role_picker").value == "desk_officer"

"""Sign-in, the administrators' pages and the refusal of pages one may not open (by URL, which AppTest's
switch_page and the agent API both go through: the entry script refuses before the page runs)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from trainer.accounts import services
from trainer.accounts.models import Account
from trainer.actor import Actor
from trainer.db.engine import get_session_factory, transaction
from trainer.db.events import Event
from trainer.settings import get_settings
from trainer.ui.nav import PAGES, ROLES, page
from trainer.world.units import load_units

PASSWORD = "Mật-khẩu-thử-2026"
ADMIN_PAGES = [p for p in PAGES if p.accounts == ("administrator",)]


def _account(username: str, role: str, units=()):
    with transaction(get_settings().url) as s:
        services.create_account(s, actor=Actor.operator_shell(), username=username, password=PASSWORD, role=role,
                                unit_codes=units, now=datetime(2026, 12, 1, 8, 0))


def _sign_in(at, username: str, password: str = PASSWORD):
    at.run()  # AppTest knows the registered pages only after a run
    at.switch_page(page("dang-nhap").link)
    at.run()
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    at.button(key="sign_in_submit").click().run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    return " ".join([e.value for e in at.error] + [m.value for m in at.markdown] + [s.value for s in at.success])


def test_a_page_is_refused_by_url_to_someone_who_may_not_open_it(make_app):
    at = make_app("citizen")
    at.run()
    for spec in ADMIN_PAGES:
        at.switch_page(spec.link)
        at.run()
        assert not at.exception
        assert any("Hãy đăng nhập để mở" in e.value for e in at.error), spec.file
    at.switch_page(page("mot-cua").link)
    at.run()
    assert any("Trang này dành cho vai trò Cán bộ Bộ phận Một cửa" in e.value for e in at.error)
    assert not [b for b in at.button if b.key and b.key.startswith("desk_")]


@pytest.mark.parametrize("role", ["trainer", "leader"])
def test_a_trainer_or_leader_cannot_open_an_administrator_page(make_app, role):
    from trainer.world.units import load_units

    _account("nguoi.dung", role, units=(load_units().communes[0].code,) if role == "leader" else ())
    at = _sign_in(make_app("citizen"), "nguoi.dung")
    assert at.session_state["acting_person"].account_role == role
    for spec in ADMIN_PAGES:
        at.switch_page(spec.link)
        at.run()
        assert any("Tài khoản của bạn không được mở trang này" in e.value for e in at.error), spec.file
        assert not [t for t in at.text_input if t.key and t.key.startswith("admin_")]


def test_wrong_password_shows_one_vietnamese_message_and_the_fifth_locks(make_app):
    _account("lan", "trainer")
    at = make_app()
    at.run()
    for _ in range(4):
        _sign_in(at, "lan", "sai-mat-khau")
        assert any(e.value == "Tên đăng nhập hoặc mật khẩu không đúng." for e in at.error)
    _sign_in(at, "lan", "sai-mat-khau")
    assert any("Tài khoản tạm khoá do nhập sai mật khẩu 5 lần" in e.value for e in at.error)
    _sign_in(at, "lan", PASSWORD)
    assert any("tạm khoá" in e.value for e in at.error)
    assert at.session_state["acting_person"].account_id is None
    with get_session_factory(get_settings().url)() as s:
        assert s.scalar(select(Account.locked_until)) is not None


def test_an_administrator_creates_a_trainer_who_signs_in_and_out(make_app):
    _account("quantri", "administrator")
    at = _sign_in(make_app(), "quantri")
    assert any("Quản trị viên" in m.value for m in at.success)
    at.switch_page(page("quan-tri").link)
    at.run()
    assert not at.exception and not at.error
    at.text_input(key="admin_new_username").input("giang.vien")
    at.text_input(key="admin_new_name").input("**Lan** <script>alert(1)</script>")
    at.button(key="admin_create").click().run()
    assert not at.exception, at.exception
    shown = [c.value for c in at.code]
    assert len(shown) == 1 and len(shown[0]) >= 12
    password = shown[0]
    at.run()
    assert not at.code, "a generated password is shown once only"
    with get_session_factory(get_settings().url)() as s:
        created = s.scalar(select(Account).where(Account.username == "giang.vien"))
        assert created.role == "trainer" and created.display_name == "**Lan** <script>alert(1)</script>"
        assert password not in created.password_hash

    other = _sign_in(make_app(), "giang.vien", password)
    acting = other.session_state["acting_person"]
    assert acting.account_role == "trainer" and acting.name.startswith("**Lan**")
    other.button(key="sign_in_sign_out").click().run()
    assert other.session_state["acting_person"].account_id is None
    assert other.text_input(key="sign_in_username") is not None

    at.switch_page(page("nhat-ky-quan-tri").link)
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    actions = list(table.iloc[:, 2])
    assert actions[:4] == ["Đăng xuất", "Đăng nhập", "Tạo tài khoản", "Đăng nhập"]


def test_the_administrator_disables_and_resets_from_the_page(make_app):
    _account("quantri", "administrator")
    _account("lan", "trainer")
    at = _sign_in(make_app(), "quantri")
    at.switch_page(page("quan-tri").link)
    at.run()
    with get_session_factory(get_settings().url)() as s:
        lan_id = s.scalar(select(Account.id).where(Account.username == "lan"))
    at.selectbox(key="admin_manage_account").set_value(lan_id).run()
    at.button(key=f"admin_toggle_{lan_id}").click().run()
    assert not at.exception
    at.button(key=f"admin_reset_{lan_id}").click().run()
    new = at.code[0].value
    with transaction(get_settings().url) as s:
        assert s.get(Account, lan_id).disabled
        assert services.sign_in(s, username="lan", password=new, now=datetime(2026, 12, 1, 9)).error.key == \
            "errors.accounts.disabled"
        actions = [e.action for e in s.scalars(select(Event).order_by(Event.id))]
    assert "account.disabled" in actions and "account.password_reset" in actions


def test_the_units_chosen_for_an_account_stay_chosen_after_a_language_switch(make_app):
    """A multiselect keeps one key for both languages (it had one per language, so the units picked before switching
    to English were dropped; issue 9 item 19)."""
    _account("quantri", "administrator")
    _account("lan", "trainer")
    at = _sign_in(make_app(), "quantri")
    at.switch_page(page("quan-tri").link)
    at.run()
    with get_session_factory(get_settings().url)() as s:
        lan_id = s.scalar(select(Account.id).where(Account.username == "lan"))
    at.selectbox(key="admin_manage_account").set_value(lan_id).run()
    settings = get_settings()
    codes = [u.code for u in load_units(settings.admin_model, settings).all()][:2]
    at.multiselect(key=f"admin_units_{lan_id}").set_value(codes).run()
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.multiselect(key=f"admin_units_{lan_id}").value == codes


def test_a_signed_in_trainer_may_still_practise_every_role(make_app):
    _account("lan", "trainer")
    at = _sign_in(make_app("desk_officer"), "lan")
    at.switch_page(page("mot-cua").link)
    at.run()
    assert not at.exception and not [e for e in at.error if "không được mở" in e.value or "dành cho" in e.value]
    assert at.session_state["acting_person"].practice_role == "desk_officer"
    assert set(ROLES) >= {at.session_state["acting_person"].practice_role}

"""Bundle pages (AppTest): a citizen files the birth bundle from the portal and sees its three parts."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.ui.eform_fill import fill_eform
from trainer.db.engine import get_session_factory
from trainer.i18n import t
from trainer.sandbox.models import Bundle, Dossier, StoredDocument

CODE = re.compile(r"\*\*([A-Z0-9.]+-\d{6}-\d{4})\*\*")
BIRTH_PARTS = ["1.001193", "1.004222", "SB.0012"]


def open_portal(make_app, lang: str):
    at = make_app("citizen", lang)
    at.run()
    at.switch_page("views/practice/portal.py")
    at.run()
    assert not at.exception, at.exception
    return at


def new_mother(url: str, sandbox_id: int) -> int:
    """A citizen whose data store holds a medical birth notice (a newborn to register)."""
    with get_session_factory(url)() as session:
        return session.scalar(select(StoredDocument.citizen_id).where(
            StoredDocument.sandbox_id == sandbox_id, StoredDocument.doc_type == "birth_notice"
        ).order_by(StoredDocument.id))


def notice_date(url: str, sandbox_id: int) -> str:
    with get_session_factory(url)() as session:
        data = session.scalar(select(StoredDocument.data).where(
            StoredDocument.sandbox_id == sandbox_id, StoredDocument.doc_type == "birth_notice"
        ).order_by(StoredDocument.id))
    born = data.get("child_date_of_birth") or data.get("child_born")
    return "/".join(reversed(born.split("-"))) if "-" in born else born


def parts_of_latest_bundle(url: str, sandbox_id: int) -> list[Dossier]:
    with get_session_factory(url)() as session:
        bundle_id = session.scalar(select(Bundle.id).where(Bundle.sandbox_id == sandbox_id).order_by(Bundle.id.desc()))
        return list(session.scalars(select(Dossier).where(Dossier.bundle_id == bundle_id).order_by(Dossier.id)))


def no_errors(at) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def submit_birth_bundle(at, url: str, lang: str) -> tuple[int, list[str]]:
    """Sign in, start the birth bundle for the child, save each part's tờ khai, pay the residence fee, submit."""
    sandbox_id = at.session_state["sandbox_id"]
    at.selectbox(key="portal_citizen_pick").set_value(new_mother(url, sandbox_id))
    at.button(key="portal_signin").click().run()
    no_errors(at)
    assert at.radio(key="bundle_kind").value == "birth_bundle"
    assert at.text_input(key="bundle_s_f_child_date_of_birth").value == ""  # copied from the paper, not pre-filled
    at.text_input(key="bundle_s_f_child_name").input("Nguyễn Minh An")
    at.text_input(key="bundle_s_f_child_date_of_birth").input(notice_date(url, sandbox_id))
    at.selectbox(key="bundle_s_f_child_gender").set_value("male")
    at.button(key="bundle_start").click().run()
    no_errors(at)
    parts = parts_of_latest_bundle(url, sandbox_id)
    assert [p.procedure_code for p in parts] == BIRTH_PARTS
    assert all(p.form_data["child_name"] == "Nguyễn Minh An" and p.form_data["full_name"] for p in parts)
    for part in parts:
        fill_eform(at, url, prefix=f"bundle_{part.id}", dossier_id=part.id)
        at.button(key=f"bundle_{part.id}_eform_save").click().run()
        no_errors(at)
        if part.fee_amount > 0:
            at.button(key=f"bundle_pay_{part.id}").click().run()
            no_errors(at)
    at.button(key="bundle_submit").click().run()
    no_errors(at)
    assert any(t("bundle.submitted", lang, name="x").split("**")[0] in s.value for s in at.success)
    codes = [m.group(1) for m in (CODE.search(md.value) for md in at.markdown) if m]
    return sandbox_id, codes


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_citizen_submits_the_birth_bundle_from_the_portal_and_sees_its_three_parts(make_app, app_db, lang):
    at = open_portal(make_app, lang)
    sandbox_id, codes = submit_birth_bundle(at, app_db, lang)

    parts = parts_of_latest_bundle(app_db, sandbox_id)
    assert len(codes) == 3 and sorted(codes) == sorted(p.code for p in parts)
    assert all(p.status == 1 for p in parts)

    at.switch_page("views/practice/my_dossiers.py")
    at.run()
    no_errors(at)
    assert any(s.value == t("bundle.mine_title", lang) for s in at.subheader)
    tables = [d.value for d in at.dataframe if t("bundle.col_agency", lang) in d.value.columns]
    assert len(tables) == 1
    table = tables[0]
    assert list(table[t("bundle.col_code", lang)]) == [p.code for p in parts]
    assert set(table[t("bundle.col_status", lang)]) == {t("sandbox.status.s1", lang)}
    assert any(i.value == t("bundle.mine_open", lang) for i in at.info)


def test_a_bundle_with_nothing_attached_is_not_submitted_and_can_be_continued_later(make_app, app_db):
    at = open_portal(make_app, "vi")
    sandbox_id = at.session_state["sandbox_id"]
    at.selectbox(key="portal_citizen_pick").set_value(new_mother(app_db, sandbox_id))
    at.button(key="portal_signin").click().run()
    at.button(key="bundle_start").click().run()
    no_errors(at)
    at.button(key="bundle_submit").click().run()  # nothing attached yet: refused, nothing submitted
    assert at.error
    assert all(p.status == 0 and p.code is None for p in parts_of_latest_bundle(app_db, sandbox_id))
    at.button(key="bundle_back").click().run()
    no_errors(at)
    assert at.selectbox(key="bundle_resume").value is not None  # the draft bundle can be continued
    at.button(key="bundle_resume_go").click().run()
    assert at.button(key="bundle_submit")


def test_the_desk_sees_that_an_inbox_dossier_is_part_of_a_bundle_with_the_other_codes(make_app, app_db):
    at = open_portal(make_app, "vi")
    sandbox_id, codes = submit_birth_bundle(at, app_db, "vi")

    desk = make_app("desk_officer", "vi")
    desk.run()
    desk.switch_page("views/practice/desk.py")
    desk.run()
    no_errors(desk)
    assert desk.session_state["sandbox_id"] == sandbox_id
    shown = [c.value for c in desk.caption if "liên thông" in c.value]
    assert len(shown) == 1, shown
    first, others = codes[0], codes[1:]
    assert first not in shown[0] and all(code in shown[0] for code in others)
    assert "Liên thông đăng ký khai sinh" in shown[0]


def test_a_citizen_submits_the_death_bundle_with_the_deceased_named_on_every_part(make_app, app_db):
    at = open_portal(make_app, "en")
    sandbox_id = at.session_state["sandbox_id"]
    at.button(key="portal_signin").click().run()
    at.radio(key="bundle_kind").set_value("death_bundle").run()
    at.text_input(key="bundle_s_f_deceased_name").input("Hoàng Văn Tư")
    at.text_input(key="bundle_s_f_date_of_death").input("25/02/2026")
    at.button(key="bundle_start").click().run()
    no_errors(at)
    parts = parts_of_latest_bundle(app_db, sandbox_id)
    assert len(parts) == 3 and all(p.form_data["deceased_name"] == "Hoàng Văn Tư" for p in parts)
    for part in parts:
        fill_eform(at, app_db, prefix=f"bundle_{part.id}", dossier_id=part.id)
        at.button(key=f"bundle_{part.id}_eform_save").click().run()
        no_errors(at)
    at.button(key="bundle_submit").click().run()
    no_errors(at)
    codes = [m.group(1) for m in (CODE.search(md.value) for md in at.markdown) if m]
    assert sorted(codes) == sorted(p.code for p in parts_of_latest_bundle(app_db, sandbox_id))
    submitted_text = t("bundle.submitted", "en", name="x").split("**")[0]
    assert any(submitted_text in s.value for s in at.success)
    at.button(key="portal_sign_out").click().run()
    at.selectbox(key="portal_citizen_pick").select_index(1)
    at.button(key="portal_signin").click().run()
    no_errors(at)
    assert not any(submitted_text in s.value for s in at.success)  # the codes were the first citizen's
    assert at.button(key="bundle_start")

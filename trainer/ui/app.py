"""Entry script: page config, language, the acting person (one Actor per rerun), the app's own navigation (menu
by group, refusal of pages one may not open), banner, the sign-in cookie."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from trainer.i18n import LANGUAGES
from trainer.ui import account_session, flash, live_view, menu, portal_common, startup, widgets, workshop_ui
from trainer.ui.nav import ROLES

FAVICON = Path(__file__).resolve().parent / "assets" / "favicon.png"

# The favicon is a file of the app: a ":material/…" page icon is fetched from Google Fonts by the browser (offline it
# fails, online it tells a third party who is practising). Icons inside pages use Streamlit's bundled font.
st.set_page_config(page_title="Một Cửa Sandbox", page_icon=FAVICON, layout="wide")
startup.freeze_long_lived_heap()  # first run of the process only: the start-up heap leaves the collector's way

params = st.query_params
if "lang" not in st.session_state:
    st.session_state["lang"] = params.get("lang") if params.get("lang") in LANGUAGES else widgets.settings().language
if "role" not in st.session_state:
    st.session_state["role"] = params.get("role") if params.get("role") in ROLES else "citizen"

t = widgets.tr()
schema_ok = widgets.schema_is_current(widgets.settings().url)
actor = widgets.begin_rerun() if schema_ok else None  # the one look-up of trainee and account; pages read widgets.actor()
current = menu.register(t)
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def _sign_out() -> None:
    with widgets.db() as session:
        account_session.sign_out(session, widgets.wall_clock())
    widgets.account_changed()


with st.sidebar:
    st.selectbox(
        t("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang",
        on_change=lambda: (st.query_params.update(lang=st.session_state["lang"]), widgets.relabel_choices()),
    )
    if actor is not None:
        st.caption(t("start.current_role", role=t(f"roles.{actor.practice_role}")))
        trainee = widgets.current_trainee()
        if trainee is not None:
            st.caption(t("start.signed_in_as", name=widgets.literal(trainee.name), code=trainee.resume_code))
            workshop_ui.kiosk_done_button()  # kiosk mode of a shared PC: "Xong" clears the screen for the next person
        if actor.is_account:
            st.caption(t("accounts.signed_in_as", name=widgets.literal(actor.name),
                         role=t(f"accounts.roles.{actor.account_role}")))
            st.button(t("accounts.sign_out"), key="sidebar_sign_out", on_click=_sign_out, icon=":material/logout:")
        menu.draw(t, actor)
    script = (account_session.cookie_script() or "") + menu.sidebar_script(t)
    if actor is not None:
        script += portal_common.vneid_cookie_script()  # the mock VNeID sign-in survives a reload
    st.html(script, unsafe_allow_javascript=True)
    st.html(menu.phone_script(current.url_path, st.query_params.to_dict()), unsafe_allow_javascript=True)
    st.html(widgets.input_instructions_css())  # "Press Enter to apply" in the user's language

widgets.banner()
if actor is None:
    st.error(t("app.schema_outdated"), icon=":material/database:")
    st.stop()

widgets.keep_in_url()
flash.enter(current.url_path)  # a confirmation belongs to the page it came from (trainer.ui.flash)
workshop_ui.kiosk_redirect()  # after "Xong" on a shared PC: the kiosk's list of names
menu.refuse_if_not_allowed(t, actor, current)
live_view.help_corner(t, actor, current.url_path)  # "Cần hỗ trợ" on every page, for a workshop's participants
current.run()
st.caption(t("app.footer"))

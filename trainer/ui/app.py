"""Entry script: page config, language, the acting person (one Actor per rerun), role-based navigation, banner."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from trainer.i18n import LANGUAGES
from trainer.ui import flash, live_view, startup, widgets, workshop_ui
from trainer.ui.nav import ROLES, pages_for

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
actor = widgets.begin_rerun() if schema_ok else None  # the one trainee look-up; pages read widgets.actor()
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
with st.sidebar:
    st.selectbox(
        t("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        key="lang",
        on_change=lambda: (st.query_params.update(lang=st.session_state["lang"]), widgets.relabel_choices()),
    )
    st.caption(t("start.current_role", role=t(f"roles.{widgets.role()}")))
    trainee = widgets.current_trainee() if actor is not None else None
    if trainee is not None:
        st.caption(t("start.signed_in_as", name=widgets.literal(trainee.name), code=trainee.resume_code))
        workshop_ui.kiosk_done_button()  # kiosk mode of a shared PC: "Xong" clears the screen for the next person

widgets.banner()
if actor is None:
    st.error(t("app.schema_outdated"), icon=":material/database:")
    st.stop()

widgets.keep_in_url()
groups: dict[str, list[st.Page]] = {}
for spec in pages_for(actor.practice_role):
    page = st.Page(str(spec.path), title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path, default=spec.default)
    groups.setdefault(t(spec.group_key), []).append(page)

navigation = st.navigation(groups)
flash.enter(navigation.url_path)  # a confirmation belongs to the page it came from (trainer.ui.flash)
workshop_ui.kiosk_redirect()
live_view.help_corner(t, actor, navigation.url_path)  # "Cần hỗ trợ" on every page, for a workshop's participants
navigation.run()
st.caption(t("app.footer"))


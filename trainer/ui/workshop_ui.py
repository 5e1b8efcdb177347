"""What the workshop pages share: addresses for QR codes, titles of steps, the resume card, kiosk mode.

Kiosk mode (a shared commune PC): the kiosk page puts the workshop's code in session state and in the URL
(`?kiosk=`), so a reload stays in kiosk mode; `kiosk_done_button()` (in the sidebar of every page) signs the
participant out, clears the screen and goes back to the kiosk's list of names.
"""

from __future__ import annotations

import streamlit as st

from trainer import addresses
from trainer.coach.loader import load_scenarios
from trainer.quiz.loader import cached_bank, default_root
from trainer.training.paths import LearningPath, cached_paths
from trainer.training.resume_slip import render_resume_slip, resume_slip_filename
from trainer.training.trainees import TraineeCard
from trainer.ui import nav, widgets

JOIN_PARAM = "lop"  # ?lop=<join code> on the join and kiosk pages (the QR of the projector view)
KIOSK_PARAM = "kiosk"
KIOSK_KEY = "kiosk_code"
JOINED_KEY = "workshops_joined"  # the enrolment just joined: its slip is shown once


def page_address(url_path: str, **params: str) -> str:
    """The public address (LAN, never localhost) of one page with its parameters: what QR codes hold."""
    from streamlit import config

    return addresses.page_url(url_path, params, port=int(config.get_option("server.port") or addresses.DEFAULT_PORT),
                              base_path=str(config.get_option("server.baseUrlPath") or ""))


def path_title(path_id: str) -> str:
    path = cached_paths().paths.get(path_id)
    return path.title.get(widgets.lang()) if path is not None else path_id


def scenario_info() -> dict[str, tuple[str, str]]:
    """scenario id -> (title in the current language, practice role)."""
    return {e.id: (e.scenario.title.get(widgets.lang()), e.scenario.role)
            for e in load_scenarios(settings=widgets.settings()) if e.available and e.scenario is not None}


def quiz_titles() -> dict[str, str]:
    return {q.id: q.title.get(widgets.lang()) for q in cached_bank(default_root()).quizzes.values()}


def step_title(kind: str, ref: str) -> str:
    if kind == "scenario":
        return scenario_info().get(ref, (ref, ""))[0]
    return quiz_titles().get(ref, ref)


def first_role(path: LearningPath | None) -> str | None:
    info = scenario_info()
    for scenario_id in path.scenario_ids if path is not None else ():
        if scenario_id in info:
            return info[scenario_id][1]
    return None


def play_role(role: str | None) -> None:
    if role and role in nav.ROLES:
        st.session_state["role"] = role
        st.query_params["role"] = role


def resume_card(trainee: TraineeCard, *, workshop_title: str, path_id: str, key: str) -> None:
    """The participant's resume code in large type, its QR code and the printable slip."""
    t = widgets.tr()
    url = page_address(nav.MY_PATHS_URL_PATH, code=trainee.resume_code)
    with st.container(border=True, key=f"{key}_card"):
        st.markdown(f"**{t('workshops.resume.title')}**")
        st.markdown(f"# {' '.join(trainee.resume_code)}")  # letters and digits of the code alphabet only
        st.caption(t("workshops.resume.hint"))
        from trainer.sandbox.slips import qr_png

        st.image(qr_png(url), width=180, caption=t("workshops.resume.qr_caption"))
        st.download_button(
            t("workshops.resume.download"), key=f"{key}_slip",
            data=render_resume_slip(name=trainee.name, workshop_title=workshop_title, path_title=path_title(path_id),
                                    resume_code=trainee.resume_code, url=url, lang=widgets.lang()),
            file_name=resume_slip_filename(trainee.resume_code), mime="application/pdf", icon=":material/print:")


def kiosk_code() -> str | None:
    """The workshop code of kiosk mode on this PC (restored from ?kiosk= after a reload), or None."""
    if KIOSK_KEY not in st.session_state and st.query_params.get(KIOSK_PARAM):
        st.session_state[KIOSK_KEY] = st.query_params.get(KIOSK_PARAM)
    return st.session_state.get(KIOSK_KEY)


GOTO_KIOSK_KEY = "kiosk_goto"


def _done() -> None:
    code = st.session_state.get(KIOSK_KEY)
    language = st.session_state.get("lang")
    for name in list(st.session_state):
        if name not in ("lang", KIOSK_KEY):
            del st.session_state[name]
    if language:
        st.session_state["lang"] = language
    st.session_state["role"] = nav.DEFAULT_ROLE
    st.session_state[GOTO_KIOSK_KEY] = code
    st.query_params.clear()


def kiosk_done_button(key: str = "kiosk_done") -> None:
    """In kiosk mode with someone signed in: "Xong" signs them out and clears the screen for the next person
    (everything of this browser session but the language; their progress stays in the database)."""
    code = kiosk_code()
    if not code or st.session_state.get("trainee_id") is None:
        return
    st.button(widgets.tr()("workshops.kiosk.done"), key=key, type="primary", icon=":material/logout:",
              use_container_width=True, on_click=_done)


def kiosk_redirect() -> None:
    """After "Xong": open the kiosk's list of names (called once navigation is built, so the page is known)."""
    code = st.session_state.pop(GOTO_KIOSK_KEY, None)
    if code:
        st.switch_page(nav.link(nav.KIOSK_URL_PATH), query_params={JOIN_PARAM: code, KIOSK_PARAM: code})

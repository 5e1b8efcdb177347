"""Shared pieces of the citizen pages: which sandbox, who is signed in, easy-mode style, labels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import streamlit as st

from trainer.sandbox import queries
from trainer.sandbox.portal import sign_in_vneid
from trainer.sandbox.sandboxes import practice_sandbox, sandbox_now
from trainer.ui import flash, vneid_session, widgets
from trainer.world import labels
from trainer.world.units import load_units

T = TypeVar("T")

SANDBOX_KEY = "sandbox_id"  # session state: the practice sandbox every sandbox page works in
CITIZEN_KEY = "portal_citizen_id"  # session state: the fake citizen signed in with (mock) VNeID
CITIZEN_SANDBOX_KEY = "portal_citizen_sandbox"  # the sandbox that citizen lives in (forgotten on a switch)
ID_TAIL_DIGITS = 4  # digits of the personal ID shown in the sign-in list (the rest is hidden, as on VNeID)

# Easy mode (Chế độ dễ dùng): larger text and buttons for citizens at outreach events. A constant, never user data.
EASY_CSS = """
<style>
[data-testid="stMain"] p, [data-testid="stMain"] label, [data-testid="stMain"] li,
[data-testid="stMain"] input, [data-testid="stMain"] textarea { font-size: 1.35rem !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2rem !important; }
[data-testid="stMain"] button { font-size: 1.3rem !important; min-height: 3.2rem; padding: 0.4rem 1.6rem; }
</style>
"""


def apply_easy_style() -> None:
    """Inject the easy-mode style (a fixed constant, so no user text is ever rendered as HTML)."""
    st.html(EASY_CSS)


def _default_unit(trainee: Any) -> str:
    """The trainee's commune if they chose one, else the first commune of the configured model's province."""
    model = widgets.settings().admin_model
    units = load_units(model)
    chosen = units.find(trainee.unit_code) if trainee is not None and trainee.unit_code else None
    if chosen is not None and chosen.level == "commune":
        return chosen.code
    return units.communes[0].code


def sandbox_row(sandbox_id: int) -> queries.SandboxRow | None:
    """The sandbox's row (label, owner, clock), read once per script run (`widgets.once_per_rerun`; a write in the
    run reads it again): the sandbox choice, the sandbox line and `now_in` share it."""
    return widgets.once_per_rerun(("sandbox_row", sandbox_id), lambda session: queries.sandbox_row(session, sandbox_id))


def _sessions_sandbox(session: Any, _actor: Any) -> dict[Any, Any]:
    """Read with the Actor (widgets.read_on_every_rerun): the row of the sandbox this session works in, which every
    sandbox page reads first (`sandbox_row`), so it costs no transaction of its own."""
    sandbox_id = st.session_state.get(SANDBOX_KEY)
    if sandbox_id is None:
        return {}
    return {("sandbox_row", sandbox_id): queries.sandbox_row(session, sandbox_id)}


widgets.read_on_every_rerun(_sessions_sandbox)


def practice_sandbox_id() -> int:
    """The session's sandbox: the trainee's own (made on first visit) or, without a profile, the shared demo one."""
    trainee = widgets.current_trainee()
    owner_id = trainee.id if trainee is not None else None
    cached = st.session_state.get(SANDBOX_KEY)
    known = sandbox_row(cached) if cached is not None else None
    if known is not None and known.owner_id == owner_id:  # else deleted, or another's: choose again below
        flash.bind_sandbox(known.id)  # what the screens kept for another sandbox (another run) is dropped
        return known.id
    with widgets.db() as session:
        t, settings = widgets.tr(), widgets.settings()
        label = t("portal.sandbox_label_own", name=trainee.name) if trainee else t("portal.sandbox_label_demo")
        sandbox = practice_sandbox(
            session, owner_id=owner_id, unit_code=_default_unit(trainee), model=settings.admin_model,
            seed=settings.seed, now=widgets.wall_clock(), label=label,
        )
        sandbox_id = sandbox.id
    st.session_state[SANDBOX_KEY] = sandbox_id
    flash.bind_sandbox(sandbox_id)
    return sandbox_id


def show_sandbox_line(sandbox_id: int) -> None:
    """One caption: whose sandbox this is and its own clock."""
    t = widgets.tr()
    sandbox = sandbox_row(sandbox_id)
    if sandbox is not None:
        key = "portal.sandbox_demo" if sandbox.owner_id is None else "portal.sandbox_own"
        st.caption(t(key, label=widgets.literal(sandbox.label), clock=fmt_datetime(sandbox.clock)))


def act(action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """One user action in one transaction: action(session, ...); on a domain error nothing is kept and it is shown."""

    def run() -> T:
        with widgets.db() as session:
            return action(session, *args, **kwargs)

    return widgets.attempt(run)


SHORTENED_KEY = "portal_shortened_files"  # session state: upload names cut to length by the last save


def remember_shortened(items: list[dict[str, Any]]) -> None:
    """After a save: note which uploaded names had to be cut (shown once by `show_shortened`)."""
    from trainer.sandbox.documents import shortened_filename

    names = [shortened_filename(i.get("filename")) for i in items if i.get("mode") == "upload"]
    st.session_state[SHORTENED_KEY] = [n for n in names if n]


def show_shortened() -> None:
    """Say which file names were shortened (their extension kept) by the last save."""
    from trainer.sandbox.documents import FILENAME_MAX_CHARS

    t = widgets.tr()
    for name in st.session_state.pop(SHORTENED_KEY, []):
        st.info(t("portal.filename_shortened", limit=FILENAME_MAX_CHARS, name=widgets.literal(name)),
                icon=":material/content_cut:")


def now_in(sandbox_id: int) -> datetime:
    """The sandbox's own clock: what every action in it passes as `now` (read once per run, and again after a
    write: `sandbox_row`)."""
    row = sandbox_row(sandbox_id)
    if row is None:
        with widgets.db() as session:
            return sandbox_now(session, sandbox_id)  # raises the service's "no such sandbox"
    return row.clock


def signed_in_citizen(sandbox_id: int) -> queries.CitizenRow | None:
    """The citizen signed in with (mock) VNeID in this sandbox, or None."""
    citizen_id = st.session_state.get(CITIZEN_KEY)
    if citizen_id is None:  # a reload: the browser's mock VNeID cookie, if it is this sandbox's and this trainee's
        citizen_id = vneid_session.restore(sandbox_id, _trainee_id())
        if citizen_id is not None:
            remember_citizen(sandbox_id, citizen_id)
    if citizen_id is None or st.session_state.get(CITIZEN_SANDBOX_KEY) != sandbox_id:
        return None
    with widgets.db() as session:
        found = queries.citizen(session, sandbox_id, citizen_id)
    if found is None:  # the sandbox was reset: sign in again
        sign_out()
    return found


def open_draft(sandbox_id: int) -> queries.DraftRow | None:
    """The draft dossier this session is filling in (with its attached document ids), or None if gone."""
    dossier_id = st.session_state.get("portal_dossier_id")
    if dossier_id is None:
        return None
    with widgets.db() as session:
        draft = queries.open_draft(session, sandbox_id, dossier_id)
    if draft is None:  # submitted, or the sandbox was reset
        st.session_state.pop("portal_dossier_id", None)
    return draft


def citizen_id() -> int | None:
    """The id of the citizen signed in with (mock) VNeID: passed to every citizen service as its owner check."""
    return st.session_state.get(CITIZEN_KEY)


def remember_citizen(sandbox_id: int, citizen_id: int) -> None:
    st.session_state[CITIZEN_KEY] = citizen_id
    st.session_state[CITIZEN_SANDBOX_KEY] = sandbox_id
    vneid_session.signed_in()


def sign_out() -> None:
    for key in (CITIZEN_KEY, CITIZEN_SANDBOX_KEY, "portal_dossier_id", "portal_procedure", "portal_easy_step"):
        st.session_state.pop(key, None)
    vneid_session.forget()


def _trainee_id() -> int | None:
    trainee = widgets.current_trainee()
    return trainee.id if trainee is not None else None


def vneid_cookie_script() -> str:
    """The entry script's part of the mock VNeID cookie (trainer.ui.vneid_session): set, kept or cleared."""
    return vneid_session.cookie_script(st.session_state.get(CITIZEN_SANDBOX_KEY), st.session_state.get(CITIZEN_KEY),
                                       _trainee_id())


def citizen_label(citizen: queries.CitizenRow) -> str:
    """“Nông Thị Hoa — sinh năm 1990 — số định danh …1234” for the sign-in list."""
    return widgets.tr()(
        "portal.citizen_option", name=citizen.full_name, year=citizen.date_of_birth.year,
        tail=citizen.national_id[-ID_TAIL_DIGITS:],
    )


def fmt_datetime(value: datetime | None) -> str:
    """A date and time in the session's language, or a dash."""
    t = widgets.tr()
    if value is None:
        return t("portal.track.none_yet")
    return t("portal.track.datetime", H=value.hour, M=value.minute, d=value.day, m=value.month, y=value.year)


def money(amount: int) -> str:
    """12.000 ₫ in Vietnamese, 12,000 ₫ in English."""
    return f"{labels.money(amount, widgets.lang())} ₫"


def status_name(status: int) -> str:
    return widgets.tr()(f"sandbox.status.s{int(status)}")


def pick_citizen(sandbox_id: int, *, key: str) -> int | None:
    """A list of the sandbox's fake citizens to sign in as (mock VNeID); None when there are none."""
    t = widgets.tr()
    with widgets.db() as session:
        labels = {c.id: citizen_label(c) for c in queries.citizen_choices(session, sandbox_id)}
    if not labels:
        st.info(t("portal.no_citizens"))
        return None
    return widgets.choice(st.selectbox, t("portal.signin_pick"), list(labels), format_func=labels.__getitem__, key=key)


def sign_in(sandbox_id: int, citizen_id: int | None) -> bool:
    """Sign in as the chosen citizen (logged by the sandbox); True on success."""
    if citizen_id is None:
        return False
    citizen = act(sign_in_vneid, sandbox_id, citizen_id, actor=widgets.actor(), now=now_in(sandbox_id))
    if citizen is None:
        return False
    remember_citizen(sandbox_id, citizen.id)
    return True


def sign_in_box(sandbox_id: int, *, prefix: str) -> None:
    """The mock VNeID sign-in: choose a fake citizen, press the button; the page reruns once signed in."""
    picked = pick_citizen(sandbox_id, key=f"{prefix}_citizen_pick")
    pressed = picked is not None and st.button(
        widgets.tr()("portal.signin_button"), key=f"{prefix}_signin", type="primary"
    )
    if pressed and sign_in(sandbox_id, picked):
        st.rerun()


LINKED_KEY = "portal_linked_procedure"  # session state: the procedure a guide's QR code opened (?thu-tuc=CODE)


def open_linked_procedure() -> None:
    """A citizen guide's QR code opens `nop-ho-so?thu-tuc=CODE`: search for that procedure and pick it (once)."""
    from trainer.printed.guides import PROCEDURE_PARAM
    from trainer.world.procedures import load_catalogue

    code = st.query_params.get(PROCEDURE_PARAM)
    if not code:
        return
    del st.query_params[PROCEDURE_PARAM]  # taken once; a reload does not reopen it over the trainee's own choice
    if load_catalogue().find(code) is None:
        return
    st.session_state[LINKED_KEY] = code
    st.session_state["portal_search_q"] = code
    st.session_state.pop("portal_proc_pick", None)

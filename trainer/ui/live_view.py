"""The live room on screen: the projector board, the room quiz (projector and each device), "Cần hỗ trợ".

Every live part is a fragment with `run_every` (≥ 2 s). A tick reads one small thing of the database (the
workshop's version number, or the room quiz's state row) and redraws from the session's cached drawing unless it
moved; nothing a room shows comes from another session's memory, so two server processes on one database show one
room. Rendering writes nothing; buttons call one service each through `widgets.attempt`.
"""

from __future__ import annotations

import html
from collections.abc import Hashable
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.i18n import Translator
from trainer.live import access
from trainer.live import board as lb
from trainer.live import room_quiz as rqz
from trainer.quiz.grading import correct_response
from trainer.quiz.loader import cached_bank, default_root
from trainer.quiz.schema import MultipleQuestion, SingleQuestion, TrueFalseQuestion
from trainer.ui import widgets
from trainer.ui.quiz_view import answer_text, question_box

BOARD_TICK_SECONDS = 3  # every tick of every viewer is a server rerun: one version read each
QUIZ_TICK_SECONDS = 2  # the projector's timer and answer count
PLAYER_TICK_SECONDS = 3  # each participant's device
WORKSHOP_KEY = "live_workshop"
WORKSHOP_PARAM = "lop_so"  # the workshop a trainer page shows (?lop= is a join code elsewhere)
BOARD_CACHE = "live_board_cache"
QUIZ_CACHE = "live_quiz_cache"
PLAYER_CACHE = "live_player_cache"
FLASH_KEY = "live_flash"
LETTERS = "ABCDEFGHIJ"

PROJECTOR_CSS = """
<style>
.st-key-projector, .st-key-projector p, .st-key-projector li { font-size: 1.3rem; }
.live-address { font-size: 1rem; color: #374151; }
.live-title { font-size: 1.5rem; font-weight: 700; margin: 0; }
.live-code { font-size: 2.4rem; line-height: 1.1; font-weight: 800; letter-spacing: .35rem; color: #0b3d91; }
table.live-board { border-collapse: collapse; width: 100%; font-size: 1.25rem; }
table.live-board th, table.live-board td { border: 2px solid #c9ced6; padding: .25rem .45rem; text-align: center; }
table.live-board th[scope=row] { text-align: left; font-weight: 700; white-space: nowrap; }
table.live-board td.done { background: #d7f5dd; color: #0a5c1f; font-weight: 800; }
table.live-board td.helped { background: #d9e8ff; color: #0b3d91; font-weight: 800; }
table.live-board td.progress { background: #fff1c2; color: #6b4b00; font-weight: 800; }
table.live-board td.none { background: #f3f4f6; color: #6b7280; }
table.live-board tr.needs-help th[scope=row] { background: #ffd9d9; color: #8a0000; }
table.live-board td.flag { text-align: left; color: #8a0000; font-weight: 700; }
.live-question { font-size: 2rem; font-weight: 700; line-height: 1.3; }
.live-option { font-size: 1.6rem; margin: .3rem 0; padding: .3rem .6rem; border-radius: .4rem; background: #f3f4f6; }
.live-option.right { background: #d7f5dd; color: #0a5c1f; font-weight: 800; }
.live-big { font-size: 2.2rem; font-weight: 800; }
</style>
"""


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _flash() -> None:
    """A message left by a button's callback (callbacks run before the rerun draws anything)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        kind, text = message
        (st.success if kind == "ok" else st.error)(text, icon=":material/info:")


def _call(action: Any, **kwargs: Any) -> bool:
    """Run one service in a callback (at the click's time); its refusal is shown by the next draw."""
    from trainer.errors import TrainerError

    t = widgets.tr()
    try:
        with widgets.db() as session:
            action(session, **kwargs, now=widgets.wall_clock())  # the click's time, not the drawing's
    except TrainerError as error:
        st.session_state[FLASH_KEY] = ("error", t(error.key, **error.params))
        return False
    return True


def _minutes(now: datetime, since: datetime | None) -> int:
    return max(0, int((now - since).total_seconds() // 60)) if since else 0


# --- choosing the workshop (trainer pages) ----------------------------------------------------------------------


def pick_workshop(t: Translator, actor: Actor) -> Any:
    """The trainer's open workshops to pick from (kept in the URL as ?lop_so=<id>); None when they have none."""
    from trainer.training.workshops import workshops_for

    with widgets.db() as session:
        rows = widgets.attempt(workshops_for, session, actor)
    if rows is None:
        return None
    rows = [w for w in rows if w.is_open]
    if not rows:
        st.info(t("live.no_open_workshop"), icon=":material/groups:")
        return None
    by_id = {w.id: w for w in rows}
    wanted = st.query_params.get(WORKSHOP_PARAM, "")
    if WORKSHOP_KEY not in st.session_state or st.session_state[WORKSHOP_KEY] not in by_id:
        st.session_state[WORKSHOP_KEY] = int(wanted) if wanted.isdigit() and int(wanted) in by_id else rows[0].id
    with st.sidebar:  # the projector's screen stays for the room
        chosen = st.selectbox(t("live.workshop"), list(by_id), key=WORKSHOP_KEY,
                              format_func=lambda i: f"{by_id[i].title} · {by_id[i].join_code}")
    st.query_params[WORKSHOP_PARAM] = str(chosen)
    return by_id[chosen]


def join_banner(t: Translator, workshop: Any) -> None:
    """One line on the projector: the join code in large type, the join address (the hall network's, never
    localhost) and its QR code."""
    from trainer.sandbox.slips import qr_png
    from trainer.ui import nav, workshop_ui

    address = workshop_ui.page_address(nav.JOIN_URL_PATH, **{workshop_ui.JOIN_PARAM: workshop.join_code})
    text, qr = st.columns([6, 1], vertical_alignment="center")
    with text:
        st.html(f"<div class='live-code'>{_esc(t('live.join_code'))}: {_esc(workshop.join_code)}</div>"
                f"<div class='live-address'>{_esc(t('live.join_at', address=address))}</div>")
    qr.image(qr_png(address), width=96)


# --- the board ----------------------------------------------------------------------------------------------------


def _step_titles(keys: list[str], lang: str) -> dict[str, str]:
    from trainer.coach.loader import get_scenario
    from trainer.errors import TrainerError

    bank = cached_bank(default_root())
    out = {}
    for key in keys:
        kind, _, ref = key.partition(":")
        try:
            out[key] = get_scenario(ref).title.get(lang) if kind == "scenario" else bank.quizzes[ref].title.get(lang)
        except (TrainerError, KeyError):
            out[key] = ref
    return out


def _path_title(path_id: str, lang: str) -> str:
    from trainer.training.paths import cached_paths

    found = cached_paths().paths.get(path_id)
    return found.title.get(lang) if found is not None else path_id


def _cell(cell: lb.Cell, t: Translator) -> str:
    if cell.state == "done":
        if cell.kind == "quiz":
            score = f"{round((cell.best_score or 0) * 100)}%"
            return f"<td class='done' title='{_esc(t('live.cell_done'))}'>✔ {score}</td>"
        if cell.how == "with_help":
            return f"<td class='helped' title='{_esc(t('live.cell_with_help'))}'>✔ {_esc(t('live.with_help_short'))}</td>"
        return f"<td class='done' title='{_esc(t('live.cell_alone'))}'>✔</td>"
    if cell.state == "in_progress":
        return f"<td class='progress' title='{_esc(t('live.cell_in_progress'))}'>…</td>"
    return f"<td class='none' title='{_esc(t('live.cell_not_started'))}'>·</td>"


def flag_texts(flags: lb.Flags, t: Translator, now: datetime) -> list[str]:
    out = []
    if flags.hand_at is not None:
        out.append(t("live.flag_hand", minutes=_minutes(now, flags.hand_at)))
    for m in flags.mistakes:
        out.append(t("live.flag_mistake", name=m.name_vi if t.lang == "vi" else m.name_en, times=m.times))
    if flags.stuck_step is not None:
        out.append(t("live.flag_stuck", minutes=_minutes(now, flags.stuck_since)))
    return out


def board_html(b: lb.Board, t: Translator, now: datetime) -> str:
    """One table per path: participants × steps, with the help flags (text escaped: names are typed by people)."""
    parts = []
    for path_id in b.paths():
        rows = [r for r in b.rows if r.path_id == path_id]
        keys = [c.key for c in rows[0].cells]
        titles = _step_titles(keys, t.lang)
        head = "".join(f"<th scope='col' title='{_esc(titles[k])}'>{i}</th>" for i, k in enumerate(keys, start=1))
        body = []
        for r in rows:
            flags = flag_texts(r.flags, t, now)
            cls = " class='needs-help'" if flags else ""
            cells = "".join(_cell(c, t) for c in r.cells)
            body.append(f"<tr{cls}><th scope='row'>{_esc(r.name)}</th>{cells}"
                        f"<td class='flag'>{'<br>'.join(_esc(f) for f in flags)}</td></tr>")
        legend = " · ".join(f"{i}. {_esc(titles[k])}" for i, k in enumerate(keys, start=1))
        parts.append(f"<table class='live-board'><caption>{_esc(t('live.path', path=_path_title(path_id, t.lang)))}</caption>"
                     f"<thead><tr><th scope='col'>{_esc(t('live.participant'))}</th>{head}"
                     f"<th scope='col'>{_esc(t('live.needs_help'))}</th></tr></thead>"
                     f"<tbody>{''.join(body)}</tbody></table><p style='font-size:1rem'>{legend}</p>")
    if not parts:
        parts.append(f"<p>{_esc(t('live.nobody_yet'))}</p>")
    parts.append(f"<p style='font-size:1rem'>{_esc(t('live.legend'))}</p>")
    return "".join(parts)


def _helped(workshop_id: int, trainee_id: int) -> None:
    if _call(lb.mark_helped, actor=widgets.actor(), workshop_id=workshop_id, trainee_id=trainee_id):
        st.session_state.pop(BOARD_CACHE, None)


@st.fragment(run_every=BOARD_TICK_SECONDS)
def live_board(workshop_id: int) -> None:
    """The board: a tick reads the workshop's version number and redraws only when it (or the minute) moved."""
    t, actor, now = widgets.tr(), widgets.actor(), widgets.wall_clock()
    with widgets.db() as session:
        version = lb.board_version(session, workshop_id)
    key = f"{workshop_id}:{version}:{now:%Y%m%d%H%M}"  # the minute too: "stuck" and waiting times grow with time
    cache = st.session_state.get(BOARD_CACHE)
    if cache is None or cache[0] != key:
        with widgets.db() as session:
            b = widgets.attempt(lb.board, session, actor=actor, workshop_id=workshop_id, now=now)
        if b is None:
            return
        helps = [(r.trainee_id, r.name, flag_texts(r.flags, t, now)) for r in b.needing_help]
        cache = (key, board_html(b, t, now), helps, now.strftime("%H:%M:%S"))
        st.session_state[BOARD_CACHE] = cache
    _, drawing, helps, drawn_at = cache
    _flash()
    left, right = st.columns([3, 1])
    with left:
        st.html(drawing)
        st.caption(t("live.updated_at", time=drawn_at))
    with right, st.container(key="live_help_list"):
        st.subheader(t("live.help_title"))
        if not helps:
            st.write(t("live.nobody_needs_help"))
        for trainee_id, name, reasons in helps:
            with st.container(border=True, key=f"live_help_{trainee_id}"):
                st.markdown(f"**{widgets.literal(name)}**")
                for reason in reasons:
                    st.markdown(f"- {widgets.literal(reason)}")
                st.button(t("live.mark_helped"), key=f"live_helped_{trainee_id}", type="primary",
                          on_click=_helped, args=(workshop_id, trainee_id), icon=":material/check:")


def room_settings(t: Translator, workshop_id: int) -> None:
    """The room's setting: minutes on one step before a participant shows as stuck."""
    with widgets.db() as session:
        current = lb.stuck_minutes(session, workshop_id)
    with st.form("live_settings_form"):
        minutes = st.number_input(t("live.stuck_minutes"), min_value=lb.MIN_STUCK_MINUTES, max_value=lb.MAX_STUCK_MINUTES,
                                  value=current, step=1, key="live_stuck_minutes")
        if st.form_submit_button(t("live.save"), key="live_settings_save"):
            with widgets.db() as session:
                done = widgets.attempt(lb.set_stuck_minutes, session, actor=widgets.actor(), workshop_id=workshop_id,
                                       minutes=int(minutes), now=widgets.wall_clock())
            if done is not None:
                st.session_state.pop(BOARD_CACHE, None)
                st.success(t("live.saved", minutes=done), icon=":material/check:")


# --- "Cần hỗ trợ" on every page (participants of an open workshop) --------------------------------------------------


HELP_TICK_SECONDS = 5  # only while a hand is up: the trainer's "đã hỗ trợ" reaches the participant's screen


def help_corner(t: Translator, actor: Actor | None, page: str | None = None) -> None:
    """The raise-a-hand button, or the raised hand, or the notice that help was given (participants only).

    One indexed read for everyone else; while a hand is up the corner ticks (every HELP_TICK_SECONDS s, reading
    the participant's own help rows) so the trainer's "đã hỗ trợ" shows without a click or reload."""
    if actor is None or actor.trainee_id is None or actor.is_account:
        return
    trainee_id = actor.trainee_id
    workshop_id = widgets.once_per_rerun(("participant_workshop", trainee_id),  # read with the Actor (below)
                                         lambda session: access.participant_workshop(session, trainee_id))
    if workshop_id is None:
        return
    with widgets.db() as session:
        mine = lb.my_help(session, actor=actor, workshop_id=workshop_id)
    if mine is None:
        return
    if mine.hand_at is not None:
        _help_waiting(workshop_id, page)
    else:
        _help_body(t, actor, workshop_id, page, mine)


def _participant_workshop(session: Session, actor: Actor) -> dict[Hashable, Any]:
    """Read in the transaction that builds the Actor (widgets.read_on_every_rerun): the help corner's one read for
    every participant on every page."""
    if actor.trainee_id is None or actor.is_account:
        return {}
    return {("participant_workshop", actor.trainee_id): access.participant_workshop(session, actor.trainee_id)}


widgets.read_on_every_rerun(_participant_workshop)


@st.fragment(run_every=HELP_TICK_SECONDS)
def _help_waiting(workshop_id: int, page: str | None) -> None:
    t, actor = widgets.tr(), widgets.actor()
    with widgets.db() as session:
        mine = lb.my_help(session, actor=actor, workshop_id=workshop_id)
    if mine.hand_at is None:  # helped (or lowered) meanwhile: the whole page shows the notice and stops ticking
        st.rerun()
    _help_body(t, actor, workshop_id, page, mine)


def _help_body(t: Translator, actor: Actor, workshop_id: int, page: str | None, mine: lb.MyHelp) -> None:
    with st.container(key="live_help_corner"):
        _flash()
        if mine.notice is not None:
            text = t("live.helped_notice_run" if mine.notice.with_help_run else "live.helped_notice",
                     time=mine.notice.at.strftime("%H:%M"))
            st.success(text, icon=":material/volunteer_activism:")
            st.button(t("live.got_it"), key="live_help_ack", on_click=_call,
                      kwargs={"action": lb.acknowledge_help, "actor": actor, "workshop_id": workshop_id,
                              "help_given_id": mine.notice.help_given_id})
        if mine.hand_at is not None:
            st.warning(t("live.hand_raised", time=mine.hand_at.strftime("%H:%M")), icon=":material/front_hand:")
            st.button(t("live.lower_hand"), key="live_help_lower", on_click=_lower, args=(workshop_id,))
        else:
            st.button(t("live.raise_hand"), key="live_help_raise", icon=":material/front_hand:", on_click=_call,
                      kwargs={"action": lb.raise_hand, "actor": actor, "workshop_id": workshop_id, "page": page})


def _lower(workshop_id: int) -> None:
    _call(lb.lower_hand, actor=widgets.actor(), workshop_id=workshop_id)


# --- the room quiz: projector ---------------------------------------------------------------------------------------


def _options_html(question: Any, order: tuple[Any, ...], t: Translator, *, reveal: bool,
                  counts: tuple[rqz.OptionCount, ...] = ()) -> str:
    lang = t.lang
    by_key = {c.label_key: c.count for c in counts}
    rows = []
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        texts = {o.id: o for o in question.options}
        for i, oid in enumerate(order):
            option = texts[oid]
            cls = " right" if reveal and option.correct else ""
            count = f" — {by_key.get(oid, 0)}" if reveal else ""
            rows.append(f"<div class='live-option{cls}'>{LETTERS[i]}. {_esc(option.text.get(lang))}{count}</div>")
    elif isinstance(question, TrueFalseQuestion):
        for value in (True, False):
            cls = " right" if reveal and value == question.answer else ""
            label = t("quiz.answer_true") if value else t("quiz.answer_false")
            count = f" — {by_key.get(str(value).lower(), 0)}" if reveal else ""
            rows.append(f"<div class='live-option{cls}'>{_esc(label)}{count}</div>")
    elif reveal:
        rows.append(f"<div class='live-option right'>{_esc(answer_text(question, correct_response(question), t))}</div>")
    return "".join(rows)


def _move(action: Any, room_quiz_id: int, position: int) -> None:
    if _call(action, actor=widgets.actor(), room_quiz_id=room_quiz_id, position=position):
        st.session_state.pop(QUIZ_CACHE, None)


def _finish(room_quiz_id: int) -> None:
    if _call(rqz.finish_room_quiz, actor=widgets.actor(), room_quiz_id=room_quiz_id):
        st.session_state.pop(QUIZ_CACHE, None)


@st.fragment(run_every=QUIZ_TICK_SECONDS)
def quiz_projector(workshop_id: int) -> None:
    """The room quiz on the projector: question, options, answer count, timer; then reveal, leaderboard, next."""
    t, now = widgets.tr(), widgets.wall_clock()
    with widgets.db() as session:
        tick = rqz.room_tick(session, workshop_id)
    if tick.room_quiz_id is None:  # the quiz ended (here or from another tab): the page shows the start form again
        st.session_state.pop(QUIZ_CACHE, None)
        st.rerun()
    cache = st.session_state.get(QUIZ_CACHE)
    if cache is None or cache[0] != tick:
        with widgets.db() as session:
            view = rqz.view_for_workshop(session, workshop_id)
            standings = rqz.leaderboard(session, tick.room_quiz_id) if view and view.status != "question" else ()
        if view is None:
            return
        cache = (tick, view, standings)
        st.session_state[QUIZ_CACHE] = cache
    _, view, standings = cache
    bank = cached_bank(default_root())
    question = bank.questions.get(view.question_id)
    _flash()
    st.html(f"<div class='live-big'>{_esc(t('quiz.question_of', i=view.position + 1, n=view.total))}</div>")
    if view.status in ("question", "reveal") and question is not None:
        st.html(f"<div class='live-question'>{_esc(question.prompt.get(t.lang))}</div>")
        options = _options_html(question, view.order, t, reveal=view.status == "reveal", counts=view.counts)
        if options:  # ordering, matching and number questions list nothing here (each device shows its form)
            st.html(options)
    a, b = st.columns(2)
    a.html(f"<div class='live-big'>{_esc(t('live.answers', n=view.answer_count))}</div>")
    remaining = view.remaining(now)
    if view.status == "question":
        timer = t("live.no_timer") if remaining is None else t("live.seconds_left", n=remaining)
        b.html(f"<div class='live-big'>{_esc(timer)}</div>")
        st.button(t("live.reveal"), key="live_reveal", type="primary", on_click=_move,
                  args=(rqz.reveal, view.id, view.position), icon=":material/visibility:")
    elif view.status == "reveal" and question is not None:
        b.html(f"<div class='live-big'>{_esc(t('live.right_count', n=view.correct_count))}</div>")
        st.info(f"**{t('quiz.explanation')}:** {question.explanation.get(t.lang)}", icon=":material/lightbulb:")
        st.button(t("live.show_leaderboard"), key="live_leaderboard", type="primary", on_click=_move,
                  args=(rqz.show_leaderboard, view.id, view.position), icon=":material/leaderboard:")
    elif view.status == "leaderboard":
        leaderboard_table(t, standings)
        last = view.position + 1 >= view.total
        st.button(t("live.finish_quiz") if last else t("live.next_question"), key="live_next", type="primary",
                  on_click=_move, args=(rqz.next_question, view.id, view.position), icon=":material/arrow_forward:")
    st.button(t("live.end_early"), key="live_end", on_click=_finish, args=(view.id,), icon=":material/stop:")


def leaderboard_table(t: Translator, standings: tuple[rqz.Standing, ...], top: int = 10) -> None:
    if not standings:
        st.write(t("live.no_players"))
        return
    rows = "".join(f"<tr><td>{s.rank}</td><th scope='row'>{_esc(s.name)}</th><td>{s.points:,}".replace(",", ".")
                   + f"</td><td>{s.correct}</td></tr>" for s in standings[:top])
    st.html(f"<table class='live-board'><caption>{_esc(t('live.leaderboard'))}</caption><thead><tr>"
                f"<th scope='col'>{_esc(t('live.rank'))}</th><th scope='col'>{_esc(t('live.participant'))}</th>"
                f"<th scope='col'>{_esc(t('live.points'))}</th><th scope='col'>{_esc(t('live.correct'))}</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")


TIMER_LABELS = {60: "60", 90: "90", 120: "120", 180: "180", None: None}


def start_form(t: Translator, workshop_id: int) -> None:
    """Start a room quiz from any quiz definition: accuracy only by default, 60 s per question by default."""
    bank = cached_bank(default_root())
    quizzes = sorted(bank.quizzes.values(), key=lambda q: q.id)
    if not quizzes:
        st.info(t("quiz.none"))
        return
    with st.form("live_start_form"):
        quiz_id = widgets.choice(st.selectbox, t("live.pick_quiz"), [q.id for q in quizzes], key="live_start_quiz",
                                 format_func=lambda i: bank.quizzes[i].title.get(t.lang))
        timer = widgets.choice(st.selectbox, t("live.timer"), list(rqz.TIMER_CHOICES), key="live_start_timer",
                               format_func=lambda s: t("live.timer_off") if s is None else t("live.timer_seconds", n=s))
        speed = st.toggle(t("live.speed_points"), value=False, key="live_start_speed", help=t("live.speed_help"))
        if st.form_submit_button(t("live.start_quiz"), key="live_start_submit", type="primary"):
            with widgets.db() as session:
                started = widgets.attempt(rqz.start_room_quiz, session, actor=widgets.actor(), workshop_id=workshop_id,
                                          quiz_id=quiz_id, now=widgets.wall_clock(), speed_points=speed,
                                          timer_seconds=timer)
            if started is not None:
                st.session_state.pop(QUIZ_CACHE, None)
                st.rerun()


def past_results(t: Translator, workshop: Any) -> None:
    """Finished room quizzes of the workshop: the last one's leaderboard, and each one's results as XLSX."""
    from trainer.live.export import results_xlsx

    actor = widgets.actor()
    with widgets.db() as session:
        done = [q for q in (widgets.attempt(rqz.room_quizzes, session, actor=actor, workshop_id=workshop.id) or ())
                if q.status == "finished"]
        if not done:
            return
        latest = rqz.leaderboard(session, done[0].id)
        exports = []
        for q in done[:5]:
            rq, rows = rqz.results_table(session, actor=actor, room_quiz_id=q.id)
            exports.append((q.id, q.quiz_id, q.started_at, results_xlsx(rq, rows, t, title=workshop.title)))
    st.subheader(t("live.last_results"))
    leaderboard_table(t, latest)
    for qid, quiz_id, started, data in exports:
        st.download_button(t("live.download_results", quiz=quiz_id, time=started.strftime("%H:%M")), data=data,
                           file_name=f"ket-qua-kiem-tra-chung-{qid}.xlsx", key=f"live_xlsx_{qid}",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")


# --- the room quiz: each participant's device ----------------------------------------------------------------------


@st.fragment(run_every=PLAYER_TICK_SECONDS)
def quiz_player(workshop_id: int) -> None:
    """The participant's own device: the current question with its options, answered once; then the answer."""
    t, actor, now = widgets.tr(), widgets.actor(), widgets.wall_clock()
    with widgets.db() as session:
        tick = rqz.room_tick(session, workshop_id)
    if tick.room_quiz_id is None:
        st.session_state.pop(PLAYER_CACHE, None)
        st.info(t("live.wait_for_quiz"), icon=":material/hourglass_empty:")
        return
    key = (tick.room_quiz_id, tick.status, tick.position)
    cache = st.session_state.get(PLAYER_CACHE)
    if cache is None or cache[0] != key:
        with widgets.db() as session:
            mine = widgets.attempt(rqz.player_view, session, actor=actor, workshop_id=workshop_id)
        if mine is None:
            return
        cache = (key, mine)
        st.session_state[PLAYER_CACHE] = cache
    _, mine = cache
    view = mine.quiz
    bank = cached_bank(default_root())
    question = bank.questions.get(view.question_id)
    if question is None:
        st.error(t("errors.quiz.question_gone", question=view.question_id))
        return
    st.subheader(t("quiz.question_of", i=view.position + 1, n=view.total))
    if view.status == "question" and mine.my_answer is None:
        remaining = view.remaining(now)
        st.markdown(f"**{t('live.no_timer') if remaining is None else t('live.seconds_left', n=remaining)}**")
        from trainer.quiz.draw import DrawnQuestion

        drawn = DrawnQuestion(view.question_id, "", view.order)
        submitted, response = question_box(question, drawn, -(view.id * 1000 + view.position), t)
        if submitted:
            with widgets.db() as session:
                got = widgets.attempt(rqz.answer, session, actor=actor, room_quiz_id=view.id, position=view.position,
                                      response=response, now=widgets.wall_clock())
            if got is not None:
                st.session_state.pop(PLAYER_CACHE, None)
                st.rerun(scope="fragment")
        return
    if view.status == "question":
        st.success(t("live.answer_recorded"), icon=":material/check:")
        st.markdown(f"**{t('quiz.your_answer')}:**\n\n{answer_text(question, mine.my_answer, t)}")
        st.caption(t("live.wait_for_reveal"))
        return
    if view.status == "reveal":
        if mine.my_answer is None:
            st.warning(t("live.not_answered"), icon=":material/schedule:")
        elif mine.my_correct:
            st.success(t("live.you_were_right", points=mine.my_points), icon=":material/check_circle:")
        elif mine.my_points:
            st.warning(t("live.you_were_partly_right", points=mine.my_points), icon=":material/rule:")
        else:
            st.error(t("live.you_were_wrong"), icon=":material/cancel:")
        if mine.my_answer is not None:
            st.markdown(f"**{t('quiz.your_answer')}:**\n\n{answer_text(question, mine.my_answer, t)}")
        st.markdown(f"**{t('quiz.right_answer')}:**\n\n{answer_text(question, correct_response(question), t)}")
        st.info(f"**{t('quiz.explanation')}:** {question.explanation.get(t.lang)}", icon=":material/lightbulb:")
        return
    st.markdown(f"### {t('live.my_standing', rank=mine.my_rank or '–', points=mine.my_total)}")
    st.caption(t("live.wait_for_next"))

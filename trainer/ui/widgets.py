"""Pieces every page shares: settings, database access, translator, banner, error display, the acting person.

The entry script (`app.py`) calls `begin_rerun()` once per rerun: it looks the trainee and the signed-in account up
(`account_session`, a cookie token checked on the server) and builds
the `Actor` of this rerun; pages read them with `actor()` and `current_trainee()`, which never touch the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from trainer import addresses
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.migrate import is_current
from trainer.db.storage import storage_problem
from trainer.errors import TrainerError
from trainer.i18n import LANGUAGES, Translator
from trainer.settings import Settings, get_settings
from trainer.training.trainees import TraineeCard, trainee_card
from trainer.ui.nav import DEFAULT_ROLE, ROLES

T = TypeVar("T")
ACTOR_KEY = "acting_person"  # session state: the Actor of this rerun (built by begin_rerun, never by a page)
TRAINEE_KEY = "acting_trainee"  # session state: the TraineeCard of this rerun, or None


@st.cache_resource
def settings() -> Settings:
    """Settings are read once per process."""
    return get_settings()


_CURRENT_SCHEMAS: set[str] = set()


def schema_is_current(url: str) -> bool:
    """True once per process is enough (migrations run in `trainer run`, never on a rerun); False is asked again,
    so the page recovers after `trainer db upgrade` and a reload."""
    if url not in _CURRENT_SCHEMAS and is_current(url):
        _CURRENT_SCHEMAS.add(url)
    return url in _CURRENT_SCHEMAS


WROTE = "trainer_wrote"  # Session.info: this session flushed or executed a write (set by the listeners below)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@contextmanager
def db() -> Iterator[Session]:
    """One transaction for one action (never kept in session state); st.rerun()/st.stop() inside still commit.
    A transaction that wrote drops what this run read once (`once_per_rerun`)."""
    session = get_session_factory(settings().url)()
    try:
        yield session
    except ScriptControlException:
        _commit_or_stop(session)
        raise
    except BaseException as exc:
        session.rollback()
        _stop_on_storage_problem(exc)
        raise
    else:
        _commit_or_stop(session)
    finally:
        if session.info.get(WROTE):
            forget_rerun_values()
        session.close()


_RERUN_VALUES = "trainer_rerun_values"  # attribute of Streamlit's ScriptRunContext: (this run's token, {key: value})


def once_per_rerun(key: Hashable, load: Callable[[Session], T]) -> T:
    """What several parts of one script run read (the sandbox's row and clock, the trainee's active run): read once
    per run, in one transaction, then shared (plain values only, never ORM objects). A run is a full rerun or a
    fragment's: Streamlit gives its context a new `cursors` dict at the start of each, which is the token here, so
    nothing read in one run is seen by the next. Any write through `db()` in this run forgets every value, so what
    is read after it is fresh. Outside a script run (no context) it simply reads."""
    values = _this_runs_values()
    if values is not None and key in values:
        return values[key]
    with db() as session:
        value = load(session)
    values = _this_runs_values()  # again: a write in that transaction (making a sandbox) started afresh
    if values is not None:
        values[key] = value
    return value


def _this_runs_values() -> dict[Hashable, Any] | None:
    """This script run's values of `once_per_rerun` (None outside a run)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    kept = getattr(ctx, _RERUN_VALUES, None)
    if kept is None or kept[0] is not ctx.cursors:
        kept = (ctx.cursors, {})
        setattr(ctx, _RERUN_VALUES, kept)
    return kept[1]


def _keep_for_this_run(values: dict[Hashable, Any]) -> None:
    kept = _this_runs_values()
    if kept is not None:
        kept.update(values)


def forget_rerun_values() -> None:
    """Drop what this run read once (after a write, or when a page knows it changed something)."""
    ctx = get_script_run_ctx()
    if ctx is not None and getattr(ctx, _RERUN_VALUES, None) is not None:
        setattr(ctx, _RERUN_VALUES, None)


def _commit_or_stop(session: Session) -> None:
    try:
        session.commit()
    except Exception as exc:
        session.rollback()
        _stop_on_storage_problem(exc)
        raise


def _stop_on_storage_problem(exc: BaseException) -> None:
    """A full disk or read-only data dir: the action is rolled back, one message says so, the rerun stops here
    (the next one, of any page that only reads, works as before)."""
    problem = storage_problem(exc)
    if problem is None:
        return
    st.error(tr()(f"storage.{problem}"), icon=":material/hard_drive:")
    st.stop()


def public_url() -> str:
    """The app's one public base address (TRAINER_PUBLIC_URL, else the LAN address) with the port and base path
    this server is served on: what QR codes and printed links point at (trainer.addresses)."""
    from streamlit import config

    return addresses.public_url(int(config.get_option("server.port") or addresses.DEFAULT_PORT),
                                str(config.get_option("server.baseUrlPath") or ""))


def lang() -> str:
    value = st.session_state.get("lang") or settings().language
    return value if value in LANGUAGES else "vi"


def tr() -> Translator:
    """The translator of the current session's language."""
    return _translator(lang())


_TRANSLATORS: dict[str, Translator] = {}  # per process: the texts are files of the app, read once


def _translator(language: str) -> Translator:
    found = _TRANSLATORS.get(language)
    if found is None:
        found = _TRANSLATORS.setdefault(language, Translator(language))
    return found


def role() -> str:
    value = st.session_state.get("role", DEFAULT_ROLE)
    return value if value in ROLES else DEFAULT_ROLE


def wall_clock() -> datetime:
    """The real clock, read at the edge only (sandboxes carry their own clocks)."""
    return datetime.now().replace(microsecond=0)


def banner() -> None:
    """The practice-environment banner shown on top of every page."""
    st.warning(tr()("app.banner"), icon=":material/science:")


# Every ASCII punctuation mark that markdown, Streamlit's extensions (":red[…]", "$…$" maths) or HTML could read as
# syntax; a backslash before any of them is shown as the mark itself. ":", "." and "@" become character references
# instead: a backslash does not stop GitHub-style autolinks ("http://…", "www.…", "a@b.vn" become links even when
# escaped), nor emoji shortcodes and ":material/…:" icons, while "&#58;" is never part of such a pattern. Streamlit
# links bare addresses after decoding those, so an invisible word joiner (U+2060) also breaks "http", "www" and "@".
_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-!<>|~$&=^\"'])")
_REFERENCES = {":": "&#58;", ".": "&#46;", "@": "\u2060&#64;"}
_LINK_WORDS = re.compile(r"(?i)\b(?:https?|www|ftp|mailto)")
WORD_JOINER = "\u2060"


def literal(typed: object) -> str:
    """Text a person typed (a name, a file name, a note, an answer), shown literally inside markdown: no links,
    images, HTML, emphasis, icons or maths. Use it for every such value that reaches st.markdown/write/caption/
    success/info/…, labels and radio options (an st.dataframe cell or a selectbox option shows text as it is; an st.table cell is
    Markdown: use `table`)."""
    broken = _LINK_WORDS.sub(lambda m: m.group(0)[0] + WORD_JOINER + m.group(0)[1:], str(typed))
    escaped = _MARKUP.sub(r"\\\1", broken)
    return "".join(_REFERENCES.get(ch, ch) for ch in escaped)


# A cell Markdown cannot read as anything but itself (letters, digits, spaces and , . % / ₫ – — · ( ), not starting like
# a numbered list, no link word): left as it is, so figures stay "73.138" for those who read the table's values.
_PLAIN_CELL = re.compile(r"(?!\s*\d+[.)]\s)(?!.*(?i:https?|www|ftp|mailto))(?:[^\W_]|[ ,.%/₫–—·()])*")


def table(data: Any, **kwargs: Any) -> None:
    """st.table with every text cell shown literally. Streamlit (1.67) draws each cell of st.table as Markdown, so a
    roster name `**Lan**`, a declared value `[x](http://…)` or a cell of an imported file would be bold or a link;
    every st.table of the app goes through here (`tests/ui/test_literal.py` keeps it so). Headers and the index are
    the app's own words and are left as they are. `data`: a dict of columns, a list of row dicts, or a DataFrame."""
    def cell(value: object) -> object:
        return literal(value) if isinstance(value, str) and not _PLAIN_CELL.fullmatch(value) else value

    if isinstance(data, dict):
        data = {key: [cell(v) for v in column] for key, column in data.items()}
    elif isinstance(data, list):
        data = [{key: cell(v) for key, v in row.items()} for row in data]
    else:  # a DataFrame
        data = data.map(cell)
    st.table(data, **kwargs)


# Streamlit's uploader prints "Upload" and "10MB per file • PDF, JPG" in English and has no parameter for either
# (1.67). The app's own label says the limit and types in the user's language ("portal.attach_file"), so the English
# line is hidden and the button reads "Chọn tệp"/"Choose file" (screen readers still hear Streamlit's own word).
_UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button {{ font-size: 0; }}
[data-testid="stFileUploaderDropzone"] button::after {{ content: "{button}"; font-size: 1rem; }}
</style>"""


# Streamlit writes "Press Enter to apply" (in a form "… to submit form"; a text area "Press Ctrl+Enter …", "⌘" on a
# Mac) under a text or number input being typed in, in English, with no parameter (1.67, InputInstructions). The
# first part of that line is the instruction (a character counter, when there is one, comes after it): its own text
# is drawn at size 0 and the translated one put after it. Screen readers read Streamlit's words; "⌘" becomes "Ctrl".
_INPUT_CSS = """<style>
[data-testid="InputInstructions"] > span:first-child {{ font-size: 0; }}
[data-testid="InputInstructions"] > span:first-child::after {{ content: "{apply}"; font-size: 0.75rem; }}
[data-testid="stForm"] [data-testid="InputInstructions"] > span:first-child::after {{ content: "{submit}"; }}
[data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child::after {{ content: "{ctrl_apply}"; }}
[data-testid="stForm"] [data-testid="stTextArea"] [data-testid="InputInstructions"] > span:first-child::after {{
  content: "{ctrl_submit}"; }}
</style>"""


def input_instructions_css() -> str:
    """The style that says Streamlit's "Press Enter to apply" in the user's language (the entry script adds it)."""
    t = tr()
    return _INPUT_CSS.format(**{name: t(f"app.{key}").replace('"', "") for name, key in (
        ("apply", "enter_apply"), ("submit", "enter_submit"), ("ctrl_apply", "ctrl_enter_apply"),
        ("ctrl_submit", "ctrl_enter_submit"))})


def uploader(label: str, *, type: list[str] | tuple[str, ...] | None = None, key: str, container: Any = None,
             **kwargs: Any) -> Any:
    """st.file_uploader whose limit is TRAINER_UPLOAD_LIMIT_MB (the limit Streamlit shows and enforces) and whose
    own texts are not left in English."""
    where = container if container is not None else st
    where.html(_UPLOADER_CSS.format(button=tr()("app.upload_button").replace('"', "")))
    return where.file_uploader(label, type=list(type) if type else None, key=key,
                               max_upload_size=settings().upload_limit_mb, **kwargs)


CHOICE_KEYS = "translated_choice_keys"  # session state: keys of the choice widgets whose labels follow the language


def choice(widget: Callable[..., T], label: str, options: Any, *, key: str, index: int | None = 0,
           **kwargs: Any) -> T:
    """A choice widget (st.radio, st.selectbox, st.segmented_control, st.pills, or a column's: `choice(left.selectbox,
    …)`) whose option labels are translated: after a language switch it still shows what was chosen. Every such
    widget goes through here, with one key for both languages (never a key per language, which forgets the choice).

    Streamlit's browser side keeps a radio's or selectbox's value as the *label* of the chosen option, so once the
    labels change language it matches none and shows nothing selected. Every key made here is re-assigned when the
    language changes (`relabel_choices`, the language selector's callback), so the value goes out again with its
    new label; `index` is only the first default (passing it while Session State holds the value would make
    Streamlit warn "created with a default value but also set via Session State")."""
    keys = st.session_state.setdefault(CHOICE_KEYS, [])
    if key not in keys:
        keys.append(key)
    if key in st.session_state:
        kwargs.pop("default", None)
        return widget(label, options, key=key, **kwargs)
    if "default" in kwargs:  # st.segmented_control / st.pills take `default`, not `index`
        return widget(label, options, key=key, **kwargs)
    return widget(label, options, key=key, index=index, **kwargs)


def relabel_choices() -> None:
    """The language changed: send every translated choice's value again, so it is shown with its new label."""
    for key in st.session_state.get(CHOICE_KEYS, []):
        if key in st.session_state and st.session_state[key] is not None:
            st.session_state[key] = st.session_state[key]


def show_error(error: TrainerError) -> None:
    st.error(tr()(error.key, **error.params), icon=":material/error:")


def attempt(action: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
    """Run one service call; a domain error becomes a Vietnamese (or English) message, not a crash.

    A session among the arguments is rolled back on that error, so `with db() as s: attempt(fn, s, ...)` never
    commits half of a refused action.
    """
    try:
        return action(*args, **kwargs)
    except TrainerError as error:
        for value in (*args, *kwargs.values()):
            if isinstance(value, Session):
                value.rollback()  # nothing of a refused action is kept, even when the block goes on to commit
        show_error(error)
        return None


def remember_trainee(trainee_id: int, resume_code: str) -> None:
    """Keep the trainee for this session and in the URL, so a reload resumes (the next rerun acts as them)."""
    st.session_state["trainee_id"] = trainee_id
    st.session_state["resume_code"] = resume_code
    st.query_params["code"] = resume_code
    _drop_rerun_values()


def forget_trainee() -> None:
    st.session_state.pop("trainee_id", None)
    st.session_state.pop("resume_code", None)
    if "code" in st.query_params:
        del st.query_params["code"]
    _drop_rerun_values()


def account_changed() -> None:
    """Signed in or out: the next actor() builds the Actor again."""
    _drop_rerun_values()


def _drop_rerun_values() -> None:
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop(TRAINEE_KEY, None)


def keep_in_url() -> None:
    """Menu clicks drop query parameters: put back what a reload needs (role, language, resume code)."""
    wanted = {"role": role()}
    if lang() != settings().language:
        wanted["lang"] = lang()
    if st.session_state.get("resume_code"):
        wanted["code"] = st.session_state["resume_code"]
    if st.session_state.get("kiosk_code"):  # kiosk mode of a shared PC survives a reload (trainer.ui.workshop_ui)
        wanted["kiosk"] = st.session_state["kiosk_code"]
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


def load_trainee(session: Session | None = None) -> TraineeCard | None:
    """The trainee of this session (resumed from ?code= after a reload), or None: one query per rerun."""
    if session is None:
        with db() as own:
            return load_trainee(own)
    found = trainee_card(session, trainee_id=st.session_state.get("trainee_id"),
                         resume_code=st.query_params.get("code"))
    if found is not None:
        st.session_state["trainee_id"] = found.id
        st.session_state["resume_code"] = found.resume_code
    return found


_EVERY_RERUN: list[Callable[[Session, Actor], dict[Hashable, Any]]] = []


def read_on_every_rerun(load: Callable[[Session, Actor], dict[Hashable, Any]]) -> None:
    """A part of every page (the help corner) reads something of the acting person on every rerun: `load` runs in
    begin_rerun's transaction, right after the Actor is built, and what it returns ({key: value}) is what
    `once_per_rerun(key, …)` gives this run, so the part opens no transaction of its own. Registered once, at
    import."""
    if load not in _EVERY_RERUN:
        _EVERY_RERUN.append(load)


def begin_rerun() -> Actor:
    """Look the trainee and the signed-in account up and build this rerun's Actor (the entry script calls it once,
    before any page), and read what every page reads of them (`read_on_every_rerun`), in one transaction. A
    signed-in account keeps its practice role and, if they made one, their trainee profile."""
    from trainer.ui import account_session

    with db() as session:
        trainee = load_trainee(session)
        account = account_session.load_account(session, wall_clock())
        if account is not None:
            acting = Actor(practice_role=role(), trainee_id=trainee.id if trainee else None, account_id=account.id,
                           account_role=account.role, unit_codes=account.unit_codes, name=account.display_name)
        else:
            acting = Actor.trainee(role(), trainee.id if trainee else None, name=trainee.name if trainee else "",
                                   unit_code=trainee.unit_code if trainee else None)
        read: dict[Hashable, Any] = {}
        for load in _EVERY_RERUN:
            read.update(load(session, acting))
    st.session_state[TRAINEE_KEY] = trainee
    st.session_state[ACTOR_KEY] = acting
    _keep_for_this_run(read)
    return acting


def actor() -> Actor:
    """The acting person of this rerun, as the entry script built it (no database call)."""
    acting = st.session_state.get(ACTOR_KEY)
    if not isinstance(acting, Actor) or acting.practice_role != role():  # signed in or out, or the role changed
        acting = begin_rerun()
    return acting


def current_trainee() -> TraineeCard | None:
    """The trainee of this session as read once this rerun, or None (no database call)."""
    if ACTOR_KEY not in st.session_state:
        begin_rerun()
    return st.session_state.get(TRAINEE_KEY)

"""The participants' paths, as data: one `Step` per interaction, by widget key, page and value.

A step names the keys it sets or fires; before it is sent, every key must be among the latest snapshot's `actions`
(else `PathBroken`: a changed page breaks the benchmark loudly, it is never skipped). After it, the keys in
`expect` must be on the page and the page must show no error box. Values are sent as the agent API takes them: a
text, a boolean, a number, or, for an option widget, `Option("prefix")` (the option whose label starts with the
prefix; an option's label is what a widget with `format_func` reports) or `FIRST` (its first option, whatever the
seed put there, e.g. the first fake citizen).

Keys that hold a database id (`desk_receive_3`) are written with a placeholder (`desk_receive_{dossier}`) filled
from `capture_key`: a regular expression over the action keys of the snapshot after the step. `capture_text` does
the same over the page's text (the dossier code printed after submitting). `answer` fills the fields inside the
container (or form) whose key matches it (first option, first checkbox, "1" in a number box) and presses the button
in it: the quiz's questions are drawn at random, so its steps name the question's box by pattern.

To update a path after a page changed: run `python -m bench load --n 1 --path <name>`; the error names the step,
the missing key and the keys the page offers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bench.agent import Client, Snapshot, walk


@dataclass(frozen=True)
class Option:
    """The option whose label starts with `prefix`."""

    prefix: str


FIRST = Option("")  # the first option


@dataclass(frozen=True)
class Step:
    name: str
    page: str | None = None  # navigate to this url_path (a separate interaction, as a menu click)
    query: Mapping[str, str] = field(default_factory=dict)  # with `page`: its query parameters (placeholders filled)
    set: Mapping[str, Any] = field(default_factory=dict)  # widget key -> value
    trigger: str | None = None  # the key of a button to press (with `set`: the same request, one rerun)
    answer: str | None = None  # regex of a container's (or form's) key: fill its fields and press its button
    expect: tuple[str, ...] = ()  # keys that must be on the page afterwards
    capture_key: Mapping[str, str] = field(default_factory=dict)  # name -> regex with one group, over action keys
    capture_text: Mapping[str, str] = field(default_factory=dict)  # name -> regex with one group, over page text
    repeat: int = 1
    errors_ok: bool = False  # an error box on the page is what this step expects


class PathBroken(Exception):
    """A step cannot be played on the page as it is: a key is missing, a value is not an option, an error shows."""


# --- the paths -------------------------------------------------------------------------------------------------------

def _profile(audience: str) -> Step:
    return Step("create a trainee profile on the start page",
                set={"start_name": "{name}", "start_audience": Option(audience)},
                trigger="start_create_profile", expect=("start_sign_out",))


CITIZEN = (
    _profile("Người dân"),
    Step("open Nộp hồ sơ trực tuyến", page="nop-ho-so", expect=("portal_signin",)),
    Step("sign in with mock VNeID as the first fake citizen", set={"portal_citizen_pick": FIRST},
         trigger="portal_signin", expect=("portal_sign_out", "portal_search_q")),
    Step("search 'khai sinh'", set={"portal_search_q": "khai sinh"}, expect=("portal_proc_pick",)),
    Step("pick 1.001193", set={"portal_proc_pick": Option("1.001193")}, expect=("portal_start",)),
    Step("start the online dossier", trigger="portal_start", expect=("portal_eform_save", "portal_submit")),
    # The e-form (trainer/eforms, sandbox_data/eforms/khai-sinh.yaml): the requester is pre-filled; the child, the
    # mother and the relationship are copied from the birth notice; then the birth notice is taken from the data
    # store and the two conditional papers are left out.
    Step("fill the tờ khai: the child, the mother, the relationship",
         set={"portal_f_requester_relation": Option("Mẹ"), "portal_f_child_name": "Hà Minh An",
              "portal_f_child_date_of_birth": "18/02/2026", "portal_f_child_gender": Option("Nam"),
              "portal_f_child_place_of_birth": "Trạm Y tế phường", "portal_f_child_ethnicity": "Tày",
              "portal_f_mother_full_name": "Ma Thị Liên", "portal_f_mother_date_of_birth": "27/04/2005",
              "portal_f_mother_ethnicity": "Tày", "portal_f_mother_national_id": "006305001234",
              "portal_f_mother_address_unit": FIRST, "portal_f_mother_address": "Tổ 8",
              "portal_f_father_declared": Option("Không")},
         expect=("portal_eform_save",)),
    Step("save the e-form",
         set={"portal_mode_birth_notice": Option("Lấy từ kho dữ liệu"),
              "portal_mode_witness_statement": Option("Chưa có"),
              "portal_mode_commitment_letter": Option("Chưa có")},
         trigger="portal_eform_save", expect=("portal_submit",)),
    Step("submit", trigger="portal_submit", expect=("portal_new",),
         capture_text={"code": r"\*\*(H[0-9A-Z.]+-\d{6}-\d{4})\*\*"}),
    Step("open Tra cứu hồ sơ", page="tra-cuu-ho-so", expect=("tracking_code",)),
    Step("look the dossier up by its code", set={"tracking_code": "{code}"}, expect=("tracking_timeline",)),
    Step("open Bài kiểm tra", page="bai-kiem-tra", expect=("quiz_open_co-ban",)),
)

DESK = (
    _profile("Cán bộ, công chức"),
    Step("choose the role Cán bộ Bộ phận Một cửa", set={"start_role_picker": Option("Cán bộ Bộ phận Một cửa")}),
    Step("open Bộ phận Một cửa", page="mot-cua", expect=("desk_tabs",)),
    Step("open the tab Tiếp nhận trực tiếp (only the open tab is drawn)", set={"desk_tabs": "Tiếp nhận trực tiếp"},
         expect=("desk_walk_in_start",)),
    Step("walk-in: the first citizen brings a 1.001193 dossier",
         set={"desk_walk_in_citizen": FIRST, "desk_walk_in_procedure": Option("1.001193")},
         trigger="desk_walk_in_start", capture_key={"first": r"desk_supplement_(\d+)"}),
    Step("request a supplement (one request listing the missing tờ khai)",
         set={"desk_supplement_note_{first}": "Xin bổ sung tờ khai đăng ký khai sinh."},
         trigger="desk_supplement_{first}", expect=("desk_flash_slip_{first}_02",)),
    Step("walk-in: a second 1.001193 dossier", trigger="desk_walk_in_start",
         capture_key={"second": r"desk_receive_(\d+)"}),
    Step("digitise the tờ khai", trigger="desk_digitise_{second}_birth_declaration",
         expect=("desk_receive_{second}",)),
    Step("receive the dossier", trigger="desk_receive_{second}", expect=("desk_flash_slip_{second}_01",)),
    Step("open the tab Chuyển xử lý", set={"desk_tabs": "Chuyển xử lý"}, expect=("desk_forward_pick",)),
    Step("Chuyển xử lý: open the received dossier and its receipt (Mẫu 01)", set={"desk_forward_pick": FIRST},
         expect=("desk_forward_slip_{second}_01", "desk_forward_{second}")),
)

QUESTION_BOX = r"quiz_question_\d+_.+"  # the quiz question's box (trainer/ui/quiz_view.py); a room quiz's: -\d+
ROOM_QUESTION_BOX = r"quiz_question_-\d+_.+"
QUIZ = (
    _profile("Người dân"),
    Step("open Bài kiểm tra", page="bai-kiem-tra", expect=("quiz_open_co-ban",)),
    Step("open the quiz co-ban", trigger="quiz_open_co-ban", expect=("quiz_start_co-ban",)),
    Step("start it", trigger="quiz_start_co-ban"),
    Step("answer the question shown", answer=QUESTION_BOX, repeat=10, errors_ok=True),  # "Chưa đúng" is an error box
)
QUIZ_DONE = r"quiz_again_\d+"  # after ten answers the result shows its "try again" button

BARE = (  # the one-widget app: type a name, press the button, as many interactions as the citizen path
    *[Step("type a name", set={"name": "{name} " + str(i)}) if i % 2 == 0 else Step("press the button", trigger="go")
      for i in range(len(CITIZEN))],
)

PATHS: dict[str, tuple[Step, ...]] = {"citizen": CITIZEN, "desk": DESK, "quiz": QUIZ}


# --- playing a path --------------------------------------------------------------------------------------------------

def _fill(text: str, names: Mapping[str, str]) -> str:
    try:
        return text.format_map(names)
    except KeyError as missing:
        raise PathBroken(f"placeholder {missing} is not captured by an earlier step") from None


def _value(snapshot: Snapshot, key: str, wanted: Any, names: Mapping[str, str]) -> Any:
    if isinstance(wanted, str):
        return _fill(wanted, names)
    if not isinstance(wanted, Option):
        return wanted
    node = snapshot.node(key) or {}
    props = node.get("props", {})
    options = [str(o) for o in props.get("options", [])]
    if node.get("type") == "tabs":
        options = [str(c.get("props", {}).get("label", "")) for c in node.get("children", ())]
    found = next((o for o in options if o.startswith(wanted.prefix)), None)
    if found is None:
        raise PathBroken(f"{key}: no option starts with {wanted.prefix!r}; options: {options[:8]}")
    return found


def answer_values(snapshot: Snapshot, pattern: str) -> tuple[dict[str, Any], str]:
    """Values for every field inside the container (or form) whose key matches `pattern` (first choices) and the
    key of the button in it."""
    box = next((n for n in snapshot.nodes() if re.fullmatch(pattern, str(n.get("key", "")))), None)
    if box is None:
        raise PathBroken(f"nothing on the page has a key matching {pattern!r}")
    values: dict[str, Any] = {}
    submit, n_select, n_check, offered = None, 0, 0, snapshot.actions
    for node in walk(box):
        if node is box or node.get("key") not in offered:  # only what can be set or pressed
            continue
        kind, key, options = node.get("type"), node["key"], node.get("props", {}).get("options", [])
        if kind in ("button", "form_submit_button"):
            if submit is not None:
                raise PathBroken(f"{box['key']}: more than one button ({submit}, {key})")
            submit = key
        elif kind == "radio" or kind == "selectbox" and len(options) == 1:
            values[key] = options[0]
        elif kind == "selectbox":  # ordering and matching questions: a different choice in each box
            values[key] = options[n_select % len(options)]
            n_select += 1
        elif kind == "checkbox":
            values[key] = n_check == 0
            n_check += 1
        elif kind in ("text_input", "number_input", "text_area"):
            values[key] = "1" if kind != "number_input" else 1
        else:
            raise PathBroken(f"{box['key']}: cannot answer a {kind} ({key})")
    if submit is None:
        raise PathBroken(f"{box['key']} has no button")
    return values, submit


def play_step(client: Client, snapshot: Snapshot, step: Step, names: dict[str, str]) -> Snapshot:
    """Send one step (checked against the latest snapshot), check what it should have done, capture names."""
    where = f"step {step.name!r} on page {snapshot.page or '(start)'}"
    try:
        if step.page is not None:
            pages = [p["url_path"] for p in snapshot.body.get("pages", ())]
            if step.page not in pages:
                raise PathBroken(f"page {step.page!r} is not in the menu; pages: {pages}")
            query = {k: [_fill(v, names)] for k, v in step.query.items()} or None
            after = client.interact(page=step.page, query_params=query)
        else:
            if step.answer is not None:
                state, trigger = answer_values(snapshot, step.answer)
            else:
                state = {_fill(k, names): v for k, v in step.set.items()}
                state = {k: _value(snapshot, k, v, names) for k, v in state.items()}
                trigger = _fill(step.trigger, names) if step.trigger else None
            offered = snapshot.actions
            for key in [*state, *([trigger] if trigger else [])]:
                if key not in offered:
                    raise PathBroken(f"key {key!r} is not on the page; actions: {sorted(offered)[:30]}")
            after = client.interact(widget_state=state or None, trigger={"key": trigger} if trigger else None)
        if after.status != "ready":
            raise PathBroken(f"the app raised: {after.errors() or after.status}")
        shown = after.errors()
        if shown and not step.errors_ok:
            raise PathBroken(f"the page shows an error: {shown[0][:200]}")
        keys = after.keys()
        for key in (_fill(k, names) for k in step.expect):
            if key not in keys:
                raise PathBroken(f"expected {key!r} on the page afterwards; keys: {sorted(keys)[:30]}")
        for name, pattern in step.capture_key.items():
            match = next((m for k in after.actions if (m := re.fullmatch(pattern, k))), None)
            if match is None:
                raise PathBroken(f"no action key matches {pattern!r} afterwards")
            names[name] = match.group(1)
        for name, pattern in step.capture_text.items():
            match = re.search(pattern, after.text())
            if match is None:
                raise PathBroken(f"the page shows nothing matching {pattern!r}")
            names[name] = match.group(1)
        return after
    except PathBroken as broken:
        raise PathBroken(f"{where}: {broken}") from None


def play(client: Client, steps: tuple[Step, ...], name: str, *, done: str | None = None,
         names: Mapping[str, str] | None = None) -> None:
    """Create the session and play every step (each repeated as it says); raises PathBroken on the first failure.
    `names` fills placeholders known beforehand (a participant's resume code)."""
    known = {"name": name, **(names or {})}
    snapshot = client.interact()
    if snapshot.status != "ready":
        raise PathBroken(f"the first run raised: {snapshot.errors()}")
    for step in steps:
        for _ in range(step.repeat):
            snapshot = play_step(client, snapshot, step, known)
    if done is not None and not any(re.fullmatch(done, k) for k in snapshot.actions):
        raise PathBroken(f"the path ended without {done!r} on the page")


PATH_DONE = {"quiz": QUIZ_DONE}

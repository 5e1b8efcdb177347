"""The scenario format (scenarios/*.yaml): pydantic models, the single source of truth of scenarios/README.md.

Public API: `ScenarioFile` (the whole file), `Expectation` (one check over sandbox state and events),
`Condition` (a list of expectations, all must hold), `Step`, `Mistake`, `Setup`, `CitizenSetup`, `DossierSetup`,
`ClockAdvance`, `Text` ({vi, en?}; `.get(lang)`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

REF_PATTERN = r"^[a-z][a-z0-9_]{0,29}$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,59}$"
PROCEDURE_PATTERN = r"^(\d\.\d{6}|SB\.\d{4})$"
ROLES = ("citizen", "desk_officer", "specialist", "office_head", "leader", "postal_worker")
OFFICIAL_ROLES = ROLES[1:]
DEFAULT_STEP_POINTS = 10  # points of a step when the file does not say
DEFAULT_HINT_PENALTY = 2  # points lost per hint shown
DEFAULT_MISTAKE_PENALTY = 5  # points lost per listed mistake made
DEFAULT_PASS_MARK = 70  # percent of the total points


class Strict(BaseModel):
    """Unknown fields are errors: a misspelt key is reported, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Vietnamese (required) and English (optional; falls back to Vietnamese)."""

    vi: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str = "vi") -> str:
        return self.en if lang == "en" and self.en else self.vi


StatusSpec = int | list[int]


def _statuses(value: StatusSpec | None) -> list[int] | None:
    if value is None:
        return None
    return [value] if isinstance(value, int) else list(value)


class Counted(Strict):
    """How many matching rows are needed: `count` exactly, else at least `min` (default 1); count 0 = none."""

    count: int | None = Field(default=None, ge=0, le=50)
    min: int | None = Field(default=None, ge=1, le=50)

    def accepts(self, found: int) -> bool:
        if self.count is not None:
            return found == self.count
        return found >= (self.min or 1)


class PaperFact(Strict):
    """A fact on a paper in the data store of the dossier's citizen (the newest paper of that type)."""

    paper: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="e.g. birth_notice")
    fact: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="e.g. child_date_of_birth")


class CitizenFact(Strict):
    """An attribute of the dossier's citizen (the requester's own data): full_name, date_of_birth, national_id…"""

    citizen: Literal["full_name", "date_of_birth", "gender", "national_id", "phone", "address", "commune_code"]


FormValue = str | PaperFact | CitizenFact


class DossierCheck(Counted):
    """Dossiers of the sandbox matching every field given (a `ref` names one dossier from setup or a `bind`)."""

    ref: str | None = Field(default=None, pattern=REF_PATTERN)
    procedure: str | None = Field(default=None, pattern=PROCEDURE_PATTERN)
    citizen: str | None = Field(default=None, pattern=REF_PATTERN)
    status: StatusSpec | None = None
    channel: Literal["online", "walk_in", "post"] | None = None
    delivery: Literal["desk", "post", "electronic"] | None = None
    step: Literal["specialist", "office_head", "leader", "none"] | None = None
    has_code: bool | None = None
    documents: list[str] | None = Field(default=None, description="document ids that must all be attached")
    fee_paid: bool | None = None
    supplement_count: int | None = Field(default=None, ge=0)
    late: bool | None = Field(default=None, description="computed at the sandbox clock")
    new_appointment: bool | None = Field(default=None, description="an apology slip moved the appointment")
    at_agency_level: Literal["commune", "district", "province", "receiving", "deciding"] | None = None
    in_bundle: bool | None = Field(default=None, description="part of an interconnected bundle (liên thông)")
    not_citizen: str | None = Field(default=None, pattern=REF_PATTERN, description="filed for anyone but this citizen")
    bind: str | None = Field(default=None, pattern=REF_PATTERN, description="name the first match for later steps")
    form: dict[str, FormValue] | None = Field(
        default=None, description="declared e-form values that must equal a text, a paper's fact or the citizen's own")
    form_not: dict[str, FormValue] | None = Field(
        default=None, description="declared e-form values that must differ from these (a value typed wrong)")

    @field_validator("status")
    @classmethod
    def _status_codes(cls, value: StatusSpec | None) -> StatusSpec | None:
        for code in _statuses(value) or []:
            if not 0 <= code <= 10:
                raise ValueError("a status is 0 (draft) or a national code 1–10")
        return value

    def statuses(self) -> list[int] | None:
        return _statuses(self.status)


class EventCheck(Counted):
    """Events written in the run's sandbox after the run started (what the trainee did)."""

    action: str = Field(pattern=r"^[a-z_]+\.[a-z_]+$", description="e.g. dossier.received")
    dossier: str | None = Field(default=None, pattern=REF_PATTERN)
    actor: Literal[ROLES] | None = None  # type: ignore[valid-type]
    from_status: StatusSpec | None = None
    to_status: StatusSpec | None = None
    data: dict[str, Any] | None = Field(default=None, description="keys the event data must have with these values")
    note_contains_any: list[str] | None = Field(
        default=None, description="the note (e.g. a refusal reason) names one of these (case and accents ignored)"
    )


class SupplementCheck(Counted):
    """Supplement requests (Mẫu 02) of a dossier: what they list."""

    dossier: str = Field(pattern=REF_PATTERN)
    lists: list[str] | None = Field(default=None, description="every one of these document ids is listed")
    lists_any: list[str] | None = Field(default=None, description="at least one of these is listed")
    exactly: list[str] | None = Field(default=None, description="the list is exactly these ids (any order)")
    fault: bool | None = Field(default=None, description="a later request asked for something new")


class SlipCheck(Counted):
    """Slips issued: 01 receipt, 02 supplement, 03 refusal, 04 apology, 05 control slip, BL fee receipt."""

    form: Literal["01", "02", "03", "04", "05", "BL"]
    dossier: str | None = Field(default=None, pattern=REF_PATTERN)
    before_due: bool | None = Field(default=None, description="issued before the dossier's due time")


class PaymentCheck(Counted):
    """Payments (fee, obligation, postage) of a dossier."""

    dossier: str = Field(pattern=REF_PATTERN)
    kind: Literal["fee", "obligation", "postage"] | None = None
    paid: bool | None = None
    amount: int | None = Field(default=None, ge=0)
    method: Literal["online", "desk", "post"] | None = None


class ShipmentCheck(Counted):
    """BCCI shipments of a dossier: pickup of the dossier or delivery of the result."""

    dossier: str = Field(pattern=REF_PATTERN)
    kind: Literal["pickup", "delivery"] | None = None
    status: Literal["requested", "picked_up", "handed_over", "delivered"] | None = None


class RatingCheck(Counted):
    """A satisfaction rating of a returned dossier."""

    dossier: str = Field(pattern=REF_PATTERN)
    min_score: int | None = Field(default=None, ge=1, le=5)


class Expectation(Strict):
    """Exactly one check; compare codes and values, never labels."""

    dossier: DossierCheck | None = None
    event: EventCheck | None = None
    supplement_request: SupplementCheck | None = None
    slip: SlipCheck | None = None
    payment: PaymentCheck | None = None
    shipment: ShipmentCheck | None = None
    rating: RatingCheck | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Expectation:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one check of: {', '.join(type(self).model_fields)}")
        return self

    @property
    def kind(self) -> str:
        return next(name for name in type(self).model_fields if getattr(self, name) is not None)

    @property
    def check(self) -> Counted:
        return getattr(self, self.kind)


Condition = list[Expectation]


class ClockAdvance(Strict):
    """Time passing in the sandbox: working days (time of day kept) and/or office hours."""

    working_days: int = Field(default=0, ge=0, le=60)
    hours: float = Field(default=0, ge=0, le=80)
    note: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> ClockAdvance:
        if not self.working_days and not self.hours:
            raise ValueError("advance at least one working day or one hour")
        return self


class Step(Strict):
    """One instruction; it passes when every expectation holds on the sandbox's real state and events."""

    id: str = Field(pattern=ID_PATTERN)
    instruction: Text
    expect: Condition = Field(min_length=1, description="all must hold")
    hints: list[Text] = Field(default_factory=list, max_length=5, description="shown one at a time, in order")
    points: int = Field(default=DEFAULT_STEP_POINTS, ge=0, le=100)
    advance_clock: ClockAdvance | None = Field(default=None, description="applied when this step becomes current")
    after: list[str] = Field(default_factory=list, description="step ids that must pass first (order: any)")
    review: Text | None = Field(default=None, description="what to review when this step was not done alone")


class Mistake(Strict):
    """A known mistake: detected when its condition holds; the trainee sees the feedback."""

    id: str = Field(pattern=ID_PATTERN)
    when: Condition = Field(min_length=1)
    feedback: Text
    penalty: int | None = Field(default=None, ge=0, le=100)
    review: Text | None = None


class CitizenSetup(Strict):
    """A fake citizen of the sandbox, picked by position or by traits, optionally with explicit attributes."""

    ref: str = Field(pattern=REF_PATTERN)
    index: int | None = Field(default=None, ge=0, le=500, description="position among the sandbox's citizens")
    min_age: int | None = Field(default=None, ge=0, le=110)
    max_age: int | None = Field(default=None, ge=0, le=110)
    gender: Literal["male", "female"] | None = None
    has_document: str | None = Field(default=None, description="a document type held in their data store")
    full_name: str | None = Field(default=None, min_length=2, max_length=120)
    phone: str | None = Field(default=None, pattern=r"^0\d{9}$")
    address: str | None = Field(default=None, min_length=3, max_length=300)


class DossierSetup(Strict):
    """A dossier prepared with the sandbox's own services, up to a given status."""

    ref: str = Field(pattern=REF_PATTERN)
    procedure: str = Field(pattern=PROCEDURE_PATTERN)
    citizen: str = Field(pattern=REF_PATTERN)
    channel: Literal["online", "walk_in", "post"] = "online"
    delivery: Literal["desk", "post", "electronic"] = "desk"
    status: Literal[0, 1, 2, 4, 9, 10] = 1
    step: Literal["specialist", "office_head", "leader"] = "specialist"
    documents: Literal["all"] | list[str] = Field(default="all", description="'all' mandatory ones, or these ids")
    form: dict[str, str] = Field(default_factory=dict, description="e-form fields filled in by the citizen")
    pickup_requested: bool = Field(default=False, description="status 0 only: the citizen asked the post to collect it")
    handed_to_post: bool = Field(default=False, description="status 9 with delivery post: the desk gave it to the post")

    @model_validator(mode="after")
    def _post_flags(self) -> DossierSetup:
        if self.pickup_requested and self.status != 0:
            raise ValueError("pickup_requested needs status 0 (the post collects a draft)")
        if self.handed_to_post and (self.status != 9 or self.delivery != "post"):
            raise ValueError("handed_to_post needs status 9 and delivery: post")
        return self


class Setup(Strict):
    """The start state of the run's own sandbox."""

    seed: int = Field(default=2026, ge=0)
    households: int = Field(default=6, ge=1, le=40)
    clock: datetime = Field(description="the sandbox clock at the start, e.g. 2026-03-02 08:30")
    citizens: list[CitizenSetup] = Field(default_factory=list)
    dossiers: list[DossierSetup] = Field(default_factory=list)
    advance_clock: ClockAdvance | None = Field(default=None, description="time passing after the dossiers exist")


class Penalties(Strict):
    hint: int = Field(default=DEFAULT_HINT_PENALTY, ge=0, le=100)
    mistake: int = Field(default=DEFAULT_MISTAKE_PENALTY, ge=0, le=100)


class ScenarioFile(Strict):
    """One scenario file."""

    id: str = Field(pattern=ID_PATTERN)
    version: int = Field(ge=1)
    title: Text
    summary: Text | None = None
    instructions: Text
    audience: Literal["official", "citizen"]
    role: Literal[ROLES]  # type: ignore[valid-type]
    admin_models: list[Literal["three-level-2019", "two-level-2025"]] = Field(min_length=1)
    unit: str | None = Field(default=None, description="commune code; default: the first commune of the model")
    setup: Setup
    order: Literal["sequence", "any"] = Field(default="sequence", description="sequence: steps pass one after another")
    steps: list[Step] = Field(min_length=1)
    mistakes: list[Mistake] = Field(default_factory=list)
    penalties: Penalties = Field(default_factory=Penalties)
    pass_mark: int = Field(default=DEFAULT_PASS_MARK, ge=0, le=100, description="percent of the total points")
    review: Text | None = Field(default=None, description="what to review after a failed run")

    page: Literal["portal", "my-dossiers", "tracking", "desk", "processing", "post"] | None = Field(
        default=None, description="the sandbox page the run opens; default: the role's main page"
    )

    @model_validator(mode="after")
    def _role_fits_audience(self) -> ScenarioFile:
        if self.audience == "citizen" and self.role != "citizen":
            raise ValueError("a citizen scenario is played in the role citizen")
        return self

    @property
    def total_points(self) -> int:
        return sum(step.points for step in self.steps)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

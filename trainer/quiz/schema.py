"""The quiz content format (scenarios/quizzes/): the pydantic models are its single source of truth."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from trainer.content.problems import legal_source

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

QUESTION_TYPES = ("single", "multiple", "true_false", "ordering", "matching", "numeric")
MIN_CHOICE_OPTIONS = 2
MIN_ORDERING_ITEMS = 3
MIN_MATCHING_PAIRS = 3
DIFFICULTIES = (1, 2, 3)  # 1 easy, 2 medium, 3 hard


class Strict(BaseModel):
    """Every content model: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Vietnamese (required) and English (optional, falls back to Vietnamese)."""

    vi: NonEmpty
    en: NonEmpty | None = None

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.vi


class Option(Strict):
    """One choice of a single or multiple choice question."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=20)]
    text: Text
    correct: bool = False


class Item(Strict):
    """One step of an ordering question (items are written in the correct order)."""

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$", max_length=20)]
    text: Text


class Pair(Strict):
    """One left ↔ right pair of a matching question."""

    left: Text
    right: Text


class QuestionBase(Strict):
    """Fields every question has."""

    id: Slug
    topics: list[Slug] = Field(min_length=1)
    difficulty: Literal[1, 2, 3]
    prompt: Text
    explanation: Text
    source: NonEmpty

    @field_validator("source")
    @classmethod
    def _legal(cls, value: str) -> str:
        return legal_source(value)

    @property
    def main_topic(self) -> str:
        return self.topics[0]

    @field_validator("topics")
    @classmethod
    def _unique_topics(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each topic may be listed once")
        return value


def _unique_ids(items: list[Any], what: str) -> None:
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{what} ids must be unique; repeated: {', '.join(duplicates)}")


class SingleQuestion(QuestionBase):
    """Choose one option; exactly one is correct."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=MIN_CHOICE_OPTIONS)

    @field_validator("options")
    @classmethod
    def _one_correct(cls, value: list[Option]) -> list[Option]:
        _unique_ids(value, "option")
        found = sum(1 for o in value if o.correct)
        if found != 1:
            raise ValueError(f"single choice needs exactly one option with correct: true (found {found})")
        return value


class MultipleQuestion(QuestionBase):
    """Choose every correct option; at least one is correct."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=MIN_CHOICE_OPTIONS)

    @field_validator("options")
    @classmethod
    def _some_correct(cls, value: list[Option]) -> list[Option]:
        _unique_ids(value, "option")
        if not any(o.correct for o in value):
            raise ValueError("multiple choice needs at least one option with correct: true (found 0)")
        return value


class TrueFalseQuestion(QuestionBase):
    """A statement that is true or false."""

    type: Literal["true_false"]
    answer: bool

    @field_validator("answer", mode="before")
    @classmethod
    def _real_bool(cls, value: Any) -> Any:
        if not isinstance(value, bool):
            raise ValueError("expected true or false")  # noqa: TRY004 — pydantic reports only ValueError
        return value


class OrderingQuestion(QuestionBase):
    """Put the items in order; the file lists them in the correct order."""

    type: Literal["ordering"]
    items: list[Item] = Field(min_length=MIN_ORDERING_ITEMS)

    @field_validator("items")
    @classmethod
    def _unique(cls, value: list[Item]) -> list[Item]:
        _unique_ids(value, "item")
        return value


class MatchingQuestion(QuestionBase):
    """Match each left text with its right text."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=MIN_MATCHING_PAIRS)

    @field_validator("pairs")
    @classmethod
    def _unique_sides(cls, value: list[Pair]) -> list[Pair]:
        for side in ("left", "right"):
            texts = [getattr(p, side).vi for p in value]
            repeated = sorted({x for x in texts if texts.count(x) > 1})
            if repeated:
                raise ValueError(f"each {side} text must be unique; repeated: {repeated[0]!r}")
        return value


class NumericQuestion(QuestionBase):
    """Type a number (a fee, a count of working days); accepted within an absolute tolerance."""

    type: Literal["numeric"]
    answer: float
    tolerance: float = Field(default=0, ge=0)
    unit: Text | None = None

    @field_validator("answer", "tolerance", mode="before")
    @classmethod
    def _real_number(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(  # noqa: TRY004 — pydantic reports only ValueError
                f"expected a number such as 6000 (no quotes, no dots between thousands), got {value!r}"
            )
        return value


Question = SingleQuestion | MultipleQuestion | TrueFalseQuestion | OrderingQuestion | MatchingQuestion | NumericQuestion

QUESTION_MODELS: dict[str, type[QuestionBase]] = {
    "single": SingleQuestion,
    "multiple": MultipleQuestion,
    "true_false": TrueFalseQuestion,
    "ordering": OrderingQuestion,
    "matching": MatchingQuestion,
    "numeric": NumericQuestion,
}


class QuestionFile(Strict):
    """A file of the bank: `questions:` and a list (each question is validated on its own)."""

    questions: list[dict[str, Any]] = Field(min_length=1)


class Topic(Strict):
    """A topic questions are tagged with, and the scenarios that practise it."""

    id: Slug
    name: Text
    scenarios: list[str] = Field(default_factory=list)


class TopicsFile(Strict):
    """scenarios/quizzes/topics.yaml."""

    topics: list[Topic] = Field(min_length=1)


class DrawRule(Strict):
    """Draw `count` questions tagged with `topic`."""

    topic: Slug
    count: int = Field(ge=1, le=50)


class QuizDefinition(Strict):
    """A quiz: which questions to draw, how to give feedback, when it is passed."""

    id: Slug
    title: Text
    description: Text | None = None
    audience: list[Literal["official", "citizen"]] = Field(min_length=1)
    draw: list[DrawRule] = Field(min_length=1)
    feedback: Literal["immediate", "end"] = "immediate"
    time_limit_minutes: int | None = Field(default=None, ge=1, le=240)
    pass_mark: float = Field(gt=0, le=1)
    max_attempts: int | None = Field(default=None, ge=1)

    @property
    def question_count(self) -> int:
        return sum(rule.count for rule in self.draw)

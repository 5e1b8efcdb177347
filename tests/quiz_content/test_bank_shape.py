"""The question bank in scenarios/quizzes/questions/ has the shape QUIZ-FORMAT.md describes."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

BANK_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "quizzes" / "questions"
TOPICS = (
    "online-levels",
    "dossier-statuses",
    "desk-rules",
    "deadlines",
    "bcci-post",
    "interconnection",
    "forms",
    "fees",
    "citizen-portal",
    "personal-data",
    "eforms",
)
MIN_QUESTIONS = 150  # issue 6: at least 150 questions
MIN_TOPICS = 8  # issue 6: over at least 8 topics
MIN_PER_TOPIC_FILE = 15  # our own aim: every topic can fill a quiz on its own
COMMON_FIELDS = {"id", "type", "topics", "difficulty", "prompt", "explanation", "source"}
TYPE_FIELDS = {
    "single": ({"options"}, set()),
    "multiple": ({"options"}, set()),
    "true_false": ({"answer"}, set()),
    "ordering": ({"items"}, set()),
    "matching": ({"pairs"}, set()),
    "numeric": ({"answer"}, {"tolerance", "unit"}),
}
VI_DIACRITICS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)


def _files() -> list[Path]:
    return sorted(BANK_DIR.glob("*.yaml"))


def _questions() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in _files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and set(data) == {"questions"}, f"{path.name}: expected only `questions:`"
        for question in data["questions"]:
            found.append((path, question))
    return found


QUESTIONS = _questions()


def _label(item: tuple[Path, dict[str, Any]]) -> str:
    return str(item[1].get("id", item[0].name))


def _check_text(value: Any, where: str) -> None:
    assert isinstance(value, dict), f"{where}: expected {{vi: ..., en: ...}}"
    assert set(value) <= {"vi", "en"}, f"{where}: unknown keys {set(value) - {'vi', 'en'}}"
    assert isinstance(value.get("vi"), str) and value["vi"].strip(), f"{where}: vi text required"
    assert isinstance(value.get("en"), str) and value["en"].strip(), f"{where}: en text expected in this bank"


def test_the_bank_has_at_least_150_questions_over_at_least_8_topics() -> None:
    main_topics = Counter(q["topics"][0] for _, q in QUESTIONS)
    assert len(QUESTIONS) >= MIN_QUESTIONS
    assert len(main_topics) >= MIN_TOPICS


def test_each_topic_file_is_named_after_its_main_topic_and_holds_enough_questions() -> None:
    for path in _files():
        assert path.stem in TOPICS, f"{path.name} is not a known topic"
        questions = [q for p, q in QUESTIONS if p == path]
        assert len(questions) >= MIN_PER_TOPIC_FILE, f"{path.name}: only {len(questions)} questions"
        assert all(q["topics"][0] == path.stem for q in questions), f"{path.name}: main topic differs from file"


def test_question_ids_are_unique_across_the_bank() -> None:
    ids = Counter(q["id"] for _, q in QUESTIONS)
    assert [i for i, n in ids.items() if n > 1] == []


def test_every_topic_file_mixes_several_question_types_and_difficulties() -> None:
    for path in _files():
        questions = [q for p, q in QUESTIONS if p == path]
        assert len({q["type"] for q in questions}) >= 4, path.name
        assert {q["difficulty"] for q in questions} == {1, 2, 3}, path.name


@pytest.mark.parametrize("item", QUESTIONS, ids=_label)
def test_question_has_the_fields_of_its_type_and_no_others(item: tuple[Path, dict[str, Any]]) -> None:
    _, q = item
    assert re.fullmatch(r"[a-z]{2}-\d{3}", q["id"]), "id style: two letters, dash, three digits"
    required, optional = TYPE_FIELDS[q["type"]]
    assert COMMON_FIELDS | required <= set(q) <= COMMON_FIELDS | required | optional
    assert q["difficulty"] in (1, 2, 3)
    assert q["topics"] and all(t in TOPICS for t in q["topics"]) and len(set(q["topics"])) == len(q["topics"])
    assert isinstance(q["source"], str) and q["source"].strip()
    _check_text(q["prompt"], "prompt")
    _check_text(q["explanation"], "explanation")
    assert VI_DIACRITICS.search(q["prompt"]["vi"]), "Vietnamese prompt without diacritics"
    assert VI_DIACRITICS.search(q["explanation"]["vi"]), "Vietnamese explanation without diacritics"


@pytest.mark.parametrize("item", QUESTIONS, ids=_label)
def test_answer_is_well_formed_for_its_type(item: tuple[Path, dict[str, Any]]) -> None:
    _, q = item
    kind = q["type"]
    if kind in ("single", "multiple"):
        options = q["options"]
        assert len(options) >= 2
        assert len({o["id"] for o in options}) == len(options)
        for lang in ("vi", "en"):
            assert len({o["text"][lang] for o in options}) == len(options), f"option {lang} texts repeat"
        for o in options:
            assert set(o) <= {"id", "text", "correct"}
            assert isinstance(o.get("correct", False), bool)
            _check_text(o["text"], f"option {o['id']}")
        correct = sum(1 for o in options if o.get("correct"))
        if kind == "single":
            assert correct == 1
        else:
            assert correct >= 1 and correct < len(options)
    elif kind == "true_false":
        assert isinstance(q["answer"], bool)
    elif kind == "ordering":
        items = q["items"]
        assert len(items) >= 3
        assert len({i["id"] for i in items}) == len(items)
        for lang in ("vi", "en"):
            assert len({i["text"][lang] for i in items}) == len(items), f"ordering {lang} texts repeat"
        for i in items:
            assert set(i) == {"id", "text"}
            _check_text(i["text"], f"item {i['id']}")
    elif kind == "matching":
        pairs = q["pairs"]
        assert len(pairs) >= 3
        for side in ("left", "right"):
            for lang in ("vi", "en"):
                texts = [p[side][lang] for p in pairs]
                assert len(set(texts)) == len(texts), f"{side} {lang} texts repeat"
        for p in pairs:
            assert set(p) == {"left", "right"}
            _check_text(p["left"], "left")
            _check_text(p["right"], "right")
    elif kind == "numeric":
        assert isinstance(q["answer"], (int, float)) and not isinstance(q["answer"], bool)
        tolerance = q.get("tolerance", 0)
        assert isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool) and tolerance >= 0
        if "unit" in q:
            _check_text(q["unit"], "unit")


def test_the_bank_validates_against_the_quiz_schema_when_it_exists() -> None:
    schema = pytest.importorskip("trainer.quiz.schema")
    for _, q in QUESTIONS:
        schema.QUESTION_MODELS[q["type"]].model_validate(q)

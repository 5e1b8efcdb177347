"""The documented format (scenarios/README.md) is accepted by the schema, so the docs cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from trainer.quiz.schema import QUESTION_MODELS, QUESTION_TYPES, QuizDefinition, TopicsFile

README = Path(__file__).resolve().parents[2] / "scenarios" / "README.md"


def quiz_section_examples() -> list[dict]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Câu hỏi và bài kiểm tra / Questions and quizzes", 1)[1].split("\n## ", 1)[0]
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]


def test_every_yaml_example_of_the_quiz_section_validates():
    examples = quiz_section_examples()
    kinds = set()
    for data in examples:
        if "topics" in data:
            TopicsFile.model_validate(data)
            kinds.add("topics")
        elif "questions" in data:
            for question in data["questions"]:
                QUESTION_MODELS[question["type"]].model_validate(question)
            kinds.add("questions")
        else:
            QuizDefinition.model_validate(data)
            kinds.add("quiz")
    assert kinds == {"topics", "questions", "quiz"}


def test_every_question_type_is_documented():
    text = README.read_text(encoding="utf-8")
    for kind in QUESTION_TYPES:
        assert f"| `{kind}` |" in text

"""Load topics, the question bank and quiz definitions; broken parts become located problems, never a crash."""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from trainer.content.problems import (
    ContentError,
    LoadedYaml,
    Problem,
    format_place,
    load_yaml,
    problems_from_validation,
)
from trainer.content.safe_yaml import YAMLError, load_text
from trainer.quiz.schema import (
    QUESTION_MODELS,
    QUESTION_TYPES,
    Question,
    QuestionFile,
    QuizDefinition,
    Topic,
    TopicsFile,
)

TOPICS_FILE = "topics.yaml"
QUESTIONS_DIR = "questions"
QUIZZES_DIR = "quizzes"


@dataclass
class Bank:
    """Everything valid in one quizzes folder, plus every problem found (located)."""

    root: Path
    topics: dict[str, Topic] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    quizzes: dict[str, QuizDefinition] = field(default_factory=dict)
    unavailable: dict[str, list[Problem]] = field(default_factory=dict)  # quiz file name -> why it cannot be used
    problems: list[Problem] = field(default_factory=list)
    question_files: dict[str, str] = field(default_factory=dict)  # question id -> first file using it
    scenario_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # scenario id -> {vi, en}

    def scenario_title(self, scenario: str, lang: str) -> str:
        title = self.scenario_titles.get(scenario, {})
        return title.get(lang) or title.get("vi") or scenario

    def questions_for(self, topic: str) -> list[Question]:
        """Valid questions tagged with topic, in id order."""
        return sorted((q for q in self.questions.values() if topic in q.topics), key=lambda q: q.id)

    def topic_name(self, topic: str, lang: str) -> str:
        known = self.topics.get(topic)
        return known.name.get(lang) if known else topic

    def counts(self) -> dict[str, Any]:
        """Counts for `trainer check --format json` (questions by main topic and by type)."""
        by_topic = Counter(q.main_topic for q in self.questions.values())
        by_type = Counter(q.type for q in self.questions.values())
        return {
            "questions": len(self.questions),
            "questions_by_topic": {t: by_topic.get(t, 0) for t in self.topics} | {
                t: n for t, n in by_topic.items() if t not in self.topics
            },
            "questions_by_type": {t: by_type[t] for t in QUESTION_TYPES if by_type.get(t)},
            "topics": len(self.topics),
            "quizzes": len(self.quizzes),
        }


def display_name(path: Path, root: Path) -> str:
    """The file as people see it: relative to the folder holding scenarios/ when possible."""
    base = root.parent.parent if root.parent.name == "scenarios" else root.parent
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def _problems(loaded: LoadedYaml, error: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    return problems_from_validation(loaded, error, prefix)


def _validate(loaded: LoadedYaml, model: type[BaseModel], prefix: tuple[Any, ...] = ()) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(loaded.data), []
    except ValidationError as exc:
        return None, _problems(loaded, exc, prefix)


def _validate_data(loaded: LoadedYaml, data: Any, model: type[BaseModel], prefix: tuple[Any, ...]):
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(loaded, exc, prefix)


def _load(path: Path, root: Path) -> tuple[LoadedYaml | None, list[Problem]]:
    try:
        return load_yaml(path, display_name(path, root)), []
    except ContentError as exc:
        return None, exc.problems


def load_topics(root: Path, bank: Bank) -> None:
    path = root / TOPICS_FILE
    if not path.exists():
        bank.problems.append(Problem(display_name(path, root), "(file)", "missing: the list of known topics is required"))
        return
    loaded, problems = _load(path, root)
    bank.problems.extend(problems)
    if loaded is None:
        return
    parsed, problems = _validate(loaded, TopicsFile)
    bank.problems.extend(problems)
    if parsed is None:
        return
    bank.scenario_titles = scenario_titles(root.parent)
    for index, topic in enumerate(parsed.topics):
        if topic.id in bank.topics:
            loc = ("topics", index, "id")
            bank.problems.append(Problem(loaded.file, format_place(loc), f"topic id {topic.id!r} is listed twice", loaded.line_of(loc)))
            continue
        bank.topics[topic.id] = topic
        for number, scenario in enumerate(topic.scenarios):
            if bank.scenario_titles and scenario not in bank.scenario_titles:
                loc = ("topics", index, "scenarios", number)
                bank.problems.append(Problem(loaded.file, format_place(loc), f"unknown scenario {scenario!r}; expected the id of a file in scenarios/*.yaml", loaded.line_of(loc)))


def scenario_titles(folder: Path) -> dict[str, dict[str, str]]:
    """Id -> title ({vi, en}) of the scenario files beside quizzes/; broken files are the scenario checker's."""
    titles: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = load_text(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, YAMLError):
            continue
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            title = data.get("title")
            titles[data["id"]] = {k: str(v) for k, v in title.items()} if isinstance(title, dict) else {"vi": data["id"]}
    return titles


def load_question_file(path: Path, root: Path, bank: Bank) -> None:
    """Add the valid questions of one file to the bank; each broken question is a problem of its own."""
    loaded, problems = _load(path, root)
    bank.problems.extend(problems)
    if loaded is None:
        return
    parsed, problems = _validate(loaded, QuestionFile)
    bank.problems.extend(problems)
    if parsed is None:
        return
    for index, raw in enumerate(parsed.questions):
        prefix = ("questions", index)
        kind = raw.get("type")
        model = QUESTION_MODELS.get(kind) if isinstance(kind, str) else None
        if model is None:
            loc = prefix + ("type",)
            message = "required field is missing" if kind is None else f"unknown type {kind!r}"
            bank.problems.append(Problem(loaded.file, format_place(loc), f"{message}; expected one of: {', '.join(QUESTION_TYPES)}", loaded.line_of(loc)))
            continue
        question, problems = _validate_data(loaded, raw, model, prefix)
        if question is None:
            bank.problems.extend(problems)
            continue
        unknown = [(i, t) for i, t in enumerate(question.topics) if bank.topics and t not in bank.topics]
        for i, topic in unknown:
            loc = prefix + ("topics", i)
            bank.problems.append(Problem(loaded.file, format_place(loc), f"unknown topic {topic!r}; expected one of: {', '.join(bank.topics)}", loaded.line_of(loc)))
        if question.id in bank.question_files:
            loc = prefix + ("id",)
            first = bank.question_files[question.id]
            bank.problems.append(Problem(loaded.file, format_place(loc), f"question id {question.id!r} is already used in {first}; ids must be unique across the bank", loaded.line_of(loc)))
            continue
        bank.question_files[question.id] = loaded.file
        if not unknown:
            bank.questions[question.id] = question


def load_quiz_file(path: Path, root: Path, bank: Bank) -> None:
    """Add one quiz definition, or list it as unavailable with its problems."""
    loaded, problems = _load(path, root)
    key = path.stem
    if loaded is None:
        bank.problems.extend(problems)
        bank.unavailable[key] = problems
        return
    quiz, problems = _validate(loaded, QuizDefinition)
    if quiz is not None:
        problems = _draw_problems(loaded, quiz, bank)
        if quiz.id in bank.quizzes:
            problems.append(Problem(loaded.file, "id", f"quiz id {quiz.id!r} is used by another file", loaded.line_of(("id",))))
    bank.problems.extend(problems)
    if problems or quiz is None:
        bank.unavailable[key] = problems
    else:
        bank.quizzes[quiz.id] = quiz


def _draw_problems(loaded: LoadedYaml, quiz: QuizDefinition, bank: Bank) -> list[Problem]:
    out = []
    wanted: Counter[str] = Counter()
    for rule in quiz.draw:
        wanted[rule.topic] += rule.count
    for index, rule in enumerate(quiz.draw):
        loc = ("draw", index, "topic")
        if rule.topic not in bank.topics:
            out.append(Problem(loaded.file, format_place(loc), f"unknown topic {rule.topic!r}; expected one of: {', '.join(bank.topics)}", loaded.line_of(loc)))
            continue
        have = len(bank.questions_for(rule.topic))
        if have < wanted[rule.topic]:
            loc = ("draw", index, "count")
            out.append(Problem(loaded.file, format_place(loc), f"draws {wanted[rule.topic]} questions on {rule.topic!r} but the bank has only {have} valid ones", loaded.line_of(loc)))
    return out


def load_bank(root: Path) -> Bank:
    """Load a quizzes folder (topics.yaml, questions/*.yaml, quizzes/*.yaml)."""
    bank = Bank(root=root)
    load_topics(root, bank)
    question_dir = root / QUESTIONS_DIR
    if not question_dir.is_dir():
        bank.problems.append(Problem(display_name(question_dir, root), "(folder)", "missing: the question bank folder is required"))
    for path in sorted(question_dir.glob("*.yaml")) if question_dir.is_dir() else []:
        load_question_file(path, root, bank)
    for path in sorted((root / QUIZZES_DIR).glob("*.yaml")):
        load_quiz_file(path, root, bank)
    return bank


def _signature(root: Path) -> tuple[Any, ...]:
    out = []
    for folder in (root, root / QUESTIONS_DIR, root / QUIZZES_DIR):
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.name.endswith(".yaml"):
                    stat = entry.stat()
                    out.append((entry.path, stat.st_mtime_ns, stat.st_size))
    return tuple(out)


_CACHE: dict[Path, tuple[tuple[Any, ...], Bank]] = {}
_LOCK = threading.Lock()


def cached_bank(root: Path) -> Bank:
    """load_bank, reused until a file in the folder changes (the bank is read-only)."""
    root = root.resolve()
    signature = _signature(root)
    with _LOCK:
        hit = _CACHE.get(root)
        if hit is not None and hit[0] == signature:
            return hit[1]
    bank = load_bank(root)
    with _LOCK:
        _CACHE[root] = (signature, bank)
    return bank


def default_root() -> Path:
    """scenarios/quizzes of the configured content folder."""
    from trainer.settings import get_settings

    return get_settings().scenarios_dir / "quizzes"

"""Content validation: a broken file is a located problem, never a crash; `trainer check` reports it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from trainer.cli import main
from trainer.quiz.loader import load_bank


def rewrite(path: Path, edit) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_the_fixture_bank_loads_every_question_and_quiz(bank):
    assert len(bank.questions) == 15
    assert set(bank.quizzes) == {"thu", "gioi-han"}
    counts = bank.counts()
    assert counts["questions_by_topic"] == {"statuses": 7, "fees": 4, "safety": 4}
    assert counts["questions_by_type"]["numeric"] == 2


def test_a_single_choice_with_two_correct_options_is_reported_at_its_line(content_dir):
    path = content_dir / "scenarios/quizzes/questions/statuses.yaml"
    rewrite(path, lambda d: d["questions"][1]["options"][0].update(correct=True))
    bank = load_bank(content_dir / "scenarios/quizzes")
    [problem] = bank.problems
    assert problem.file == "scenarios/quizzes/questions/statuses.yaml"
    assert problem.place == "questions[1].options"
    assert "exactly one option with correct: true (found 2)" in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.strip().startswith("options:") for line in lines[problem.line - 2 : problem.line])
    assert "st-002" not in bank.questions and "st-001" in bank.questions  # only the broken question is left out


def test_unknown_topics_duplicate_ids_short_orderings_and_text_numbers_are_all_reported(content_dir):
    root = content_dir / "scenarios/quizzes"

    def edit(data):
        data["questions"][0]["topics"] = ["nope"]
        data["questions"][1]["id"] = "st-001"
        data["questions"][5]["items"] = data["questions"][5]["items"][:2]
        data["questions"][6]["pairs"][1]["right"] = {"vi": "Nghĩa 1"}

    rewrite(root / "questions/statuses.yaml", edit)
    rewrite(root / "questions/fees.yaml", lambda d: d["questions"][0].update(answer="7.000"))
    rewrite(root / "questions/safety.yaml", lambda d: d["questions"][0].update(colour="red"))
    messages = {p.place: p.message for p in load_bank(root).problems}
    assert "unknown topic 'nope'" in messages["questions[0].topics[0]"]
    assert "already used" in messages["questions[1].id"]
    assert "at least 3 items" in messages["questions[5].items"]
    assert "right text must be unique" in messages["questions[6].pairs"]
    assert "expected a number" in messages["questions[0].answer"]
    assert "unknown field" in messages["questions[0].colour"]


def test_a_quiz_needing_more_questions_than_the_bank_has_is_unavailable(content_dir):
    root = content_dir / "scenarios/quizzes"
    rewrite(root / "quizzes/thu.yaml", lambda d: d["draw"][1].update(count=9))
    bank = load_bank(root)
    assert "thu" not in bank.quizzes
    [problem] = bank.unavailable["thu"]
    assert problem.place == "draw[1].count" and "only 4 valid" in problem.message


def test_a_yaml_syntax_error_takes_down_only_its_own_file(content_dir):
    root = content_dir / "scenarios/quizzes"
    (root / "questions/fees.yaml").write_text("questions:\n  - id: [unclosed\n", encoding="utf-8")
    bank = load_bank(root)
    assert any(p.place == "(syntax)" and p.line for p in bank.problems)
    assert "st-001" in bank.questions
    assert "thu" in bank.unavailable  # it draws fees questions, which are gone


def test_trainer_check_passes_on_valid_content_and_counts_it(content_dir, capsys):
    assert main(["check", str(content_dir / "scenarios/quizzes"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["errors"] == []
    assert data["counts"]["questions"] == 15
    assert data["counts"]["quizzes"] == 2
    assert data["counts"]["questions_by_topic"]["statuses"] == 7
    assert {"scenarios", "paths"} <= set(data["counts"])


def test_trainer_check_without_paths_includes_the_quiz_content(content_dir, capsys):
    main(["check", "--format", "json"])  # other content kinds of this bare folder may well be missing
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["questions"] == 15
    assert [e for e in data["errors"] if e["kind"] == "quizzes"] == []


def test_trainer_check_prints_located_problems_and_exits_1(content_dir, capsys):
    path = content_dir / "scenarios/quizzes/questions/fees.yaml"
    rewrite(path, lambda d: d["questions"][2]["options"][0].update(correct=False) or d["questions"][2]["options"][2].update(correct=False))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "scenarios/quizzes/questions/fees.yaml:" in out
    assert ":questions[2].options: multiple choice needs at least one option with correct: true" in out


def test_trainer_check_of_one_file_reports_only_that_file(content_dir, capsys):
    root = content_dir / "scenarios/quizzes"
    rewrite(root / "questions/fees.yaml", lambda d: d["questions"][0].update(tolerance=-1))
    assert main(["check", str(root / "questions/statuses.yaml"), "--format", "json"]) == 0
    assert main(["check", str(root / "questions/fees.yaml"), "--format", "json"]) == 1
    errors = json.loads(capsys.readouterr().out.split("\n}\n")[1] + "\n}")["errors"]
    assert [e["place"] for e in errors] == ["questions[0].tolerance"]


def test_trainer_check_of_a_missing_path_fails_cleanly(content_dir, capsys):
    assert main(["check", str(content_dir / "nope.yaml")]) == 1
    assert "no such file" in capsys.readouterr().out


def test_topics_link_only_to_scenarios_that_exist(content_dir):
    root = content_dir / "scenarios/quizzes"
    (content_dir / "scenarios/sc-tiep-nhan.yaml").write_text(
        "id: sc-tiep-nhan\ntitle: {vi: Tiếp nhận trực tiếp, en: Walk-in reception}\n", encoding="utf-8"
    )
    bank = load_bank(root)
    assert bank.problems == []
    assert bank.scenario_title("sc-tiep-nhan", "en") == "Walk-in reception"
    rewrite(root / "topics.yaml", lambda d: d["topics"][0].update(scenarios=["sc-tiep-nhan", "sc-khong-co"]))
    [problem] = load_bank(root).problems
    assert problem.place == "topics[0].scenarios[1]" and "unknown scenario 'sc-khong-co'" in problem.message

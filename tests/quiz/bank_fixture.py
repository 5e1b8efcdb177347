"""A small, complete quiz content folder written to a temporary directory (tests never depend on the real bank)."""

from __future__ import annotations

from pathlib import Path

import yaml

TOPICS = {
    "topics": [
        {"id": "statuses", "name": {"vi": "Trạng thái hồ sơ", "en": "Dossier statuses"}, "scenarios": ["sc-tiep-nhan"]},
        {"id": "fees", "name": {"vi": "Phí và lệ phí", "en": "Fees"}, "scenarios": []},
        {"id": "safety", "name": {"vi": "An toàn tài khoản", "en": "Account safety"}},
    ]
}


def _q(qid: str, kind: str, topic: str, **extra: object) -> dict:
    base = {
        "id": qid,
        "type": kind,
        "topics": [topic],
        "difficulty": 1,
        "prompt": {"vi": f"Câu hỏi {qid}?", "en": f"Question {qid}?"},
        "explanation": {"vi": f"Giải thích {qid}.", "en": f"Explanation {qid}."},
        "source": "Nghị định 61/2018/NĐ-CP",
    }
    base.update(extra)
    return base


def _options(n: int, correct: set[int]) -> list[dict]:
    return [
        {"id": chr(97 + i), "text": {"vi": f"Lựa chọn {chr(97 + i)}", "en": f"Option {chr(97 + i)}"}, **({"correct": True} if i in correct else {})}
        for i in range(n)
    ]


def questions() -> dict[str, list[dict]]:
    """Three topics, every question type present."""
    statuses = [_q(f"st-{i:03d}", "single", "statuses", options=_options(4, {i % 4})) for i in range(1, 5)]
    statuses.append(_q("st-005", "true_false", "statuses", answer=False))
    statuses.append(
        _q("st-006", "ordering", "statuses", items=[{"id": f"s{i}", "text": {"vi": f"Bước {i}"}} for i in range(1, 5)])
    )
    statuses.append(
        _q("st-007", "matching", "statuses",
           pairs=[{"left": {"vi": f"Mã {i}"}, "right": {"vi": f"Nghĩa {i}"}} for i in range(1, 4)])
    )
    fees = [
        _q("fe-001", "numeric", "fees", answer=7000, tolerance=0, unit={"vi": "đồng", "en": "VND"}),
        _q("fe-002", "numeric", "fees", answer=2.5, tolerance=0.1),
        _q("fe-003", "multiple", "fees", options=_options(4, {0, 2})),
        _q("fe-004", "single", "fees", options=_options(3, {1})),
    ]
    safety = [_q(f"sa-{i:03d}", "true_false", "safety", answer=bool(i % 2)) for i in range(1, 5)]
    safety[0]["topics"] = ["safety", "statuses"]
    return {"statuses": statuses, "fees": fees, "safety": safety}


QUIZZES = {
    "thu": {
        "id": "thu",
        "title": {"vi": "Bài thử", "en": "Trial quiz"},
        "description": {"vi": "Bài kiểm tra để thử.", "en": "A quiz to try."},
        "audience": ["official", "citizen"],
        "draw": [{"topic": "statuses", "count": 3}, {"topic": "fees", "count": 2}],
        "feedback": "immediate",
        "pass_mark": 0.6,
    },
    "gioi-han": {
        "id": "gioi-han",
        "title": {"vi": "Bài có giới hạn", "en": "Limited quiz"},
        "audience": ["official"],
        "draw": [{"topic": "safety", "count": 2}],
        "feedback": "end",
        "time_limit_minutes": 10,
        "pass_mark": 1.0,
        "max_attempts": 2,
    },
}


def write_bank(content_dir: Path) -> Path:
    """Write the fixture under content_dir/scenarios/quizzes and return that folder."""
    root = content_dir / "scenarios" / "quizzes"
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "quizzes").mkdir(parents=True, exist_ok=True)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / "topics.yaml").write_text(dump(TOPICS), encoding="utf-8")
    for name, items in questions().items():
        (root / "questions" / f"{name}.yaml").write_text(dump({"questions": items}), encoding="utf-8")
    for name, quiz in QUIZZES.items():
        (root / "quizzes" / f"{name}.yaml").write_text(dump(quiz), encoding="utf-8")
    return root

"""`trainer seed --profile province-scale`: a province's whole training campaign, in bulk, for the dashboard's
benchmark and for trying the leaders' pages at the size of a real province (fake people, marked as such).

What it writes, over every commune of the configured model (seeded, so the same every time):
- one campaign "Chiến dịch tập huấn toàn tỉnh (dữ liệu giả, quy mô tỉnh)" with two targets (officials on
  `can-bo-mot-cua`, citizens on `nguoi-dan-truc-tuyen`, 80% by the campaign's end) and two workshops per commune;
- `TRAINEES_PER_COMMUNE` people per commune (≥ 5,000 in all), each enrolled (some from a roster, not joined, with a
  phone), with quiz attempts (10 answers each, real question ids of the bank, ≥ 100,000 answers), scenario runs of
  their path (≥ 20,000, each with its steps and some listed mistakes), help given to some, and a certificate for
  those who passed;
- then the 2018 history (`bac-kan-2018`), as `trainer seed --profile bac-kan-2018` does.

Rows go in with bulk INSERTs of `CHUNK` rows in one transaction; `progress(done, total, label)` is called as it
goes. Running it again when the campaign is there changes nothing (it says so).

Public API: `seed_province_scale(session, *, now, settings, progress=None) -> ScaleReport`.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from trainer.settings import Settings

PROFILE_ID = "province-scale"
CAMPAIGN_NAME = "Chiến dịch tập huấn toàn tỉnh (dữ liệu giả, quy mô tỉnh)"
TRAINEES_PER_COMMUNE = 56
ATTEMPTS_PER_PERSON = 3
ANSWERS_PER_ATTEMPT = 10
CHUNK = 5_000
SEED = 2026
PATHS = {"official": "can-bo-mot-cua", "citizen": "nguoi-dan-truc-tuyen"}
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Lò", "Nông", "Đinh", "Triệu", "Ma", "Vi", "Lục", "Bế")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Thanh", "Hữu")
GIVEN = ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hoa", "Hùng", "Lan", "Linh", "Mai", "Minh", "Nam", "Sơn",
         "Thảo", "Trang", "Tú", "Vân", "Yến", "Hải")
POSITIONS = ("Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính", "Bưu tá",
             "Cán bộ Bộ phận Một cửa")


@dataclass(frozen=True)
class ScaleReport:
    skipped: bool
    communes: int = 0
    trainees: int = 0
    workshops: int = 0
    answers: int = 0
    runs: int = 0
    steps: int = 0
    certificates: int = 0
    history_dossiers: int = 0


def _code(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]], label: str,
          progress: Callable[[int, int, str], None] | None) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start:start + CHUNK])
        if progress:
            progress(min(start + CHUNK, len(rows)), len(rows), label)


def _next_id(session: Session, model: Any) -> int:
    from sqlalchemy import func

    return int(session.scalar(select(func.max(model.id))) or 0) + 1


def seed_province_scale(session: Session, *, now: datetime, settings: Settings,
                        progress: Callable[[int, int, str], None] | None = None) -> ScaleReport:
    from trainer.certificates.models import Certificate
    from trainer.certificates.serials import new_serial
    from trainer.coach.loader import load_scenarios
    from trainer.coach.models import Run, RunMistake, RunStep
    from trainer.live.models import HelpGiven
    from trainer.quiz.models import QuizAnswer, QuizAttempt
    from trainer.quiz.services import bank_or_default
    from trainer.training.models import Campaign, Enrolment, Trainee, Workshop
    from trainer.training.paths import cached_paths
    from trainer.training.trainees import RESUME_ALPHABET
    from trainer.world.units import load_units

    if session.scalar(select(Campaign.id).where(Campaign.name == CAMPAIGN_NAME)) is not None:
        return ScaleReport(skipped=True)
    rng = random.Random(SEED)
    units = load_units(settings=settings)
    communes = units.communes
    paths = cached_paths().paths
    bank = bank_or_default(None)
    scenarios = {e.id: e.scenario for e in load_scenarios() if e.scenario is not None}
    start_day = (now - timedelta(days=120)).date()
    end_day = (now + timedelta(days=60)).date()
    session.execute(insert(Campaign), [{
        "name": CAMPAIGN_NAME, "unit_codes": [units.province.code], "audiences": list(PATHS),
        "path_ids": list(PATHS.values()), "starts_on": start_day, "ends_on": end_day,
        "targets": [{"path_id": p, "audience": a, "share": 0.8, "by": end_day.isoformat()} for a, p in PATHS.items()],
        "created_by": None, "created_at": now - timedelta(days=121)}])
    campaign_id = session.scalar(select(Campaign.id).where(Campaign.name == CAMPAIGN_NAME))
    workshop_id = _next_id(session, Workshop)
    workshops, shop_of = [], {}
    used_codes: set[str] = set(session.scalars(select(Workshop.join_code)))
    for commune in communes:
        for audience, path_id in PATHS.items():
            code = _code(rng, RESUME_ALPHABET, 6)
            while code in used_codes:
                code = _code(rng, RESUME_ALPHABET, 6)
            used_codes.add(code)
            held = start_day + timedelta(days=rng.randint(0, 90))
            workshops.append({"id": workshop_id, "title": f"Tập huấn {commune.full_name} ({path_id})",
                              "unit_code": commune.code, "held_on": held, "campaign_id": campaign_id,
                              "path_ids": [path_id], "join_code": code, "status": "closed", "created_by": None,
                              "created_at": datetime.combine(held, datetime.min.time()) + timedelta(hours=7),
                              "closed_at": datetime.combine(held, datetime.min.time()) + timedelta(hours=17),
                              "version": 0})
            shop_of[(commune.code, audience)] = (workshop_id, held)
            workshop_id += 1
    _bulk(session, Workshop, workshops, "lớp tập huấn", progress)

    trainee_id = _next_id(session, Trainee)
    attempt_id = _next_id(session, QuizAttempt)
    run_id = _next_id(session, Run)
    used_resume: set[str] = set(session.scalars(select(Trainee.resume_code)))
    trainees, enrolments, attempts, answers, runs, steps, mistakes, helps, certs = ([] for _ in range(9))
    quiz_questions = {qid: list(bank.questions.values()) for qid in bank.quizzes}
    for commune in communes:
        skill = rng.uniform(0.45, 0.95)
        for k in range(TRAINEES_PER_COMMUNE):
            audience = "official" if k % 2 == 0 else "citizen"
            path = paths[PATHS[audience]]
            shop, held = shop_of[(commune.code, audience)]
            base = datetime.combine(held, datetime.min.time()) + timedelta(hours=8)
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            code = _code(rng, RESUME_ALPHABET, 8)
            while code in used_resume:
                code = _code(rng, RESUME_ALPHABET, 8)
            used_resume.add(code)
            trainees.append({"id": trainee_id, "name": name, "audience": audience, "unit_code": commune.code,
                             "resume_code": code, "created_at": base - timedelta(days=3)})
            joined = rng.random() < 0.9
            enrolments.append({
                "workshop_id": shop, "trainee_id": trainee_id, "path_id": path.id,
                "name_key": hashlib.sha256(f"{name}{trainee_id}".encode()).hexdigest()[:40],
                "position": rng.choice(POSITIONS) if audience == "official" else None,
                "phone": f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.8 else None,
                "pin_hash": None, "source": "roster", "enrolled_at": base - timedelta(days=2),
                "joined_at": base if joined else None})
            person = min(0.99, max(0.05, rng.gauss(skill, 0.15)))
            if joined:
                all_passed = True
                for n, scenario_id in enumerate(path.scenario_ids):
                    at = base + timedelta(days=n // 2, hours=n)
                    ok = rng.random() < person + 0.1
                    helped = ok and rng.random() < 0.15
                    all_passed = all_passed and ok
                    scenario = scenarios.get(scenario_id)
                    step_ids = [s.id for s in scenario.steps] if scenario is not None else ["buoc-1"]
                    max_score = 10 * len(step_ids)
                    runs.append({"id": run_id, "trainee_id": trainee_id, "scenario_id": scenario_id,
                                 "scenario_version": 1, "sandbox_id": None, "role": "desk_officer",
                                 "status": "passed" if ok else "failed", "started_at": at,
                                 "finished_at": at + timedelta(minutes=rng.randint(6, 25)), "since_event_id": 0,
                                 "refs": {}, "current_step": None, "score": rng.randint(max_score // 2, max_score),
                                 "max_score": max_score, "with_help": helped, "last_feedback": None})
                    for pos, step_id in enumerate(step_ids):
                        done = ok or pos < len(step_ids) - 1
                        steps.append({"run_id": run_id, "step_id": step_id, "position": pos,
                                      "result": "passed" if done else "missed", "started_at": at,
                                      "passed_at": at + timedelta(minutes=pos + 1) if done else None,
                                      "hints_used": rng.randint(0, 2), "clock_advanced": False, "points": 10 if done else 0})
                    listed = [m.id for m in scenario.mistakes] if scenario is not None else []
                    if listed and rng.random() < 1.1 - person:
                        mistakes.append({"run_id": run_id, "mistake_id": rng.choice(listed), "step_id": step_ids[0],
                                         "at": at + timedelta(minutes=2), "penalty": 1})
                    if helped:
                        helps.append({"workshop_id": shop, "trainee_id": trainee_id, "at": at, "account_id": None,
                                      "run_id": run_id, "reasons": ["hand"], "seen_at": at})
                    run_id += 1
                quiz_id = path.quiz_ids[0]
                questions = quiz_questions.get(quiz_id) or list(bank.questions.values())
                best = 0.0
                for a in range(ATTEMPTS_PER_PERSON):
                    at = base + timedelta(days=3 + a * 7)
                    drawn = rng.sample(questions, min(ANSWERS_PER_ATTEMPT, len(questions)))
                    got = 0
                    for i, q in enumerate(drawn):
                        right = rng.random() < person + 0.05 * a
                        got += right
                        answers.append({"attempt_id": attempt_id, "trainee_id": trainee_id, "question_id": q.id,
                                        "topics": list(q.topics), "response": {"value": None, "generated": True},
                                        "correct": right, "points": 1.0 if right else 0.0, "max_points": 1.0,
                                        "answered_at": at + timedelta(minutes=i)})
                    score = got / len(drawn)
                    best = max(best, score)
                    attempts.append({"id": attempt_id, "trainee_id": trainee_id, "quiz_id": quiz_id, "seed": a,
                                     "layout": {}, "feedback": "end", "pass_mark": 0.8, "started_at": at,
                                     "deadline_at": None, "finished_at": at + timedelta(minutes=len(drawn)),
                                     "ended_by": "completed", "score": score, "passed": score >= 0.8})
                    attempt_id += 1
                if all_passed and best >= path.pass_rule.quiz_min_score:
                    issued = base + timedelta(days=3 + 7 * (ATTEMPTS_PER_PERSON - 1), hours=1)
                    certs.append({"serial": new_serial(issued.year), "trainee_id": trainee_id, "path_id": path.id,
                                  "generation": 1, "path_title": {"vi": path.title.vi, "en": path.title.get("en")},
                                  "holder_name": name, "unit_code": commune.code, "unit_label": commune.full_name,
                                  "workshop_id": shop, "workshop_title": f"Tập huấn {commune.full_name}",
                                  "trainer_account_id": None, "trainer_name": "", "how": "automatic",
                                  "issued_by": None, "issued_on": issued.date(), "issued_at": issued,
                                  "revoked_at": None, "revoked_by": None, "revoke_reason": None})
            trainee_id += 1
    for model, rows, label in ((Trainee, trainees, "người học"), (Enrolment, enrolments, "ghi danh"),
                               (QuizAttempt, attempts, "lượt kiểm tra"), (QuizAnswer, answers, "câu trả lời"),
                               (Run, runs, "lượt kịch bản"), (RunStep, steps, "bước kịch bản"),
                               (RunMistake, mistakes, "lỗi kịch bản"), (HelpGiven, helps, "lượt hỗ trợ"),
                               (Certificate, certs, "giấy chứng nhận")):
        _bulk(session, model, rows, label, progress)
    from trainer.fake.history import load_history
    from trainer.fake.profiles import load_profile

    history = load_history(session, load_profile("bac-kan-2018", settings), now=now, settings=settings)
    received = sum(1 for row in history.dossiers if row["received_at"] is not None)
    return ScaleReport(False, len(communes), len(trainees), len(workshops), len(answers), len(runs), len(steps),
                       len(certs), received)

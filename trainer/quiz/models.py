"""Quiz attempts and their answers (the question bank itself is content, not rows)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class QuizAttempt(Base):
    """One trainee taking one quiz once: the seed and layout drawn, when, and the final score."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_trainee_quiz", "trainee_id", "quiz_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"))
    quiz_id: Mapped[str] = mapped_column(String(60))
    seed: Mapped[int]
    layout: Mapped[dict[str, Any]] = mapped_column(JSON)  # see trainer.quiz.draw.layout_json
    feedback: Mapped[str] = mapped_column(String(12))  # "immediate" or "end", as the quiz said when started
    pass_mark: Mapped[float]
    started_at: Mapped[datetime]
    deadline_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    ended_by: Mapped[str | None] = mapped_column(String(20))  # completed | finished_early | time_up
    score: Mapped[float | None]  # share of points, 0..1
    passed: Mapped[bool | None]


class QuizAnswer(Base):
    """One graded answer, stored before its feedback is shown."""

    __tablename__ = "quiz_answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id", name="uq_quiz_answers_attempt_question"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(60))
    topics: Mapped[list[Any]] = mapped_column(JSON)  # the question's topics when answered (mastery reads them)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"value": <response, see trainer.quiz.grading>}
    correct: Mapped[bool]
    points: Mapped[float]
    max_points: Mapped[float]
    answered_at: Mapped[datetime]

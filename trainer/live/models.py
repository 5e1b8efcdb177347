"""Tables of the live room: a room's settings, help asked and given, room quizzes with their players and answers.

A room belongs to a workshop (`workshop_id`). Everything a room shows is read from these rows and the event log,
never from a browser session's memory, so participants spread over several server processes see one room.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class LiveRoom(Base):
    """The room of one workshop: its settings (minutes on one step before "stuck"), locked by room changes."""

    __tablename__ = "live_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(unique=True)
    stuck_minutes: Mapped[int] = mapped_column(default=10)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=0)


class HelpRequest(Base):
    """A raised hand ("Cần hỗ trợ"): open until the trainer marks the person helped."""

    __tablename__ = "live_help_requests"
    __table_args__ = (Index("ix_live_help_requests_workshop_open", "workshop_id", "cleared_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int]
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    raised_at: Mapped[datetime]
    page: Mapped[str | None] = mapped_column(String(60))
    cleared_at: Mapped[datetime | None]
    cleared_by: Mapped[int | None] = mapped_column(ForeignKey("live_help_given.id", ondelete="SET NULL"))


class HelpGiven(Base):
    """The trainer marked a person "đã hỗ trợ": clears their hand and flags, credits their active run "with help"."""

    __tablename__ = "live_help_given"
    __table_args__ = (Index("ix_live_help_given_workshop_trainee", "workshop_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int]
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("coach_runs.id", ondelete="SET NULL"))
    reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)  # ["hand", "stuck", "mistake:<id>"]
    seen_at: Mapped[datetime | None]  # when the participant's screen acknowledged it


class RoomQuiz(Base):
    """A quiz played by the whole room: one question at a time, question → reveal → leaderboard → next."""

    __tablename__ = "room_quizzes"
    __table_args__ = (Index("ix_room_quizzes_workshop_status", "workshop_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int]
    quiz_id: Mapped[str] = mapped_column(String(60))
    seed: Mapped[int]
    layout: Mapped[dict[str, Any]] = mapped_column(JSON)  # the same questions and option order for everyone
    speed_points: Mapped[bool] = mapped_column(default=False)
    timer_seconds: Mapped[int | None]  # None: no timer
    status: Mapped[str] = mapped_column(String(12))  # question | reveal | leaderboard | finished
    position: Mapped[int] = mapped_column(default=0)  # 0-based index of the current question
    question_started_at: Mapped[datetime]
    answer_count: Mapped[int] = mapped_column(default=0)  # answers to the current question
    started_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class RoomPlayer(Base):
    """A participant in a room quiz, with the quiz attempt that stores their answers as quiz answers."""

    __tablename__ = "room_players"
    __table_args__ = (UniqueConstraint("room_quiz_id", "trainee_id", name="uq_room_players_room_quiz_id_trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_quiz_id: Mapped[int] = mapped_column(ForeignKey("room_quizzes.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime]


class RoomAnswer(Base):
    """One participant's answer to one question of a room quiz: its room points (the quiz answer holds the rest)."""

    __tablename__ = "room_answers"
    __table_args__ = (
        UniqueConstraint("room_quiz_id", "trainee_id", "position", name="uq_room_answers_room_quiz_id_trainee_id_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_quiz_id: Mapped[int] = mapped_column(ForeignKey("room_quizzes.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    question_id: Mapped[str] = mapped_column(String(60))
    quiz_answer_id: Mapped[int] = mapped_column(ForeignKey("quiz_answers.id", ondelete="CASCADE"))
    correct: Mapped[bool]
    share: Mapped[float]  # the quiz engine's points for the answer, 0..1 (partial credit)
    points: Mapped[int]  # room points: 1,000 × share, with speed points when the room quiz uses them
    elapsed_ms: Mapped[int]
    answered_at: Mapped[datetime]

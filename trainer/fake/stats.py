"""Statistics of stored history, computed by SQL from the rows (never from a profile's constants).

Public API: `PeriodStats`, `period_stats(session, start, end) -> PeriodStats`, `profile_stats(session, profile)`,
`compare_with_article(stats, profile) -> list[FigureCheck]`, `monthly_counts(session, start, end)`,
`FIGURES` (the keys of the article's table, in order).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from trainer.fake.models import HistoryDossier, HistoryShipment
from trainer.fake.profiles import HistoryProfile

FIGURES = ("dossiers_received", "online_level3", "online_level4", "bcci_total", "bcci_pickup", "bcci_return")


@dataclass
class PeriodStats:
    """The article's six figures for one period, plus a few more for leaders, all counted from stored rows."""

    start: date
    end: date
    dossiers_received: int
    online_level3: int
    online_level4: int
    bcci_total: int
    bcci_pickup: int
    bcci_return: int
    refused_at_reception: int = 0
    finished: int = 0
    finished_on_time: int = 0
    open_at_end: int = 0
    by_status: dict[int, int] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return self.finished_on_time / self.finished if self.finished else None

    @property
    def empty(self) -> bool:
        return self.dossiers_received == 0 and self.bcci_total == 0

    def figures(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIGURES}

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        data["by_status"] = {str(k): v for k, v in sorted(self.by_status.items())}
        data["on_time_rate"] = None if self.on_time_rate is None else round(self.on_time_rate, 4)
        return data


@dataclass(frozen=True)
class FigureCheck:
    """One cell of the comparison: the article's printed figure beside the count from the stored rows."""

    name: str
    article: int
    computed: int

    @property
    def matches(self) -> bool:
        return self.article == self.computed


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def period_stats(session: Session, start: date, end: date) -> PeriodStats:
    """Count dossiers received and shipments made between start and end (inclusive), by SQL."""
    lo, hi = _bounds(start, end)
    d = HistoryDossier
    in_period = and_(d.received_at >= lo, d.received_at < hi)
    online = d.channel == "online"
    row = session.execute(
        select(
            func.count(d.id).filter(in_period),
            func.count(d.id).filter(and_(in_period, online, d.online_level == 3)),
            func.count(d.id).filter(and_(in_period, online, d.online_level == 4)),
            func.count(d.id).filter(and_(d.received_at.is_(None), d.submitted_at >= lo, d.submitted_at < hi)),
            func.count(d.id).filter(and_(in_period, d.finished_at.is_not(None), d.finished_at < hi)),
            func.count(d.id).filter(and_(in_period, d.finished_at.is_not(None), d.finished_at < hi,
                                         d.finished_at <= d.due_at)),
            func.count(d.id).filter(and_(in_period, (d.finished_at.is_(None)) | (d.finished_at >= hi))),
        )
    ).one()
    s = HistoryShipment
    ship_in_period = and_(s.at >= lo, s.at < hi)
    ships = session.execute(
        select(
            func.count(s.id).filter(ship_in_period),
            func.count(s.id).filter(and_(ship_in_period, s.kind == "pickup")),
            func.count(s.id).filter(and_(ship_in_period, s.kind == "return")),
        )
    ).one()
    statuses = session.execute(
        select(d.status, func.count(d.id))
        .where(case((d.received_at.is_(None), d.submitted_at), else_=d.received_at) >= lo)
        .where(case((d.received_at.is_(None), d.submitted_at), else_=d.received_at) < hi)
        .group_by(d.status)
    ).all()
    return PeriodStats(
        start=start, end=end,
        dossiers_received=row[0], online_level3=row[1], online_level4=row[2],
        bcci_total=ships[0], bcci_pickup=ships[1], bcci_return=ships[2],
        refused_at_reception=row[3], finished=row[4], finished_on_time=row[5], open_at_end=row[6],
        by_status={int(status): count for status, count in statuses},
    )


def profile_stats(session: Session, profile: HistoryProfile) -> PeriodStats:
    """The statistics of a profile's period."""
    return period_stats(session, profile.start, profile.end)


def compare_with_article(stats: PeriodStats, profile: HistoryProfile) -> list[FigureCheck]:
    """Each of the article's figures (as printed) beside the count from the rows, in table order."""
    return [FigureCheck(name, getattr(profile.article, name), getattr(stats, name)) for name in FIGURES]


def monthly_counts(session: Session, start: date, end: date) -> list[tuple[int, int, str, int]]:
    """(year, month, channel key, dossiers) for the period; channel keys: direct, post, online3, online4."""
    lo, hi = _bounds(start, end)
    d = HistoryDossier
    year = func.extract("year", d.received_at)
    month = func.extract("month", d.received_at)
    rows = session.execute(
        select(year, month, d.channel, d.online_level, func.count(d.id))
        .where(d.received_at >= lo, d.received_at < hi)
        .group_by(year, month, d.channel, d.online_level)
        .order_by(year, month)
    ).all()
    out = []
    for y, m, channel, level, count in rows:
        key = f"online{level}" if channel == "online" else channel
        out.append((int(y), int(m), key, count))
    return out


@dataclass
class StatsView:
    """Everything the "Thống kê" page shows for one profile, read in one go."""

    profile: HistoryProfile
    stats: PeriodStats
    checks: list[FigureCheck]
    monthly: list[tuple[int, int, str, int]]

    @property
    def mismatches(self) -> list[FigureCheck]:
        return [c for c in self.checks if not c.matches]


def history_version(session: Session) -> tuple[int, int]:
    """The newest id and the number of stored history dossiers: when neither moved, a computed `stats_view` still
    holds (re-seeding a profile replaces its rows, so both move)."""
    from sqlalchemy import func, select

    newest, count = session.execute(select(func.max(HistoryDossier.id), func.count(HistoryDossier.id))).one()
    return int(newest or 0), int(count or 0)


def stats_view(session: Session, profile: HistoryProfile) -> StatsView:
    """The reproduced table beside the article's figures, and the months by channel, all from stored rows."""
    stats = profile_stats(session, profile)
    return StatsView(profile, stats, compare_with_article(stats, profile), monthly_counts(session, profile.start, profile.end))

"""Calibrated dossier history: generate one profile's period so that its counts equal the article's, and store it.

Public API: `generate_history(profile, settings) -> HistoryRows` (pure, deterministic for the profile's seed),
`load_history(session, profile, *, now, settings=None) -> HistoryRows` (the service: replaces the profile's rows
with bulk inserts and records one event), `clear_history(session, profile_id)`, `loaded_profiles(session)`.

Exact by construction: the channel of every dossier is dealt from a deck holding exactly the article's numbers
of level-3, level-4, picked-up-by-post and walk-in dossiers; exactly `bcci_return` returned dossiers get their
result by post. Everything else (months, procedures, desks, times, statuses) is drawn from the profile's weights.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate

from sqlalchemy import Boolean, DateTime, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from trainer.db.events import record_event
from trainer.errors import DomainError
from trainer.fake.models import HistoryDossier, HistoryShipment
from trainer.fake.profiles import HistoryProfile
from trainer.settings import Settings, get_settings
from trainer.world import calendar
from trainer.world.agencies import receiving_desk
from trainer.world.procedures import Procedure, load_catalogue
from trainer.world.units import load_units

# Status codes of the national list (DOMAIN.md §2).
REFUSED, IN_PROCESS, SUPPLEMENT, STOPPED, READY, RETURNED = 3, 4, 5, 8, 9, 10
INSERT_BATCH = 20_000  # rows per executemany call
URBAN_WEIGHT = 3.0  # wards and towns receive more dossiers than rural communes (sandbox approximation)
COMMUNE_SPREAD = 0.35  # sigma of each commune's log-normal activity factor (stable per commune code)
VERIFIED_SHARE = 0.1  # share of dossiers needing verification (extra days when the procedure allows it)
POST_DELIVERY_DAYS = (1, 3)  # working days for the post to deliver a result (sandbox approximation)
DESK_COLLECTION_DAYS = (0, 6)  # calendar days (then the next working day) before a citizen collects a ready result at the desk
POST_MARGIN = timedelta(days=4)  # results sent by post are handed over at least this long before the period ends
MORNING_MINUTES = (7 * 60 + 30, 11 * 60 + 30)  # office hours (trainer.world.calendar.OFFICE_PERIODS)
AFTERNOON_MINUTES = (13 * 60 + 30, 17 * 60 + 15)


@dataclass
class HistoryRows:
    """The rows of one profile, ready for executemany."""

    profile_id: str
    dossiers: list[dict[str, object]] = field(default_factory=list)
    shipments: list[dict[str, object]] = field(default_factory=list)


class _Weighted:
    """A fixed weighted choice over items."""

    def __init__(self, items: list, weights: list[float]) -> None:
        if not items:
            raise ValueError("no items to choose from")
        self.items = items
        self.cumulative = list(accumulate(weights))

    def pick(self, rng: random.Random):  # type: ignore[no-untyped-def]
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _apportion(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split total into integer parts proportional to weights (largest remainder): parts always sum to total."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    parts = {k: int(v) for k, v in raw.items()}
    for k in sorted(raw, key=lambda k: raw[k] - parts[k], reverse=True)[: total - sum(parts.values())]:
        parts[k] += 1
    return parts


_MORNING_TIMES = [time(m // 60, m % 60) for m in range(*MORNING_MINUTES)]
_AFTERNOON_TIMES = [time(m // 60, m % 60) for m in range(*AFTERNOON_MINUTES)]


def _office_time(rng: random.Random) -> time:
    """A minute of office hours, 60% in the morning (desks are busiest then; sandbox approximation)."""
    times = _MORNING_TIMES if rng.random() < 0.6 else _AFTERNOON_TIMES
    return times[int(rng.random() * len(times))]


class _WorkingDays:
    """The calendar's working days of a span as a table, so day arithmetic is a lookup (speed)."""

    def __init__(self, first: date, last: date) -> None:
        self.days: list[date] = []
        self.rank: dict[date, int] = {}  # for every calendar day: index of the last working day on or before it
        d = first
        while d <= last:
            if calendar.is_working_day(d):
                self.days.append(d)
            self.rank[d] = len(self.days) - 1
            d += timedelta(days=1)

    def add(self, d: date, n: int) -> date:
        """calendar.add_working_days for n >= 1 (falls back to the calendar outside the table)."""
        i = self.rank.get(d)
        if i is None or i + n >= len(self.days):
            return calendar.add_working_days(d, n)
        return self.days[i + n]

    def between(self, a: date, b: date) -> int:
        """calendar.working_days_between for a <= b."""
        if a not in self.rank or b not in self.rank:
            return calendar.working_days_between(a, b)
        return self.rank[b] - self.rank[a]

    def on_or_before(self, d: date) -> date:
        i = self.rank.get(d, -1)
        return self.days[i] if i >= 0 else d

    def on_or_after(self, d: date) -> date:
        i = self.rank.get(d)
        if i is None:
            return d if calendar.is_working_day(d) else calendar.next_working_day(d)
        return d if self.days[i] == d else self.add(d, 1)


class _Generator:
    """One run of the history generator (holds the caches that make it fast)."""

    def __init__(self, profile: HistoryProfile, settings: Settings) -> None:
        self.profile = profile
        self.settings = settings
        self.rng = random.Random(profile.seed)
        self.model = profile.admin_model
        self.units = load_units(self.model, settings)
        if self.units.province.code != profile.province_code:
            raise DomainError("errors.fake.wrong_province", profile=profile.id, province=self.units.province.code)
        self.procedures = load_catalogue(settings=settings).all()
        communes = self.units.communes
        weights = []
        for c in communes:
            factor = random.Random(f"activity:{c.code}").lognormvariate(0, COMMUNE_SPREAD)
            weights.append((URBAN_WEIGHT if c.kind in ("phường", "thị trấn") else 1.0) * factor)
        self.communes = _Weighted([c.code for c in communes], weights)
        self._desks: dict[tuple[str, str], tuple[str, str, str]] = {}
        self.days = _WorkingDays(profile.start - timedelta(days=40), profile.end + timedelta(days=200))
        self._due: dict[tuple[date, bool, int], datetime] = {}
        self._working_days = self._period_working_days()

    # -- pools of procedures ---------------------------------------------------------------------------
    def pool(self, keep) -> _Weighted:  # type: ignore[no-untyped-def]
        chosen = [p for p in self.procedures if keep(p)]
        if not chosen:
            raise DomainError("errors.fake.no_procedure", profile=self.profile.id)
        counts: dict[str, int] = {}
        for p in chosen:
            counts[p.level(self.model)] = counts.get(p.level(self.model), 0) + 1
        weights = [
            self.profile.level_weights.get(p.level(self.model), 1.0) / counts[p.level(self.model)]  # type: ignore[arg-type]
            * self.profile.popularity.get(p.code, 1.0)
            for p in chosen
        ]
        return _Weighted(chosen, weights)

    def desk(self, procedure: Procedure, commune_code: str) -> tuple[str, str, str]:
        """(agency id, unit code, level) of the desk receiving this procedure for a citizen of the commune."""
        key = (procedure.rule(self.model).receive_level, commune_code)  # the desk depends on these two only
        if key not in self._desks:
            agency = receiving_desk(procedure, commune_code, self.model, self.settings)
            self._desks[key] = (agency.id, agency.unit_code, agency.level)
        return self._desks[key]

    def due(self, procedure: Procedure, received_at: datetime, verified: bool) -> datetime:
        """The appointment date (ngày hẹn trả) from the working-day calendar."""
        t = procedure.time
        if t.working_hours is not None:
            return calendar.appointment_after_hours(received_at, t.working_hours)
        days = (t.working_days or 0) + (t.extra_days_if_verified if verified else 0)
        key = (received_at.date(), received_at.time() > calendar.RECEPTION_CUTOFF, days)
        if key not in self._due:
            self._due[key] = calendar.appointment_date(received_at, days)
        return self._due[key]

    # -- dates -----------------------------------------------------------------------------------------
    def _period_working_days(self) -> dict[int, list[date]]:
        by_month: dict[int, list[date]] = {}
        d = self.profile.start
        while d <= self.profile.end:
            if calendar.is_working_day(d):
                by_month.setdefault(d.month, []).append(d)
            d += timedelta(days=1)
        return by_month

    def reception_times(self, total: int) -> list[datetime]:
        """total reception moments, months by the profile's weights, inside office hours, sorted."""
        noisy = {m: w * self.rng.lognormvariate(0, 0.05) for m, w in self.profile.month_weights.items()}
        quotas = _apportion(total, noisy)
        out = []
        for month, quota in quotas.items():
            days = self._working_days[month]
            for _ in range(quota):
                out.append(datetime.combine(self.rng.choice(days), _office_time(self.rng)))
        out.sort()
        return out

    def finish_time(self, received_at: datetime, due_at: datetime, late: bool) -> datetime:
        """When the result is ready: on or before the due date, or 1–10 working days after it when late."""
        rng = self.rng
        if late:
            day = self.days.add(due_at.date(), 1 + int(rng.random() * 10))
        else:
            span = self.days.between(received_at.date(), due_at.date()) if due_at.date() > received_at.date() else 0
            back = int(rng.random() * (span // 2 + 1))
            day = self.days.on_or_before(due_at.date() - timedelta(days=back))
        moment = datetime.combine(day, _office_time(rng))
        if moment <= received_at:
            moment = received_at + timedelta(minutes=20 + int(rng.random() * 160))
        if not late and moment > due_at:
            moment = due_at
        return moment


def generate_history(profile: HistoryProfile, settings: Settings | None = None, *, first_id: int = 1) -> HistoryRows:
    """Every dossier and shipment of the profile's period (same profile → same rows)."""
    settings = settings or get_settings()
    g = _Generator(profile, settings)
    rng, a, out = g.rng, profile.article, profile.outcomes
    direct = a.dossiers_received - a.online_level3 - a.online_level4 - a.bcci_pickup
    deck = ["online3"] * a.online_level3 + ["online4"] * a.online_level4 + ["post"] * a.bcci_pickup + ["direct"] * direct
    rng.shuffle(deck)
    received = g.reception_times(a.dossiers_received)
    period_end = datetime.combine(profile.end, time(23, 59, 59))
    post_deadline = period_end - POST_MARGIN

    pools = {
        "online3": g.pool(lambda p: p.online.legacy_level == 3),
        "online4": g.pool(lambda p: p.online.legacy_level == 4),
        "post": g.pool(lambda p: p.bcci_allowed),
        "direct": g.pool(lambda p: True),
    }
    by_post_pools = {
        "online4": g.pool(lambda p: p.online.legacy_level == 4 and p.bcci_allowed),
        "post": pools["post"],
        "direct": pools["post"],
    }
    quick_post = sorted((p for p in g.procedures if p.bcci_allowed), key=lambda p: (p.time.working_days or 0, p.time.working_hours or 0))

    # Who gets the result by post: first those who sent their dossier by post, then level-4 users, then walk-ins.
    early = [i for i, at in enumerate(received) if at <= post_deadline - timedelta(days=3)]
    by_channel: dict[str, list[int]] = {}
    for i in early:
        by_channel.setdefault(deck[i], []).append(i)
    shares = {"post": profile.post.pickup_return_share, "online4": profile.post.level4_return_share}
    chosen: list[int] = []
    for channel, share in shares.items():
        candidates = by_channel.get(channel, [])
        chosen += rng.sample(candidates, min(len(candidates), round(len(candidates) * share)))
    if len(chosen) > a.bcci_return:
        chosen = rng.sample(chosen, a.bcci_return)
    missing = a.bcci_return - len(chosen)
    walk_ins = by_channel.get("direct", [])
    if missing > len(walk_ins):
        raise DomainError("errors.fake.infeasible", profile=profile.id, what="bcci_return")
    chosen += rng.sample(walk_ins, missing)
    returns_by_post = set(chosen)

    dossiers: list[dict[str, object]] = []
    for i, received_at in enumerate(received):
        channel = deck[i]
        by_post = i in returns_by_post
        verified = rng.random() < VERIFIED_SHARE
        procedure = (by_post_pools if by_post else pools)[channel].pick(rng)
        due_at = g.due(procedure, received_at, verified)
        if by_post and due_at > post_deadline:  # a long procedure cannot come back by post in time: take a quick one
            procedure = next((p for p in quick_post if g.due(p, received_at, False) <= post_deadline), quick_post[0])
            due_at = g.due(procedure, received_at, False)
        agency_id, unit_code, level = g.desk(procedure, g.communes.pick(rng))
        row = _dossier(profile.id, procedure.code, agency_id, unit_code, level, channel, by_post, received_at, due_at)
        roll = rng.random()
        if by_post:
            finished = g.finish_time(received_at, due_at, late=rng.random() < out.late_share)
            finished = min(finished, post_deadline)
            row.update(finished_at=finished, status=RETURNED,
                       returned_at=min(datetime.combine(g.days.add(finished.date(), rng.randint(*POST_DELIVERY_DAYS)),
                                                        _office_time(rng)), period_end))
        elif roll < out.withdrawn_share + out.stopped_share:
            stop = received_at + (due_at - received_at) * rng.random()
            if stop <= period_end:
                row.update(finished_at=stop, status=STOPPED, withdrawn=roll < out.withdrawn_share)
            else:
                row.update(status=IN_PROCESS)
        else:
            finished = g.finish_time(received_at, due_at, late=rng.random() < out.late_share)
            if finished > period_end:
                row.update(status=SUPPLEMENT if rng.random() < out.supplement_share_open else IN_PROCESS)
            else:
                day = g.days.on_or_after(finished.date() + timedelta(days=int(rng.random() * DESK_COLLECTION_DAYS[1])))
                collected = max(datetime.combine(day, _office_time(rng)), finished)
                if collected > period_end:
                    row.update(finished_at=finished, status=READY)
                else:
                    row.update(finished_at=finished, returned_at=collected, status=RETURNED)
        dossiers.append(row)

    # Online submissions refused at reception: real rows, but never counted as received.
    online = a.online_level3 + a.online_level4
    refused = round(online * out.refused_online_share)
    for _ in range(refused):
        level3 = rng.random() < a.online_level3 / max(online, 1)
        procedure = pools["online3" if level3 else "online4"].pick(rng)
        submitted = datetime.combine(rng.choice(rng.choice(list(g._working_days.values()))), _office_time(rng))
        agency_id, unit_code, level = g.desk(procedure, g.communes.pick(rng))
        row = _dossier(profile.id, procedure.code, agency_id, unit_code, level, "online3" if level3 else "online4",
                       False, None, None)
        row.update(submitted_at=submitted, status=REFUSED)
        dossiers.append(row)

    dossiers.sort(key=lambda r: r["received_at"] or r["submitted_at"])  # type: ignore[arg-type, return-value]
    sequence: dict[tuple[object, str], int] = {}
    first_moment = datetime.combine(g.days.on_or_after(profile.start), time(7, 30))
    shipments: list[dict[str, object]] = []
    for n, row in enumerate(dossiers):
        row["id"] = first_id + n
        moment: datetime = row["received_at"] or row["submitted_at"]  # type: ignore[assignment]
        key = (row["agency_id"], f"{moment.year % 100:02d}{moment.month:02d}{moment.day:02d}")
        sequence[key] = sequence.get(key, 0) + 1
        row["code"] = f"{key[0]}-{key[1]}-{sequence[key]:04d}"
        if row["channel"] == "post":
            pickup = datetime.combine(g.days.on_or_before(moment.date() - timedelta(days=1 + int(rng.random() * 2))),
                                      _office_time(rng))
            pickup = min(max(pickup, first_moment), moment)
            shipments.append(_shipment(profile.id, row["id"], "pickup", pickup))
            row["submitted_at"] = pickup
        elif row["channel"] in ("online3", "online4") and row["received_at"] is not None:
            # submitted any time up to 16 h earlier (evenings, nights), received within the 8 working hours limit
            submitted = moment - timedelta(minutes=10 + int(rng.random() * 950))
            if calendar.working_hours_between(submitted, moment) > calendar.ONLINE_RECEPTION_LIMIT_HOURS:
                submitted = moment - timedelta(minutes=10 + int(rng.random() * 110))
            row["submitted_at"] = max(submitted, datetime.combine(profile.start, time(0, 0)))
        if row["result_by_post"]:
            shipments.append(_shipment(profile.id, row["id"], "return", row["finished_at"]))  # handed to the post
    for n, ship in enumerate(shipments):
        ship["id"] = first_id + n
        ship["tracking_code"] = f"BC{ship['id']:09d}VN"
    for row in dossiers:  # the channel column holds the channel; the level is its own column
        if row["channel"] in ("online3", "online4"):
            row["online_level"] = 3 if row["channel"] == "online3" else 4
            row["channel"] = "online"
    return HistoryRows(profile.id, dossiers, shipments)


def _dossier(profile_id: str, procedure_code: str, agency_id: str, unit_code: str, level: str, channel: str,
             by_post: bool, received_at: datetime | None, due_at: datetime | None) -> dict[str, object]:
    return {
        "profile": profile_id, "code": "", "procedure_code": procedure_code, "level": level, "unit_code": unit_code,
        "agency_id": agency_id, "channel": channel, "online_level": None, "result_by_post": by_post,
        "submitted_at": received_at, "received_at": received_at, "due_at": due_at, "finished_at": None,
        "returned_at": None, "status": IN_PROCESS, "withdrawn": False,
    }


def _shipment(profile_id: str, dossier_id: object, kind: str, at: object) -> dict[str, object]:
    return {"profile": profile_id, "dossier_id": dossier_id, "kind": kind, "at": at, "tracking_code": ""}


def clear_history(session: Session, profile_id: str) -> None:
    """Delete one profile's rows (shipments first: they point at the dossiers)."""
    session.execute(delete(HistoryShipment).where(HistoryShipment.profile == profile_id))
    session.execute(delete(HistoryDossier).where(HistoryDossier.profile == profile_id))


def load_history(session: Session, profile: HistoryProfile, *, now: datetime, settings: Settings | None = None) -> HistoryRows:
    """Replace the profile's stored history with a freshly generated one (bulk inserts) and log it."""
    clear_history(session, profile.id)
    first_dossier = (session.scalar(select(func.max(HistoryDossier.id))) or 0) + 1
    first_shipment = (session.scalar(select(func.max(HistoryShipment.id))) or 0) + 1
    rows = generate_history(profile, settings)
    offset = first_dossier - 1
    if offset:
        for row in rows.dossiers:
            row["id"] += offset  # type: ignore[operator]
        for ship in rows.shipments:
            ship["dossier_id"] += offset  # type: ignore[operator]
    if first_shipment > 1:
        for ship in rows.shipments:
            ship["id"] += first_shipment - 1  # type: ignore[operator]
            ship["tracking_code"] = f"BC{ship['id']:09d}VN"
    for table, data in ((HistoryDossier.__table__, rows.dossiers), (HistoryShipment.__table__, rows.shipments)):
        bulk_insert(session, table, data)
    record_event(
        session, actor="system", action="history.loaded", entity="history_profile", entity_id=profile.id, at=now,
        data={"dossiers": len(rows.dossiers), "shipments": len(rows.shipments), "seed": profile.seed},
    )
    return rows


def _sqlite_datetime(value: datetime | None) -> str | None:
    """SQLAlchemy's own SQLite storage format for DateTime ("2018-01-02 07:30:00.000000")."""
    if value is None:
        return None
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")


def _sqlite_bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def bulk_insert(session: Session, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert many rows in the session's transaction: COPY on PostgreSQL (psycopg); on SQLite one driver-level
    executemany with values already in SQLAlchemy's storage format (per-value bind processing was most of the
    time); Core executemany elsewhere."""
    if not rows:
        return
    connection = session.connection()
    columns = [c.name for c in table.columns]
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        # COPY inside the session's transaction: several times faster than executemany on PostgreSQL
        sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        with connection.connection.driver_connection.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(tuple(row[name] for name in columns))
        return
    if connection.dialect.name != "sqlite":
        for start in range(0, len(rows), INSERT_BATCH):
            session.execute(insert(table), rows[start:start + INSERT_BATCH])
        return
    converters = [
        _sqlite_datetime if isinstance(c.type, DateTime) else _sqlite_bool if isinstance(c.type, Boolean) else None
        for c in table.columns
    ]
    pairs = list(zip(columns, converters))
    values = [tuple(row[name] if convert is None else convert(row[name]) for name, convert in pairs) for row in rows]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    connection.exec_driver_sql(sql, values)


def loaded_profiles(session: Session) -> dict[str, int]:
    """Profiles with stored history and their number of dossier rows."""
    result = session.execute(select(HistoryDossier.profile, func.count()).group_by(HistoryDossier.profile))
    return {profile: count for profile, count in result}

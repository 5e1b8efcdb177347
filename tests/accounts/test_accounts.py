"""Accounts: creation, the administrator-only rule, lockout, session tokens and their expiry, audit, unit scope
and the `trainer admin` command, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import inspect, select, text

from trainer.accounts import queries, services
from trainer.accounts.models import Account, AccountSession
from trainer.accounts.passwords import token_hash
from trainer.actor import Actor
from trainer.db.engine import get_engine, transaction
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.training.trainees import create_trainee
from trainer.world.units import load_units

NOW = datetime(2026, 12, 1, 9, 0)
OPERATOR = Actor.operator_shell()
PASSWORD = "Mật-khẩu-rất-dài-123"


def _admin(session, username="quantri"):
    row = services.create_account(session, actor=OPERATOR, username=username, password=PASSWORD,
                                  role="administrator", display_name="Quản Trị", now=NOW)
    return services.account_actor(row, "citizen")


def _communes():
    communes = load_units().communes
    return communes[0].code, communes[1].code


def test_an_account_is_created_hashed_and_a_duplicate_username_is_refused(db_url):
    with transaction(db_url) as s:
        row = services.create_account(s, actor=OPERATOR, username=" Lan.Nguyen ", password=PASSWORD,
                                      display_name="  Nguyễn   Thị Lan ", now=NOW)
    assert (row.username, row.display_name, row.role, row.disabled) == ("lan.nguyen", "Nguyễn Thị Lan", "trainer", False)
    with transaction(db_url) as s:
        stored = s.scalar(select(Account))
        assert stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash
    with pytest.raises(DomainError) as err, transaction(db_url) as s:
        services.create_account(s, actor=OPERATOR, username="LAN.NGUYEN", password="khac-hoan-toan", now=NOW)
    assert err.value.key == "errors.accounts.duplicate_username"
    assert "đã có người dùng" in str(err.value)


@pytest.mark.parametrize(
    ("username", "password", "role", "units", "key"),
    [
        ("ab", PASSWORD, "trainer", (), "errors.accounts.bad_username"),
        ("lan nguyen", PASSWORD, "trainer", (), "errors.accounts.bad_username"),
        ("<script>", PASSWORD, "trainer", (), "errors.accounts.bad_username"),
        ("lan", "ngan", "trainer", (), "errors.accounts.password_too_short"),
        ("lan", " " + PASSWORD, "trainer", (), "errors.accounts.password_bad_characters"),
        ("lan", PASSWORD, "root", (), "errors.accounts.bad_role"),
        ("lan", PASSWORD, "leader", (), "errors.accounts.leader_needs_units"),
        ("lan", PASSWORD, "leader", ("99999",), "errors.accounts.unknown_units"),
        ("lan", PASSWORD, "administrator", ("COMMUNE",), "errors.accounts.administrator_no_units"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(sqlite_url, username, password, role, units, key):
    units = tuple(_communes()[0] if u == "COMMUNE" else u for u in units)
    with pytest.raises(DomainError) as err, transaction(sqlite_url) as s:
        services.create_account(s, actor=OPERATOR, username=username, password=password, role=role,
                                unit_codes=units, now=NOW)
    assert err.value.key == key
    with transaction(sqlite_url) as s:
        assert s.scalar(select(Account.id)) is None


@pytest.mark.parametrize(
    "actor",
    [Actor.playing("citizen"), Actor.playing("desk_officer"), Actor.trainee("leader", 5),
     Actor(practice_role="citizen", account_id=1, account_role="trainer"),
     Actor(practice_role="leader", account_id=1, account_role="leader", unit_codes=("00001",))],
    ids=["nobody", "desk", "trainee-leader", "trainer", "leader-account"],
)
def test_only_an_administrator_changes_accounts(db_url, actor):
    with transaction(db_url) as s:
        admin = _admin(s)
        target = services.create_account(s, actor=admin, username="giangvien", password=PASSWORD, now=NOW)
    calls = [
        lambda s: services.create_account(s, actor=actor, username="khac", password=PASSWORD, now=NOW),
        lambda s: services.set_disabled(s, actor=actor, account_id=target.id, disabled=True, now=NOW),
        lambda s: services.reset_password(s, actor=actor, account_id=target.id, now=NOW),
        lambda s: services.set_units(s, actor=actor, account_id=target.id, unit_codes=[_communes()[0]], now=NOW),
        lambda s: queries.audit_events(s, actor=actor),
    ]
    for call in calls:
        with pytest.raises(DomainError) as err, transaction(db_url) as s:
            call(s)
        assert err.value.key == "errors.accounts.not_administrator"
    with transaction(db_url) as s:
        assert [r.username for r in queries.list_accounts(s)] == ["giangvien", "quantri"]
        assert not s.get(Account, target.id).disabled


def test_five_wrong_passwords_lock_the_username_for_15_minutes(db_url):
    with transaction(db_url) as s:
        services.create_account(s, actor=OPERATOR, username="lan", password=PASSWORD, now=NOW)
    for i in range(4):
        with transaction(db_url) as s:
            out = services.sign_in(s, username="lan", password=f"sai-{i}-mat-khau", now=NOW + timedelta(seconds=i))
        assert out.error.key == "errors.accounts.wrong_credentials" and out.token is None
    with transaction(db_url) as s:
        out = services.sign_in(s, username="lan", password="sai-lan-thu-nam", now=NOW + timedelta(seconds=5))
    assert out.error.key == "errors.accounts.locked" and out.error.params["until"] == "09:15"
    with transaction(db_url) as s:  # even the right password waits for the lock
        out = services.sign_in(s, username="lan", password=PASSWORD, now=NOW + timedelta(minutes=15))
    assert out.error.key == "errors.accounts.locked"
    with transaction(db_url) as s:
        out = services.sign_in(s, username="lan", password=PASSWORD, now=NOW + timedelta(minutes=15, seconds=6))
    assert out.ok and out.token and out.account.username == "lan"
    with transaction(db_url) as s:
        actions = [e.action for e in s.scalars(select(Event).where(Event.entity == "account").order_by(Event.id))]
    assert actions.count("account.sign_in_failed") == 6 and actions.count("account.locked") == 1
    assert actions[-1] == "account.signed_in"


def test_a_right_password_resets_the_count_of_wrong_ones(sqlite_url):
    with transaction(sqlite_url) as s:
        services.create_account(s, actor=OPERATOR, username="lan", password=PASSWORD, now=NOW)
    for round_ in range(3):
        for i in range(4):
            with transaction(sqlite_url) as s:
                assert not services.sign_in(s, username="lan", password="sai-mat-khau", now=NOW).ok
        with transaction(sqlite_url) as s:
            assert services.sign_in(s, username="lan", password=PASSWORD, now=NOW).ok, round_


def test_an_unknown_username_gets_the_same_message_and_no_typed_text_is_kept(sqlite_url):
    with transaction(sqlite_url) as s:
        out = services.sign_in(s, username="khong-co-ai", password=PASSWORD, now=NOW)
    assert out.error.key == "errors.accounts.wrong_credentials"
    with transaction(sqlite_url) as s:
        event = s.scalar(select(Event))
    assert event.action == "account.sign_in_failed" and "khong-co-ai" not in str(event.data)


def test_a_session_token_is_stored_hashed_and_expires_after_12_idle_hours(db_url):
    with transaction(db_url) as s:
        services.create_account(s, actor=OPERATOR, username="lan", password=PASSWORD, now=NOW)
        token = services.sign_in(s, username="lan", password=PASSWORD, now=NOW).token
    with transaction(db_url) as s:
        stored = s.scalar(select(AccountSession))
        assert stored.token_hash == token_hash(token) and token not in stored.token_hash
    later = NOW + timedelta(hours=11, minutes=59)
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=later).username == "lan"  # use moves the idle clock on
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=later + timedelta(hours=11, minutes=59)) is not None
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=later + timedelta(hours=23, minutes=59)) is None
    with transaction(db_url) as s:
        assert services.resume(s, token="x" + token, now=NOW) is None
        assert services.resume(s, token="", now=NOW) is None


def test_sign_out_disable_and_reset_each_end_the_session(db_url):
    with transaction(db_url) as s:
        admin = _admin(s)
        lan = services.create_account(s, actor=admin, username="lan", password=PASSWORD, now=NOW)

    def fresh_token():
        with transaction(db_url) as s:
            return services.sign_in(s, username="lan", password=PASSWORD, now=NOW).token

    token = fresh_token()
    with transaction(db_url) as s:
        services.sign_out(s, token=token, now=NOW)
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=NOW) is None
    token = fresh_token()
    with transaction(db_url) as s:
        services.set_disabled(s, actor=admin, account_id=lan.id, disabled=True, now=NOW)
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=NOW) is None
        out = services.sign_in(s, username="lan", password=PASSWORD, now=NOW)
        assert out.error.key == "errors.accounts.disabled"
    with transaction(db_url) as s:
        services.set_disabled(s, actor=admin, account_id=lan.id, disabled=False, now=NOW)
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=NOW) is None  # revoked for good, not only while disabled
    token = fresh_token()
    with transaction(db_url) as s:
        new = services.reset_password(s, actor=admin, account_id=lan.id, now=NOW)
    assert len(new) >= 12
    with transaction(db_url) as s:
        assert services.resume(s, token=token, now=NOW) is None
        assert not services.sign_in(s, username="lan", password=PASSWORD, now=NOW).ok
        assert services.sign_in(s, username="lan", password=new, now=NOW).ok


def test_the_last_active_administrator_cannot_be_disabled(db_url):
    with transaction(db_url) as s:
        admin = _admin(s)
    with pytest.raises(DomainError) as err, transaction(db_url) as s:
        services.set_disabled(s, actor=admin, account_id=admin.account_id, disabled=True, now=NOW)
    assert err.value.key == "errors.accounts.last_administrator"


def test_every_administrator_action_is_in_the_audit_list(db_url):
    a, b = _communes()
    with transaction(db_url) as s:
        admin = _admin(s)
        lan = services.create_account(s, actor=admin, username="lan", password=PASSWORD, role="leader",
                                      unit_codes=[a], now=NOW)
        services.set_units(s, actor=admin, account_id=lan.id, unit_codes=[a, b], now=NOW)
        services.reset_password(s, actor=admin, account_id=lan.id, now=NOW)
        services.set_disabled(s, actor=admin, account_id=lan.id, disabled=True, now=NOW)
        services.set_disabled(s, actor=admin, account_id=lan.id, disabled=False, now=NOW)
        token = services.sign_in(s, username="quantri", password=PASSWORD, now=NOW).token
        services.sign_out(s, token=token, now=NOW)
        rows = queries.audit_events(s, actor=admin)
    actions = [r.action for r in reversed(rows)]
    assert actions == ["account.created", "account.created", "account.units_changed", "account.password_reset",
                       "account.disabled", "account.enabled", "account.signed_in", "account.signed_out"]
    by_admin = [r for r in rows if r.action != "account.created" or r.target_username == "lan"]
    assert all(r.actor_username == "quantri" for r in by_admin)
    assert {r.target_username for r in rows} == {"quantri", "lan"}


def test_a_leader_of_one_commune_cannot_read_another_communes_trainees(db_url):
    a, b = _communes()
    with transaction(db_url) as s:
        admin = _admin(s)
        create_trainee(s, name="Người ở A", audience="official", unit_code=a, now=NOW)
        create_trainee(s, name="Người ở B", audience="official", unit_code=b, now=NOW)
        leader = services.create_account(s, actor=admin, username="lanhdao", password=PASSWORD, role="leader",
                                         unit_codes=[a], now=NOW)
        province = load_units().province.code
        trainer = services.create_account(s, actor=admin, username="giangvien", password=PASSWORD,
                                          unit_codes=[province], now=NOW)
    with transaction(db_url) as s:
        seen = queries.trainees_in_scope(s, actor=services.account_actor(leader, "citizen"))
        assert [t.name for t in seen] == ["Người ở A"]
        assert len(queries.trainees_in_scope(s, actor=services.account_actor(trainer, "citizen"))) == 2
        assert len(queries.trainees_in_scope(s, actor=admin)) == 2
        with pytest.raises(DomainError):
            queries.trainees_in_scope(s, actor=Actor.trainee("leader", 1))


def test_a_district_covers_its_communes_only():
    units = load_units("three-level-2019")
    district = units.districts[0]
    inside = units.communes_of(district.code)[0].code
    outside = next(c.code for c in units.communes if c.parent_code != district.code)
    assert queries.covers((district.code,), inside, units)
    assert not queries.covers((district.code,), outside, units)
    assert queries.covers((units.province.code,), outside, units)
    assert not queries.covers((), inside, units) and not queries.covers((district.code,), None, units)


# --- the command line -------------------------------------------------------------------------------------------

def _cli(monkeypatch, db_url, argv, stdin=""):
    from trainer.cli import main
    from trainer.settings import get_settings

    monkeypatch.setenv("TRAINER_DATABASE_URL", db_url)
    get_settings.cache_clear()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def test_the_database_never_holds_a_password_after_trainer_admin_create(db_url, monkeypatch, capsys):
    secret = "Bí-mật-không-lộ-2026"
    assert _cli(monkeypatch, db_url, ["admin", "create", "--username", "quantri", "--role", "administrator",
                                      "--name", "Quản trị", "--password-stdin"], secret + "\n") == 0
    assert _cli(monkeypatch, db_url, ["admin", "reset-password", "quantri", "--password-stdin"], secret + "x\n") == 0
    with transaction(db_url) as s:
        out = services.sign_in(s, username="quantri", password=secret + "x", now=NOW)
        assert out.ok
        services.sign_in(s, username="quantri", password=secret, now=NOW)  # a wrong one is not kept either
    printed = capsys.readouterr()
    assert secret not in printed.out + printed.err
    engine = get_engine(db_url)
    found = []
    with engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            columns = [c["name"] for c in inspector.get_columns(table)]
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                for name, value in zip(columns, row, strict=True):
                    if value is not None and (secret in str(value) or out.token in str(value)):
                        found.append((table, name))
    assert found == []
    if db_url.startswith("sqlite"):
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        path = db_url.removeprefix("sqlite:///")
        with open(path, "rb") as handle:
            raw = handle.read()
        assert secret.encode() not in raw and out.token.encode() not in raw


def test_trainer_admin_list_disable_enable_and_a_duplicate_in_one_line(db_url, monkeypatch, capsys):
    a, _ = _communes()
    assert _cli(monkeypatch, db_url, ["admin", "list"]) == 0
    assert "Chưa có tài khoản nào" in capsys.readouterr().out
    assert _cli(monkeypatch, db_url, ["admin", "create", "--username", "lanhdao", "--role", "leader", "--unit", a,
                                      "--name", "Nông Thị Hoa", "--password-stdin"], PASSWORD + "\n") == 0
    assert _cli(monkeypatch, db_url, ["admin", "create", "--username", "lanhdao", "--password-stdin"],
                PASSWORD + "\n") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["trainer: Tên đăng nhập “lanhdao” đã có người dùng; chọn tên khác."]
    assert _cli(monkeypatch, db_url, ["admin", "disable", "lanhdao"]) == 0
    assert _cli(monkeypatch, db_url, ["admin", "list"]) == 0
    out = capsys.readouterr().out
    assert "lanhdao | Nông Thị Hoa | Lãnh đạo | " + a + " | đã khoá | chưa" in out
    assert _cli(monkeypatch, db_url, ["admin", "enable", "lanhdao"]) == 0
    assert _cli(monkeypatch, db_url, ["admin", "reset-password", "lanhdao", "--generate"]) == 0
    out = capsys.readouterr().out
    generated = out.split("chỉ hiện một lần): ")[1].strip()
    with transaction(db_url) as s:
        assert services.sign_in(s, username="lanhdao", password=generated, now=NOW).ok
    assert _cli(monkeypatch, db_url, ["admin", "disable", "khong-co"]) == 1
    assert "Không tìm thấy tài khoản “khong-co”" in capsys.readouterr().err


def test_trainer_admin_create_asks_twice_without_echo(sqlite_url, monkeypatch, capsys):
    answers = iter([PASSWORD, PASSWORD + "!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert _cli(monkeypatch, sqlite_url, ["admin", "create", "--username", "lan"]) == 1
    assert "không giống nhau" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert _cli(monkeypatch, sqlite_url, ["admin", "create", "--username", "lan"]) == 0
    assert "Đã tạo tài khoản lan (Giảng viên)." in capsys.readouterr().out


def test_an_events_account_is_set_null_when_the_account_goes(db_url):
    with transaction(db_url) as s:
        admin = _admin(s)
        assert services.sign_in(s, username="quantri", password=PASSWORD, now=NOW).ok
    with transaction(db_url) as s:
        assert s.scalar(select(Event.account_id).where(Event.action == "account.signed_in")) == admin.account_id
        s.execute(text("DELETE FROM accounts"))
    with transaction(db_url) as s:
        assert s.scalar(select(Event.account_id).where(Event.action == "account.signed_in")) is None
        assert s.scalar(select(AccountSession.id)) is None

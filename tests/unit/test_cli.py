"""The `trainer` command: help lists commands; errors are one clear line with a non-zero exit code."""

from __future__ import annotations

import subprocess
import sys

from trainer.cli import main
from trainer.cli.run import streamlit_command


def test_help_lists_the_foundation_commands(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    for command in ("run", "db", "seed"):
        assert command in out


def test_db_upgrade_then_seed_twice_is_idempotent(capsys):
    assert main(["db", "upgrade"]) == 0
    assert main(["seed"]) == 0
    assert main(["seed"]) == 0
    out = capsys.readouterr().out
    assert "đã có sẵn" in out


def test_seed_reset_loads_again(capsys):
    assert main(["seed"]) == 0
    assert main(["seed", "--reset"]) == 0
    assert "Đã nạp thế giới mẫu" in capsys.readouterr().out


def test_a_bad_setting_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "four-level")
    from trainer.settings import get_settings

    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("trainer: TRAINER_ADMIN_MODEL")


def test_an_unreachable_database_is_one_line_without_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TRAINER_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
           "TRAINER_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "trainer.cli", "db", "upgrade"], env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Không kết nối được cơ sở dữ liệu" in lines[0]


def test_run_passes_the_port_only_when_asked():
    assert "--server.port" not in streamlit_command(None)
    cmd = streamlit_command(8600)
    assert cmd[cmd.index("--server.port") + 1] == "8600"


def test_seed_reset_leaves_no_practice_rows_behind(capsys):
    from datetime import datetime

    from sqlalchemy import func, select

    from trainer.db.engine import get_session_factory
    from trainer.db.events import Event
    from trainer.sandbox.models import Sandbox
    from trainer.sandbox.sandboxes import create_sandbox
    from trainer.settings import get_settings
    from trainer.training.models import Trainee
    from trainer.training.trainees import create_trainee

    assert main(["seed"]) == 0
    url = get_settings().url
    now = datetime(2026, 3, 2, 9, 0)
    with get_session_factory(url).begin() as session:
        trainee = create_trainee(session, name="Lục Văn Đức", audience="official", unit_code=None, now=now)
        create_sandbox(session, owner_id=trainee.id, unit_code="01840", model=get_settings().admin_model,
                       seed=1, now=now)
    assert main(["seed", "--reset"]) == 0
    with get_session_factory(url)() as session:
        for model in (Trainee, Sandbox, Event):
            assert session.scalar(select(func.count()).select_from(model)) == 0, model.__name__

"""The leaders' dashboard page in AppTest: refused without an account; for a province and a commune leader the
Vietnamese figures on the page equal the query layer's and the XLSX's; the drill-down shows a person's runs."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.i18n import Translator
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.reports import dashboard as rd
from trainer.reports import tables as rt
from trainer.ui import nav, widgets

NOW = datetime.now().replace(microsecond=0) - timedelta(days=3)
PROVINCE, COMMUNE, OTHER = "19", "01849", "01843"  # Thái Nguyên (two-level 2025): Phong Quang, Bắc Kạn
PATH = "buu-dien-bcci"


def _account(session, username: str, role: str, units) -> Actor:
    row = create_account(session, actor=Actor.operator_shell(), username=username, password="mat-khau-dai-1",
                         role=role, display_name=username, unit_codes=list(units), now=NOW)
    return account_actor(row, "citizen")


def seed(url: str) -> dict:
    """A province campaign: 3 people in Phong Quang (1 passed), 2 in Bắc Kạn (1 passed)."""
    from trainer.training import workshops as ws

    with get_session_factory(url).begin() as session:
        province = _account(session, "ld.tinh", "leader", [PROVINCE])
        commune = _account(session, "ld.xa", "leader", [COMMUNE])
        trainer = _account(session, "gv.lan", "trainer", [])
        campaign = ws.create_campaign(
            session, actor=province, name="Bưu điện công ích", unit_codes=[PROVINCE], audiences=["official"],
            path_ids=[PATH], starts_on=NOW.date() - timedelta(days=10), ends_on=NOW.date() + timedelta(days=60),
            targets=[{"path_id": PATH, "audience": "official", "share": 0.8,
                      "by": (NOW.date() + timedelta(days=60)).isoformat()}], now=NOW)
        shops = {c: ws.create_workshop(session, actor=trainer, unit_code=c, held_on=NOW.date(), path_ids=[PATH],
                                       now=NOW, campaign_id=campaign.id) for c in (COMMUNE, OTHER)}
    ids = {}
    for name, unit in (("Lò Thị Lan", COMMUNE), ("Hà Văn Minh", COMMUNE), ("Vi Văn Cường", COMMUNE),
                       ("Nông Thị Vân", OTHER), ("Đinh Văn Tú", OTHER)):
        with get_session_factory(url).begin() as session:
            ids[name] = ws.join_workshop(session, actor=Actor.playing("citizen"), code=shops[unit].join_code, name=name,
                                         audience="official", path_id=PATH, unit_code=unit,
                                         now=NOW + timedelta(minutes=1)).trainee.id
    with get_session_factory(url).begin() as session:
        for name in ("Lò Thị Lan", "Nông Thị Vân", "Hà Văn Minh"):
            at = NOW + timedelta(hours=2)
            session.add(Run(trainee_id=ids[name], scenario_id="post-pickup-and-delivery", scenario_version=1,
                            role="postal_worker", status="passed", started_at=at, finished_at=at, score=9, max_score=10))
            ok = name != "Hà Văn Minh"
            attempt = QuizAttempt(trainee_id=ids[name], quiz_id="co-ban", seed=1, layout={}, feedback="end",
                                  pass_mark=0.8, started_at=at, finished_at=at + timedelta(minutes=3),
                                  ended_by="completed", score=1.0 if ok else 0.0, passed=ok)
            session.add(attempt)
            session.flush()
            session.add(QuizAnswer(attempt_id=attempt.id, trainee_id=ids[name], question_id="q1", topics=["bcci-post"],
                                   response={"value": 0}, correct=ok, points=float(ok), max_points=1.0,
                                   answered_at=at + timedelta(minutes=1)))
    return {"province": province, "commune": commune, "campaign": campaign, "ids": ids}


@pytest.fixture
def page(make_app):
    """The dashboard through the entry script, after signing in on the sign-in page as `actor`'s account."""

    def open_as(actor: Actor | None, tab: str | None = None) -> AppTest:
        """`tab`: the i18n key of the tab to open afterwards (only the open tab is drawn), as a click on it does."""
        at = make_app("citizen", "vi")
        at.run()
        if actor is not None:
            at.switch_page(nav.page("dang-nhap").link).run()
            at.text_input(key="sign_in_username").input(actor.name)
            at.text_input(key="sign_in_password").input("mat-khau-dai-1")
            at.button(key="sign_in_submit").click().run()
            assert at.session_state[widgets.ACTOR_KEY].account_id == actor.account_id
        at.switch_page(nav.page("bang-theo-doi").link).run()
        assert not at.exception, at.exception
        if tab is not None:
            at.session_state["dash_tabs"] = Translator("vi")(tab)  # a click on the tab reruns the page
            at.run()
            assert not at.exception, at.exception
        return at

    return open_as


def table_with(at: AppTest, column: str):
    """The first table of the page having this column (AppTest does not expose a dataframe's key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_without_an_account_the_page_asks_to_sign_in(page):
    at = page(None)
    assert any("Hãy đăng nhập để mở" in e.value for e in at.error)
    assert not at.metric


def test_province_leader_sees_vietnamese_figures_equal_to_the_queries_and_the_xlsx(app_db, page):
    data = seed(app_db)
    at = page(data["province"])
    shown = metrics(at)
    assert shown["Ghi danh"] == "5" and shown["Đã đạt"] == "2"
    assert shown["Tỷ lệ đạt (chỉ tiêu 80,0%)"] == "40,0%"
    assert shown["Còn thiếu để đạt chỉ tiêu"] == "2"  # 80% of 5 = 4 needed
    with get_session_factory(app_db)() as session:
        board = rd.dashboard(session, data["province"], data["campaign"].id, datetime.now())
    t = Translator("vi")
    tables = {tb.key: tb for tb in rt.dashboard_tables(board, t, "vi")}
    frame = table_with(at, "Cần đạt")
    phong = frame[frame["Đơn vị"] == "Xã Phong Quang"].iloc[0]
    assert (phong["Ghi danh"], phong["Đã đạt"], phong["Tỷ lệ đạt"]) == ("3", "1", "33,3%")
    wb = load_workbook(io.BytesIO(rt.to_xlsx(list(tables.values()), t, "x")))
    sheet = wb["Hoàn thành"]
    headers = [c.value for c in sheet[4]]
    assert headers == tables["completion"].headers
    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    xl = rows["Xã Phong Quang"]
    assert (xl[headers.index("Ghi danh")], xl[headers.index("Đã đạt")]) == (3, 1)
    assert xl[headers.index("Tỷ lệ đạt")] == pytest.approx(1 / 3)
    assert sheet.cell(row=5, column=headers.index("Tỷ lệ đạt") + 1).number_format == "0.0%"
    assert {s.title for s in wb.worksheets} >= {"Hoàn thành", "Người còn thiếu", "Câu hỏi sai nhiều", "Theo tuần"}
    assert wb["Hoàn thành"]["A2"].value.startswith("Môi trường thực hành")
    assert table_with(at, "Điện thoại")["Họ và tên"].tolist()  # somebody is still missing


def test_commune_leader_sees_their_commune_and_drills_down_to_a_person(app_db, page):
    data = seed(app_db)
    at = page(data["commune"])
    assert metrics(at)["Ghi danh"] == "3"
    units = table_with(at, "Cần đạt")["Đơn vị"].tolist()
    assert units == ["Xã Phong Quang"]
    assert at.segmented_control(key="dash_level").options == ["Xã"]
    missing = table_with(at, "Điện thoại")["Họ và tên"].tolist()
    assert sorted(missing) == ["Hà Văn Minh", "Vi Văn Cường"]
    person = at.selectbox(key="dash_drill_person")
    assert "Nông Thị Vân" not in " ".join(str(o) for o in person.options)
    person.set_value(data["ids"]["Hà Văn Minh"]).run()
    assert not at.exception, at.exception
    labels = [e.label for e in at.expander]
    assert any("co-ban" in label and "0,0%" in label for label in labels)
    assert any("đạt" in label for label in labels)


def test_a_trainer_account_is_refused_the_leaders_page(app_db, page):
    with get_session_factory(app_db).begin() as session:
        trainer = _account(session, "gv.hoa", "trainer", [])
    at = page(trainer)
    assert any("Tài khoản của bạn không được mở trang này" in e.value for e in at.error)
    assert not at.metric


def test_the_export_tab_offers_xlsx_csv_and_xapi(app_db, page):
    data = seed(app_db)
    at = page(data["province"], tab="dashboard.tab.export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Tải báo cáo Excel (.xlsx)", "Tải báo cáo in (.pdf)", "Tải bảng trạng thái theo xã (.csv)", "Tải hồ sơ học tập xAPI (.jsonl)"]


def test_service_figures_on_the_page_in_the_xlsx_and_in_trainer_stats_agree(app_db, page, capsys):
    """The bac-kan-2018 article table, figure for figure, from stored rows: page = XLSX sheet = `trainer stats`."""
    import json

    from trainer.cli import main
    from trainer.fake.profiles import load_profile
    from trainer.fake.stats import stats_view
    from trainer.settings import get_settings

    data = seed(app_db)
    assert main(["seed", "--profile", "bac-kan-2018"]) == 0
    capsys.readouterr()
    assert main(["stats", "--period", "2018", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert cli["dossiers_received"] == 73_138  # the article's figure
    at = page(data["province"], tab="dashboard.tab.service")
    shown = table_with(at, "Đếm từ dữ liệu")
    t = Translator("vi")
    with get_session_factory(app_db)() as session:
        view = stats_view(session, load_profile("bac-kan-2018", get_settings()))
        board = rd.dashboard(session, data["province"], data["campaign"].id, datetime.now())
    sheet = load_workbook(io.BytesIO(rt.to_xlsx(rt.dashboard_tables(board, t, "vi", stats=view), t, "x")))["Số liệu dịch vụ"]
    xlsx = {r[0]: r[1] for r in sheet.iter_rows(min_row=5, values_only=True)}
    page_values = dict(zip(shown.iloc[:, 0], shown["Đếm từ dữ liệu"], strict=True))
    for name in ("dossiers_received", "online_level3", "online_level4", "bcci_total", "bcci_pickup", "bcci_return"):
        label = t(f"stats.figures.{name}")
        assert xlsx[label] == cli[name]
        assert page_values[label] == f"{cli[name]:,}".replace(",", ".")
    assert page_values[t("dashboard.service.on_time_rate")] == rt.cell_text(cli["details"]["on_time_rate"], "share", "vi")


def test_only_the_open_tab_is_drawn_and_a_choice_in_another_tab_is_kept(app_db, page):
    data = seed(app_db)
    at = page(data["province"])
    assert metrics(at)["Ghi danh"] == "5"
    assert not at.get("download_button")  # the export tab is not drawn while the completion tab is open
    vi = Translator("vi")
    at.session_state["dash_tabs"] = vi("dashboard.tab.trends")
    at.run()
    assert not at.metric  # the completion tab is not drawn any more
    at.segmented_control(key="dash_trend_period").set_value("month").run()
    at.session_state["dash_tabs"] = vi("dashboard.tab.export")
    at.run()
    assert len(at.get("download_button")) == 4
    at.session_state["dash_tabs"] = vi("dashboard.tab.trends")
    at.run()
    assert at.segmented_control(key="dash_trend_period").value == "month"
    assert not at.exception, at.exception

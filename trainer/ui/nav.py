"""Which pages exist, in which group, and who may open them; the menu is built from the acting person.

Page files are grouped by audience under `trainer/ui/views/`: `practice/` holds what participants use in the
sandbox (portal, desk, processing, post, scenarios, quizzes, statistics); `trainer/`, `leader/` and `admin/` hold
the pages of signed-in accounts; the start page (`home.py`) and the sign-in page (`sign_in.py`) stay at the root.

Who may open a page (`allowed(spec, actor)`):
- a practice page (`accounts=()`) opens for the practice roles in `roles` (the participant's own choice on the start
  page; anyone may practise any role, signed in or not);
- an account page (`accounts=(...)`) opens only for a signed-in account whose account role is listed there; the
  practice role plays no part. An administrator page lists only `ACCOUNT_ADMINISTRATOR`.
Every page is registered with `st.navigation` (hidden), so a URL to a page one may not open reaches the entry
script, which refuses it in Vietnamese instead of Streamlit's English "page not found"; the sidebar menu
(`trainer.ui.menu`) lists only the pages one may open, group by group.

To add a page to a group: put the file under its audience's folder and add one `PageSpec` line to `PAGES` below
(title key in `nav.*`, a Vietnamese url slug that differs from the file stem, the group key, `accounts=` for an
account page). Groups appear in `GROUPS` order; a group without a page one may open is not shown.
Code names a page by its fixed url path (`link("tra-cuu-ho-so")` → "views/practice/tracking.py"), never by file.
Its file stem differs from its url path: AppTest runs a page whose stem equals its url path without the entry script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.actor import (
    ACCOUNT_ADMINISTRATOR,
    ACCOUNT_LEADER,
    ACCOUNT_TRAINER,
    CITIZEN,
    PRACTICE_ROLES,
    Actor,
)

PAGES_DIR = Path(__file__).resolve().parent / "views"

ROLES = PRACTICE_ROLES  # citizen, desk_officer, specialist, office_head, leader, postal_worker
OFFICIALS = tuple(r for r in ROLES if r != CITIZEN)
PROCESSORS = ("specialist", "office_head", "leader")
DEFAULT_ROLE = CITIZEN
TRAINERS = (ACCOUNT_TRAINER, ACCOUNT_ADMINISTRATOR)  # trainer pages: trainers, and administrators who help them
LEADERS = (ACCOUNT_LEADER, ACCOUNT_ADMINISTRATOR)
ADMINISTRATORS = (ACCOUNT_ADMINISTRATOR,)

# Menu groups in order: (key of the group's title, audience). Trainer, leader and administrator groups hold
# account pages; later issues add their pages to these groups.
GROUPS = (
    "nav.group_start", "nav.group_workshop", "nav.group_citizen", "nav.group_desk", "nav.group_learning",
    "nav.group_stats", "nav.group_trainer", "nav.group_leader", "nav.group_admin",
)


@dataclass(frozen=True)
class PageSpec:
    """One page file: its title key in the catalog, fixed url path, group, and who may open it.

    `roles` are practice roles (for practice pages); `accounts` are account roles (for account pages; when set,
    only a signed-in account with one of them may open the page). Url paths are Vietnamese slugs and never equal
    the file's stem: AppTest.switch_page runs a page whose url path equals its stem without the entry script.
    """

    file: str
    title_key: str
    url_path: str
    group_key: str
    roles: tuple[str, ...]
    icon: str
    default: bool = False
    accounts: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def link(self) -> str:
        """The file as st.page_link, st.switch_page and AppTest.switch_page take it (relative to app.py)."""
        return f"views/{self.file}"

    @property
    def for_accounts(self) -> bool:
        return bool(self.accounts)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", "nav.start", "start", "nav.group_start", ROLES, ":material/home:", default=True),
    PageSpec("sign_in.py", "nav.sign_in", "dang-nhap", "nav.group_start", ROLES, ":material/login:"),
    PageSpec("practice/portal.py", "nav.portal", "nop-ho-so", "nav.group_citizen", ("citizen",), ":material/account_balance:"),
    PageSpec("practice/my_dossiers.py", "nav.my_dossiers", "ho-so-cua-toi", "nav.group_citizen", ("citizen",), ":material/folder_shared:"),
    PageSpec("practice/tracking.py", "nav.tracking", "tra-cuu-ho-so", "nav.group_citizen", ROLES, ":material/search:"),
    PageSpec("practice/guides.py", "guide.page_title", "huong-dan-nguoi-dan", "nav.group_citizen", ROLES, ":material/print:"),
    PageSpec("practice/desk.py", "nav.desk", "mot-cua", "nav.group_desk", ("desk_officer",), ":material/inbox:"),
    PageSpec("practice/processing.py", "nav.processing", "xu-ly-ho-so", "nav.group_desk", PROCESSORS, ":material/fact_check:"),
    PageSpec("practice/post.py", "nav.post", "buu-chinh", "nav.group_desk", ("postal_worker",), ":material/local_shipping:"),
    PageSpec("practice/scenarios.py", "nav.scenarios", "kich-ban", "nav.group_learning", ROLES, ":material/school:"),
    PageSpec("practice/quizzes.py", "nav.quizzes", "bai-kiem-tra", "nav.group_learning", ROLES, ":material/quiz:"),
    PageSpec("public/verify.py", "certificate.verify.nav", "xac-minh", "nav.group_learning", ROLES, ":material/verified:"),
    PageSpec("practice/stats.py", "nav.stats", "thong-ke", "nav.group_stats", ROLES, ":material/bar_chart:"),
    PageSpec("practice/join.py", "nav.join", "vao-lop", "nav.group_workshop", ROLES, ":material/groups:"),
    PageSpec("practice/my_paths.py", "nav.my_paths", "lo-trinh-cua-toi", "nav.group_workshop", ROLES, ":material/route:"),
    PageSpec("practice/live_room.py", "nav.live_room", "lop-hoc-truc-tiep", "nav.group_workshop", ROLES, ":material/co_present:"),
    PageSpec("practice/kiosk.py", "nav.kiosk", "may-chung", "nav.group_workshop", ROLES, ":material/desktop_windows:"),
    PageSpec("trainer/workshops.py", "nav.trainer_workshops", "lop-tap-huan", "nav.group_trainer", ROLES,
             ":material/groups:", accounts=TRAINERS),
    PageSpec("trainer/workshop.py", "nav.trainer_workshop", "trang-lop", "nav.group_trainer", ROLES,
             ":material/co_present:", accounts=TRAINERS),
    PageSpec("trainer/projector.py", "nav.projector", "man-chieu", "nav.group_trainer", ROLES,
             ":material/cast_for_education:", accounts=TRAINERS),
    PageSpec("trainer/campaigns.py", "nav.campaigns", "chien-dich", "nav.group_trainer", ROLES,
             ":material/campaign:", accounts=(ACCOUNT_TRAINER, ACCOUNT_LEADER, ACCOUNT_ADMINISTRATOR)),
    PageSpec("trainer/live_board.py", "nav.live_board", "bang-theo-doi-lop", "nav.group_trainer", ROLES,
             ":material/grid_view:", accounts=TRAINERS),
    PageSpec("trainer/room_quiz.py", "nav.room_quiz", "kiem-tra-chung", "nav.group_trainer", ROLES,
             ":material/quiz:", accounts=TRAINERS),
    PageSpec("trainer/certificates.py", "certificate.manage.nav", "giay-chung-nhan", "nav.group_trainer", ROLES,
             ":material/workspace_premium:", accounts=TRAINERS),
    PageSpec("leader/dashboard.py", "dashboard.nav", "bang-theo-doi", "nav.group_leader", ROLES,
             ":material/monitoring:", accounts=LEADERS),
    PageSpec("admin/accounts.py", "nav.admin_accounts", "quan-tri", "nav.group_admin", ROLES,
             ":material/manage_accounts:", accounts=ADMINISTRATORS),
    PageSpec("admin/audit.py", "nav.admin_audit", "nhat-ky-quan-tri", "nav.group_admin", ROLES,
             ":material/history:", accounts=ADMINISTRATORS),
)


START_URL_PATH = "start"
SIGN_IN_URL_PATH = "dang-nhap"
TRACKING_URL_PATH = "tra-cuu-ho-so"  # the dossier tracking page (slips' QR codes point here with ?dossier=)
SCENARIOS_URL_PATH = "kich-ban"
JOIN_URL_PATH = "vao-lop"  # the join page (the projector's QR code points here with ?lop=)
MY_PATHS_URL_PATH = "lo-trinh-cua-toi"  # "Lộ trình học của tôi" (the resume slip's QR points here with ?code=)
KIOSK_URL_PATH = "may-chung"  # kiosk mode of a shared PC (?lop=&kiosk=)
TRAINER_WORKSHOPS_URL_PATH = "lop-tap-huan"  # the trainer's workshops
TRAINER_WORKSHOP_URL_PATH = "trang-lop"  # one workshop's page (?lop=<id>)
PROJECTOR_URL_PATH = "man-chieu"  # the projector view (?lop=<id>)
CAMPAIGNS_URL_PATH = "chien-dich"
BY_URL_PATH = {p.url_path: p for p in PAGES}


def allowed(spec: PageSpec, actor: Actor) -> bool:
    """May this person open this page? (see the module's docstring)"""
    if spec.for_accounts:
        return actor.is_account and actor.account_role in spec.accounts
    return actor.practice_role in spec.roles


def menu_pages(actor: Actor) -> list[PageSpec]:
    """The pages the menu offers this person, in menu order (the sign-in page only when signed out)."""
    return [p for p in PAGES if allowed(p, actor) and not (p.url_path == SIGN_IN_URL_PATH and actor.is_account)]


def menu_groups(actor: Actor) -> list[tuple[str, list[PageSpec]]]:
    """The menu as (group title key, pages) in GROUPS order, without empty groups."""
    pages = menu_pages(actor)
    return [(g, [p for p in pages if p.group_key == g]) for g in GROUPS if any(p.group_key == g for p in pages)]


def pages_for(role: str) -> list[PageSpec]:
    """The practice pages a practice role may open, in menu order (account pages are not among them)."""
    return [p for p in PAGES if role in p.roles and not p.for_accounts]


def page(url_path: str) -> PageSpec:
    """The page with this fixed url path (KeyError for an unknown one: a programming error)."""
    return BY_URL_PATH[url_path]


def link(url_path: str) -> str:
    """What st.page_link / st.switch_page take for the page with this url path."""
    return page(url_path).link

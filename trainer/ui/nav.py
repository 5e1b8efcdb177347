"""Which pages exist, in which group, for which roles (navigation is built from the current role).

Page files are grouped by audience under `trainer/ui/pages/`: `practice/` holds what participants use in the
sandbox (portal, desk, processing, post, scenarios, quizzes, statistics); the start page (`home.py`), which
everyone opens first, stays at the root. Its file stem differs from its url path ("start"), like every page's:
AppTest runs a page whose stem equals its url path without the entry script. Later groups (`trainer/`, `leader/`, `admin/`) get their folders with their first pages.
Code names a page by its fixed url path (`link("tra-cuu-ho-so")` → "pages/practice/tracking.py"), never by file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trainer.actor import CITIZEN, PRACTICE_ROLES

PAGES_DIR = Path(__file__).resolve().parent / "pages"

ROLES = PRACTICE_ROLES  # citizen, desk_officer, specialist, office_head, leader, postal_worker
OFFICIALS = tuple(r for r in ROLES if r != CITIZEN)
PROCESSORS = ("specialist", "office_head", "leader")
DEFAULT_ROLE = CITIZEN


@dataclass(frozen=True)
class PageSpec:
    """One page file: its title key in the catalog, fixed url path, group and allowed roles.

    Url paths are Vietnamese slugs and never equal the file's stem: AppTest.switch_page runs a page whose url path
    equals its stem without the entry script (no banner, no navigation), unlike the real server.
    """

    file: str
    title_key: str
    url_path: str
    group_key: str
    roles: tuple[str, ...]
    icon: str
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def link(self) -> str:
        """The file as st.page_link, st.switch_page and AppTest.switch_page take it (relative to app.py)."""
        return f"pages/{self.file}"


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", "nav.start", "start", "nav.group_start", ROLES, ":material/home:", default=True),
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
)


START_URL_PATH = "start"
TRACKING_URL_PATH = "tra-cuu-ho-so"  # the dossier tracking page (slips' QR codes point here with ?dossier=)
SCENARIOS_URL_PATH = "kich-ban"
JOIN_URL_PATH = "vao-lop"  # the join page (the projector's QR code points here with ?lop=)
MY_PATHS_URL_PATH = "lo-trinh-cua-toi"  # "Lộ trình học của tôi" (the resume slip's QR points here with ?code=)
KIOSK_URL_PATH = "may-chung"  # kiosk mode of a shared PC (?lop=&kiosk=)
BY_URL_PATH = {p.url_path: p for p in PAGES}


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [p for p in PAGES if role in p.roles]


def page(url_path: str) -> PageSpec:
    """The page with this fixed url path (KeyError for an unknown one: a programming error)."""
    return BY_URL_PATH[url_path]


def link(url_path: str) -> str:
    """What st.page_link / st.switch_page take for the page with this url path."""
    return page(url_path).link

"""Which pages exist, in which group, for which roles (navigation is built from the current role)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent / "pages"

ROLES = ("citizen", "desk_officer", "specialist", "office_head", "leader", "postal_worker")
OFFICIALS = ("desk_officer", "specialist", "office_head", "leader", "postal_worker")
PROCESSORS = ("specialist", "office_head", "leader")
DEFAULT_ROLE = "citizen"


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


PAGES: tuple[PageSpec, ...] = (
    PageSpec("start.py", "nav.start", "start", "nav.group_start", ROLES, ":material/home:", default=True),
    PageSpec("portal.py", "nav.portal", "nop-ho-so", "nav.group_citizen", ("citizen",), ":material/account_balance:"),
    PageSpec("my_dossiers.py", "nav.my_dossiers", "ho-so-cua-toi", "nav.group_citizen", ("citizen",), ":material/folder_shared:"),
    PageSpec("tracking.py", "nav.tracking", "tra-cuu-ho-so", "nav.group_citizen", ROLES, ":material/search:"),
    PageSpec("desk.py", "nav.desk", "mot-cua", "nav.group_desk", ("desk_officer",), ":material/inbox:"),
    PageSpec("processing.py", "nav.processing", "xu-ly-ho-so", "nav.group_desk", PROCESSORS, ":material/fact_check:"),
    PageSpec("post.py", "nav.post", "buu-chinh", "nav.group_desk", ("postal_worker",), ":material/local_shipping:"),
    PageSpec("scenarios.py", "nav.scenarios", "kich-ban", "nav.group_learning", ROLES, ":material/school:"),
    PageSpec("quizzes.py", "nav.quizzes", "bai-kiem-tra", "nav.group_learning", ROLES, ":material/quiz:"),
    PageSpec("stats.py", "nav.stats", "thong-ke", "nav.group_stats", ROLES, ":material/bar_chart:"),
)


TRACKING_URL_PATH = "tra-cuu-ho-so"  # the dossier tracking page (slips' QR codes point here with ?dossier=)


def pages_for(role: str) -> list[PageSpec]:
    """The pages a role may open, in menu order."""
    return [p for p in PAGES if role in p.roles]

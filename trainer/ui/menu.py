"""The app's own navigation: every page registered with `st.navigation(position="hidden")`, the sidebar menu drawn
with grouped `st.page_link`s, and a Vietnamese refusal for a page the acting person may not open.

Why not Streamlit's sidebar navigation: with page groups it renders a `ul` whose children are `div`s and `li`s
outside any list (axe-core: "list" and "listitem", serious), on every page (issue 9 item 23; upstream:
streamlit/streamlit issues on the sidebar navigation's list markup). `st.page_link` renders plain links, grouped
here under a bold group title.
"""

from __future__ import annotations

import copy

import streamlit as st

from trainer.actor import Actor
from trainer.i18n import Translator
from trainer.ui import nav

MENU_KEY = "main_menu"  # the menu's container: class "st-key-main_menu" (tests find the links inside it)


_PAGES: dict[str, dict[str, st.Page]] = {}  # per process and language: url path -> the page as st.Page made it


def _templates(t: Translator) -> dict[str, st.Page]:
    """st.Page resolves and checks its file on the disk, and st.page_link given a path resolves it again and looks
    it up among every page: made once per language and process instead of once (twice) per rerun."""
    found = _PAGES.get(t.lang)
    if found is None:
        found = _PAGES.setdefault(t.lang, {
            spec.url_path: st.Page(str(spec.path), title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                                   default=spec.default)
            for spec in nav.PAGES
        })
    return found


def register(t: Translator) -> st.Page:
    """Register every page (so a URL to any of them reaches the entry script) and return the one asked for
    (copies of the templates: st.navigation marks the page it returns as runnable, so a rerun never shares that
    object with another session's)."""
    return st.navigation([copy.copy(page) for page in _templates(t).values()], position="hidden")


def draw(t: Translator, actor: Actor) -> None:
    """The menu of this person's pages, group by group (call inside `with st.sidebar`); a link's label and icon are
    its page's title and icon (`_templates`), read only here."""
    pages = _templates(t)
    with st.container(key=MENU_KEY):
        for group_key, specs in nav.menu_groups(actor):
            st.markdown(f"**{t(group_key)}**")
            for spec in specs:
                st.page_link(pages[spec.url_path])


# Streamlit's sidebar scrolls when the menu is long, and its scrolling container cannot take the keyboard focus
# (axe-core "scrollable-region-focusable", serious): make it focusable and name it. Only constant text here.
SIDEBAR_SCRIPT = """<script>(function(){var d=window.parent.document||document;
var s=(document.querySelector('[data-testid="stSidebarContent"]')||d.querySelector('[data-testid="stSidebarContent"]'));
if(s&&!s.hasAttribute('tabindex')){s.setAttribute('tabindex','0');s.setAttribute('role','region');
s.setAttribute('aria-label',%s);}})();</script>"""


def sidebar_script(t: Translator) -> str:
    """The script that makes the scrolling sidebar reachable by keyboard (rendered once per rerun in the sidebar)."""
    import json

    return SIDEBAR_SCRIPT % json.dumps(t("nav.menu_label"))


# On a phone Streamlit leaves the sidebar open over the page after a menu link is followed (issue 9 item 23): once
# per page change (the script's text names the page, so it runs again only when the page changes), a narrow window
# closes it with the sidebar's own collapse button.
PHONE_SCRIPT = """<script>/* page: %s */(function(){var d=document;if(window.innerWidth>640)return;
var s=d.querySelector('[data-testid="stSidebar"]');if(!s||s.dataset.collapsed!=='false')return;
var b=d.querySelector('[data-testid="stSidebarCollapseButton"] button');if(b)b.click();})();</script>"""


def phone_script(url_path: str, query: dict[str, str] | None = None) -> str:
    """The script that closes the sidebar on a phone after a page change (url_path: the page's fixed slug; query:
    its parameters, so a menu link to the page one is on, "Bài kiểm tra" from a quiz, closes it too: the browser
    runs the script again only when its text changes)."""
    marker = url_path + "?" + "&".join(f"{k}={v}" for k, v in sorted((query or {}).items()))
    safe = "".join(ch for ch in marker if ch.isalnum() or ch in "-_.?&=")
    return PHONE_SCRIPT % safe


def refuse_if_not_allowed(t: Translator, actor: Actor, current: st.Page) -> None:
    """Stop the run with a clear message when this person may not open the page asked for (by URL or API)."""
    spec = nav.BY_URL_PATH.get(current.url_path) or next((p for p in nav.PAGES if p.default), None)
    if spec is None or nav.allowed(spec, actor):
        return
    st.title(t(spec.title_key))
    if spec.for_accounts:
        needed = ", ".join(t(f"accounts.roles.{r}") for r in spec.accounts)
        if actor.is_account:
            st.error(t("nav.refused_account_role", roles=needed), icon=":material/block:")
        else:
            st.error(t("nav.refused_needs_sign_in", roles=needed), icon=":material/lock:")
            st.page_link(nav.link(nav.SIGN_IN_URL_PATH), label=t("nav.sign_in"), icon=":material/login:")
    else:
        roles = ", ".join(t(f"roles.{r}") for r in spec.roles)
        st.error(t("nav.refused_practice_role", roles=roles, role=t(f"roles.{actor.practice_role}")),
                 icon=":material/block:")
        st.page_link(nav.link(nav.START_URL_PATH), label=t("nav.start"), icon=":material/home:")
    st.stop()

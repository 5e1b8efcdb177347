"""Lớp tập huấn của tôi: the trainer's workshops (open and closed) and a form to create one for a commune, a
date, a campaign and the learning paths; the new workshop's page opens with its join code."""

from __future__ import annotations

import streamlit as st

from trainer.training import workshops
from trainer.training.paths import cached_paths
from trainer.ui import nav, widgets
from trainer.world.units import load_units

t = widgets.tr()
lang = widgets.lang()
actor = widgets.actor()
st.title(t("workshops.trainer.list_title"))

paths = cached_paths().paths
units = load_units(widgets.settings().admin_model, widgets.settings())
communes = {u.code: u.label for u in units.communes}
with widgets.db() as session:
    mine = widgets.attempt(workshops.workshops_for, session, actor)
    campaigns = widgets.attempt(workshops.campaigns_for, session, actor) or ()
if mine is None:
    st.stop()

with st.expander(t("workshops.trainer.create_title"), expanded=not mine, icon=":material/add_circle:"):
    with st.form("trainer_create_workshop"):
        unit_code = widgets.choice(st.selectbox, t("workshops.trainer.unit_label"), list(communes),
                                   format_func=communes.__getitem__, key="trainer_create_unit", index=None,
                                 placeholder=t("workshops.trainer.unit_placeholder"))
        held_on = st.date_input(t("workshops.trainer.date_label"), value=widgets.wall_clock().date(),
                                key="trainer_create_date", format="DD/MM/YYYY")
        campaign_id = widgets.choice(st.selectbox, t("workshops.trainer.campaign_label"),
                                     [None, *[c.id for c in campaigns]],
                                     format_func=lambda c: t("workshops.trainer.no_campaign") if c is None else
                                     next(x.name for x in campaigns if x.id == c), key="trainer_create_campaign")
        chosen = widgets.choice(st.multiselect, t("workshops.trainer.paths_label"), sorted(paths),
                                key="trainer_create_paths", default=[],
                                format_func=lambda p: paths[p].title.get(lang))
        title = st.text_input(t("workshops.trainer.title_label"), key="trainer_create_title", max_chars=200,
                              placeholder=t("workshops.trainer.title_placeholder"))
        create = st.form_submit_button(t("workshops.trainer.create"), key="trainer_create_submit", type="primary")
    if create:
        if unit_code is None:
            st.error(t("workshops.trainer.unit_required"), icon=":material/error:")
        else:
            with widgets.db() as session:
                made = widgets.attempt(workshops.create_workshop, session, actor=actor, unit_code=unit_code,
                                       held_on=held_on, path_ids=chosen, campaign_id=campaign_id, title=title,
                                       now=widgets.wall_clock())
            if made is not None:
                st.switch_page(nav.link(nav.TRAINER_WORKSHOP_URL_PATH), query_params={"lop": str(made.id)})

if not mine:
    st.info(t("workshops.trainer.none"), icon=":material/info:")
for row in mine:
    with st.container(border=True, key=f"trainer_ws_{row.id}"):
        left, right = st.columns([4, 1], vertical_alignment="center")
        state = t("workshops.trainer.open") if row.is_open else t("workshops.trainer.closed")
        left.markdown(f"**{widgets.literal(row.title)}**  \n{row.unit_label} · {row.held_on:%d/%m/%Y} · "
                      f"{t('workshops.trainer.code')} **{row.join_code}** · {state}")
        left.caption(" · ".join(paths[p].title.get(lang) if p in paths else p for p in row.path_ids))
        with right:
            st.page_link(nav.link(nav.TRAINER_WORKSHOP_URL_PATH), label=t("workshops.trainer.open_page"),
                         query_params={"lop": str(row.id)}, icon=":material/arrow_forward:")

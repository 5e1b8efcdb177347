"""Chiến dịch: awareness campaigns (target units, audiences, paths, dates, targets) and how far each target got.
Administrators and leaders create them; trainers see them and attach workshops to them."""

from __future__ import annotations

import streamlit as st

from trainer.actor import ACCOUNT_LEADER
from trainer.training import workshops
from trainer.training.paths import cached_paths
from trainer.ui import widgets
from trainer.world.units import load_units

t = widgets.tr()
lang = widgets.lang()
actor = widgets.actor()
st.title(t("workshops.campaigns.title"))
st.write(t("workshops.campaigns.intro"))
paths = cached_paths().paths
units = load_units(widgets.settings().admin_model, widgets.settings())
unit_labels = {u.code: u.label for u in units.all()}

if actor.is_administrator or actor.account_role == ACCOUNT_LEADER:
    with st.expander(t("workshops.campaigns.create_title"), icon=":material/add_circle:"):
        with st.form("campaign_create"):
            name = st.text_input(t("workshops.campaigns.name"), key="campaign_name", max_chars=200)
            chosen_units = widgets.choice(st.multiselect, t("workshops.campaigns.units"), list(unit_labels),
                                          key="campaign_units", default=[], placeholder=t("app.choose_placeholder"),
                                          format_func=unit_labels.__getitem__)
            audiences = widgets.choice(st.multiselect, t("workshops.campaigns.audiences"), ["official", "citizen"],
                                       default=["official"], key="campaign_audiences",
                                       placeholder=t("app.choose_placeholder"),
                                       format_func=lambda a: t(f"start.audience_{a}"))
            chosen_paths = widgets.choice(st.multiselect, t("workshops.campaigns.paths"), sorted(paths),
                                          key="campaign_paths", default=[], placeholder=t("app.choose_placeholder"),
                                          format_func=lambda p: paths[p].title.get(lang))
            dates = st.columns(2)
            starts_on = dates[0].date_input(t("workshops.campaigns.starts"), key="campaign_starts", format="DD/MM/YYYY")
            ends_on = dates[1].date_input(t("workshops.campaigns.ends"), key="campaign_ends", format="DD/MM/YYYY")
            st.markdown(t("workshops.campaigns.target_intro"))
            target = st.columns(3)
            share = target[0].number_input(t("workshops.campaigns.target_share"), 1, 100, 90, key="campaign_share")
            target_audience = widgets.choice(target[1].selectbox, t("workshops.campaigns.target_audience"),
                                             ["official", "citizen"], key="campaign_target_audience",
                                             format_func=lambda a: t(f"start.audience_{a}"))
            target_by = target[2].date_input(t("workshops.campaigns.target_by"), key="campaign_target_by",
                                             format="DD/MM/YYYY")
            made = st.form_submit_button(t("workshops.campaigns.create"), key="campaign_create_submit", type="primary")
        if made:
            targets = [{"path_id": p, "audience": target_audience, "share": share / 100, "by": target_by}
                       for p in chosen_paths[:1]]
            with widgets.db() as session:
                created = widgets.attempt(workshops.create_campaign, session, actor=actor, name=name,
                                          unit_codes=chosen_units, audiences=audiences, path_ids=chosen_paths,
                                          starts_on=starts_on, ends_on=ends_on, targets=targets,
                                          now=widgets.wall_clock())
            if created is not None:
                st.success(t("workshops.campaigns.created", name=widgets.literal(created.name)),
                           icon=":material/check_circle:")

with widgets.db() as session:
    rows = widgets.attempt(workshops.campaigns_for, session, actor)
    progress = {c.id: workshops.campaign_progress(session, c.id, actor) for c in rows or ()}
if rows is None:
    st.stop()
if not rows:
    st.info(t("workshops.campaigns.none"), icon=":material/info:")
for campaign in rows:
    with st.container(border=True, key=f"campaign_{campaign.id}"):
        st.markdown(f"**{widgets.literal(campaign.name)}** · {campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}")
        st.caption(" · ".join(unit_labels.get(u, u) for u in campaign.unit_codes))
        st.caption(" · ".join(paths[p].title.get(lang) if p in paths else p for p in campaign.path_ids))
        for item in progress[campaign.id]:
            st.progress(min(item.reached / item.share, 1.0) if item.share else 0.0,
                        text=t("workshops.campaigns.target_line", share=round(item.share * 100),
                               audience=t(f"start.audience_{item.audience}"),
                               path=paths[item.path_id].title.get(lang) if item.path_id in paths else item.path_id,
                               by=f"{item.by:%d/%m/%Y}", passed=item.passed, enrolled=item.enrolled))

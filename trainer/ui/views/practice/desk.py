"""Bộ phận Một cửa: online inbox (8 working hours), walk-in reception, forwarding, returning results."""

from __future__ import annotations

import streamlit as st

from trainer.sandbox.interconnection import transfer_to_linked_agency
from trainer.sandbox.lifecycle import forward_to_processing, return_result, start_walk_in
from trainer.sandbox.post import hand_result_to_post
from trainer.sandbox.queries import citizen_choices, desk_lists, procedure_choices
from trainer.sandbox.transitions import available_actions
from trainer.ui import coach_panel, widgets
from trainer.ui.desk_panels import act, dossier_card, dossier_table, pick_dossier, show_flash, slip_downloads
from trainer.ui.desk_reception import FLASH_KEY, reception_panel
from trainer.ui.sandbox_session import clock_panel, current_sandbox_id

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = t.lang
st.title(t("desk.title"))
st.caption(t("desk.subtitle"))

sid = current_sandbox_id()
if sid is None:
    st.stop()
clock = clock_panel(sid, "desk")

show_flash(t, FLASH_KEY, sid, clock, "desk_flash")

actor = widgets.actor()
with widgets.db() as session:
    lists = desk_lists(session, sid, clock, lang)
inbox, waiting, drafts = lists.inbox, lists.waiting, lists.walk_in_drafts
received, ready = lists.received, lists.ready_to_return

# Tab labels stay fixed (a label that changes would make Streamlit forget the open tab); counts go in the headings.
# Only the open tab is drawn (issue 11): the tabs keep their state (session state "desk_tabs": the open tab's label)
# and a click on another tab reruns the page, instead of every rerun drawing all four, each with its dossier card,
# document lines and slips.
tabs = st.tabs([t("desk.inbox.title"), t("desk.walk_in.title"), t("desk.actions.forward"), t("desk.actions.return")],
               key="desk_tabs", on_change="rerun")

if tabs[0].open:
    with tabs[0]:
        st.subheader(t("desk.tabs.inbox", n=len(inbox) + len(waiting)))
        st.caption(t("desk.inbox.rule"))
        pending = inbox + waiting
        if not pending:
            st.info(t("desk.inbox.empty"), icon=":material/inbox:")
        else:
            dossier_table(t, pending, columns=("code", "citizen", "procedure", "status", "submitted", "hours_left"))
            if lists.overdue:
                st.error(t("desk.inbox.overdue", n=len(lists.overdue)), icon=":material/alarm:")
            row = pick_dossier(t, pending, "desk_inbox_pick")
            if row is not None:
                reception_panel(t, sid, row)

if tabs[1].open:
    with tabs[1]:
        st.subheader(t("desk.tabs.walk_in", n=len(drafts)))
        st.caption(t("desk.walk_in.intro"))
        with widgets.db() as session:
            people = {c.id: f"{c.full_name} — {c.date_of_birth.year} — …{c.national_id[-4:]}"
                      for c in citizen_choices(session, sid)}
        procedures = dict(procedure_choices(lang))
        if not people:
            st.info(t("desk.walk_in.no_citizens"))
        else:
            left, right = st.columns(2)
            citizen_id = left.selectbox(t("desk.walk_in.citizen"), list(people), format_func=people.__getitem__,
                                        key="desk_walk_in_citizen", persist_state="page")
            procedure = widgets.choice(right.selectbox, t("desk.walk_in.procedure"), list(procedures),
                                       format_func=procedures.__getitem__, key="desk_walk_in_procedure",
                                       persist_state="page")
            if st.button(t("desk.walk_in.start"), key="desk_walk_in_start", type="primary", icon=":material/person_add:"):
                with widgets.db() as session:
                    draft = widgets.attempt(start_walk_in, session, sid, citizen_id=citizen_id, procedure_code=procedure,
                                            actor=actor, now=clock)
                    if draft is not None:
                        st.session_state["desk_walk_in_pick"] = draft.id
                        st.rerun()
        if drafts:
            st.divider()
            row = pick_dossier(t, drafts, "desk_walk_in_pick")
            if row is not None:
                reception_panel(t, sid, row)

if tabs[2].open:
    with tabs[2]:
        st.subheader(t("desk.tabs.forward", n=len(received)))
        st.caption(t("desk.forward.intro"))
        if not received:
            st.info(t("desk.forward.empty"), icon=":material/inbox:")
        else:
            dossier_table(t, received, columns=("code", "citizen", "procedure", "appointment", "delivery"))
            row = pick_dossier(t, received, "desk_forward_pick")
            if row is not None:
                dossier_card(t, row)
                slip_downloads(t, sid, row.id, "desk_forward")
                actions = available_actions(row, row.step, actor)
                if "transfer_to_linked_agency" in actions:
                    st.info(t("desk.forward.linked"), icon=":material/account_tree:")
                    if st.button(t("desk.actions.transfer"), key=f"desk_transfer_{row.id}", type="primary"):
                        act(FLASH_KEY, "desk.flash.transferred", transfer_to_linked_agency, sid, row.id, actor=actor,
                            now=clock)
                if "forward_to_processing" in actions and st.button(t("desk.actions.forward"), type="primary",
                                                                    key=f"desk_forward_{row.id}", icon=":material/forward:"):
                    act(FLASH_KEY, "desk.flash.forwarded", forward_to_processing, sid, row.id, actor=actor, now=clock)

if tabs[3].open:
    with tabs[3]:
        st.subheader(t("desk.tabs.return", n=len(ready)))
        if not ready:
            st.info(t("desk.return.empty"), icon=":material/inbox:")
        else:
            dossier_table(t, ready, columns=("code", "citizen", "procedure", "due", "late", "delivery"))
            row = pick_dossier(t, ready, "desk_return_pick")
            if row is not None:
                dossier_card(t, row)
                slip_downloads(t, sid, row.id, "desk_return")
                actions = available_actions(row, row.step, actor)
                if "hand_result_to_post" in actions:
                    st.caption(t("desk.return.by_post"))
                    if st.button(t("desk.actions.to_post"), key=f"desk_to_post_{row.id}", type="primary",
                                 icon=":material/local_shipping:"):
                        act(FLASH_KEY, "desk.flash.to_post", hand_result_to_post, sid, row.id, actor=actor, now=clock)
                if "return_result" in actions and st.button(t("desk.actions.return"), key=f"desk_return_{row.id}",
                                                            type="primary", icon=":material/assignment_return:"):
                    act(FLASH_KEY, "desk.flash.returned", return_result, sid, row.id, actor=actor, now=clock)

"""Bưu chính công ích (BCCI): collect dossiers from citizens, hand them to the desk, deliver results."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from trainer.sandbox.post import deliver_result, hand_over_to_desk, pick_up
from trainer.sandbox.queries import ShipmentRow, document_lines, post_lists
from trainer.ui import coach_panel, widgets
from trainer.ui.desk_panels import act, dossier_card, money, show_flash, when
from trainer.ui.sandbox_session import clock_panel, current_sandbox_id

FLASH_KEY = "post_flash"

t = widgets.tr()
coach_panel.show()  # the scenario guide beside the page; points the page at the run's sandbox
lang = t.lang
st.title(t("desk.post.title"))
st.caption(t("desk.post.subtitle"))

sid = current_sandbox_id()
if sid is None:
    st.stop()
clock = clock_panel(sid, "post")
show_flash(t, FLASH_KEY, sid, clock, "post_flash")

with widgets.db() as session:
    lists = post_lists(session, sid, clock, lang)
to_collect, to_hand_over, to_deliver = lists.to_collect, lists.to_hand_over, lists.to_deliver


def shipment_table(items: Sequence[ShipmentRow]) -> None:
    """Tracking number, dossier code, citizen, address and postage of each item."""
    st.dataframe({
        t("desk.post.col.tracking"): [i.tracking_no or "—" for i in items],
        t("desk.col.code"): [i.dossier.code or t("desk.no_code") for i in items],
        t("desk.col.citizen"): [i.dossier.citizen_name for i in items],
        t("desk.col.procedure"): [i.dossier.procedure_name for i in items],
        t("desk.post.col.address"): [i.address for i in items],
        t("desk.post.col.postage"): [money(i.postage, lang) for i in items],
    }, hide_index=True)


def pick_item(items: Sequence[ShipmentRow], key: str) -> ShipmentRow | None:
    by_id = {i.id: i for i in items}
    chosen = widgets.choice(st.selectbox, t("desk.post.pick"), list(by_id), key=key, format_func=lambda i: (
        f"{by_id[i].tracking_no or t('desk.post.no_tracking')} · {by_id[i].dossier.citizen_name} · "
        f"{by_id[i].dossier.procedure_name}"))
    return by_id.get(chosen)


tabs = st.tabs([t("desk.post.actions.collect"), t("desk.post.actions.deliver"), t("desk.post.record.title")],
               key="post_tabs")  # fixed labels keep the open tab across reruns; counts go in the headings

with tabs[0]:
    st.subheader(t("desk.post.tabs.collect", n=len(to_collect)))  # each heading counts the list under it
    st.caption(t("desk.post.collect.rule"))
    if not to_collect:
        st.info(t("desk.post.collect.empty"), icon=":material/inbox:")
    else:
        shipment_table(to_collect)
        item = pick_item(to_collect, "post_collect_pick")
        if item is not None:
            dossier_card(t, item.dossier)
            with widgets.db() as session:
                lines = document_lines(session, sid, item.dossier.id, lang)
            st.markdown(f"**{t('desk.post.collect.checklist')}**")
            checked = [line.doc_id for line in lines if st.checkbox(
                f"{line.name} ({t('desk.docs.mandatory') if line.mandatory else t('desk.docs.conditional')})",
                key=f"post_check_{item.id}_{line.doc_id}")]
            fee = item.dossier.fee_amount
            st.markdown(t("desk.post.collect.money", fee=money(fee, lang), postage=money(item.postage, lang),
                          total=money(fee + item.postage, lang)))
            st.caption(t("desk.post.collect.seal"))
            if st.button(t("desk.post.actions.collect"), key=f"post_collect_{item.id}", type="primary",
                         icon=":material/inventory_2:"):
                act(FLASH_KEY, "desk.post.flash.collected", pick_up, sid, item.id, checked_doc_ids=checked,
                    actor=widgets.actor(), now=clock)
    if to_hand_over:
        st.divider()
        st.subheader(t("desk.post.hand_over.title", n=len(to_hand_over)))
        shipment_table(to_hand_over)
        item = pick_item(to_hand_over, "post_hand_over_pick")
        if item is not None and st.button(t("desk.post.actions.hand_over"), key=f"post_hand_over_{item.id}",
                                          type="primary", icon=":material/handshake:"):
            act(FLASH_KEY, "desk.post.flash.handed_over", hand_over_to_desk, sid, item.id,
                actor=widgets.actor(), now=clock)

with tabs[1]:
    st.subheader(t("desk.post.tabs.deliver", n=len(to_deliver)))
    if not to_deliver:
        st.info(t("desk.post.deliver.empty"), icon=":material/inbox:")
    else:
        shipment_table(to_deliver)
        item = pick_item(to_deliver, "post_deliver_pick")
        if item is not None:
            dossier_card(t, item.dossier)
            st.caption(t("desk.post.deliver.rule", postage=money(item.postage, lang)))
            if st.button(t("desk.post.actions.deliver"), key=f"post_deliver_{item.id}", type="primary",
                         icon=":material/local_shipping:"):
                act(FLASH_KEY, "desk.post.flash.delivered", deliver_result, sid, item.id,
                    actor=widgets.actor(), now=clock)

with tabs[2]:
    done = lists.handed_over + lists.delivered
    st.subheader(t("desk.post.tabs.done", n=len(done)))
    st.caption(t("desk.post.record.intro"))
    if not done:
        st.info(t("desk.post.record.empty"), icon=":material/inbox:")
    else:
        st.dataframe({
            t("desk.post.col.tracking"): [i.tracking_no or "—" for i in done],
            t("desk.col.code"): [i.dossier.code or t("desk.no_code") for i in done],
            t("desk.post.col.parties"): [t(f"desk.post.record.parties_{i.kind}", citizen=i.dossier.citizen_name) for i in done],
            t("desk.post.col.at"): [when(i.at) for i in done],
            t("desk.post.col.postage"): [money(i.postage, lang) for i in done],
        }, hide_index=True)

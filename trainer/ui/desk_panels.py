"""Pieces the desk, processing and post pages share: dossier lists, the dossier card, documents, slip downloads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import streamlit as st

from trainer.i18n import Translator
from trainer.sandbox.queries import DocLine, DossierRow, dossier_row, issued_slips
from trainer.ui import flash, widgets
from trainer.ui.portal_slips import qr_target
from trainer.world import labels
from trainer.world.procedures import load_catalogue

SLIP_BUILDERS = {  # form number -> name of the slip-data builder in trainer.sandbox.slipdata
    "01": "receipt_slip", "02": "supplement_slip", "03": "refusal_slip", "04": "apology_slip", "05": "control_slip",
    "BL": "fee_receipt",
}


def when(value: datetime | None) -> str:
    """"14:05 02/03/2026", or a dash."""
    return value.strftime("%H:%M %d/%m/%Y") if value is not None else "—"


def status_name(t: Translator, status: int) -> str:
    return t(f"sandbox.status.s{int(status)}")


def money(value: int, lang: str) -> str:
    """25000 -> "25.000 ₫" (Vietnamese) or "25,000 ₫"."""
    return f"{labels.money(value, lang)} ₫"


def hours_left_text(t: Translator, hours: float | None) -> str:
    """The 8-working-hour reception limit in words: hours left, or hours overdue."""
    if hours is None:
        return "—"
    text = f"{abs(hours):.1f}"
    if t.lang == "vi":
        text = text.replace(".", ",")  # Vietnamese decimal comma: "còn 5,5 giờ"
    return t("desk.inbox.hours_left" if hours >= 0 else "desk.inbox.hours_over", h=text)


def dossier_table(t: Translator, rows: Sequence[DossierRow], *, columns: tuple[str, ...]) -> None:
    """A read-only table of dossiers; columns picked from code, procedure, citizen, status, step, submitted,
    hours_left, appointment, due, late, delivery."""
    makers: dict[str, Callable[[DossierRow], Any]] = {
        "code": lambda r: r.code or t("desk.no_code"),
        "procedure": lambda r: r.procedure_name,
        "citizen": lambda r: r.citizen_name,
        "status": lambda r: status_name(t, r.status),
        "step": lambda r: t(f"roles.{r.step}") if r.step else "—",
        "submitted": lambda r: when(r.submitted_at),
        "hours_left": lambda r: hours_left_text(t, r.hours_left),
        "appointment": lambda r: when(r.appointment_at),
        "due": lambda r: when(r.due),
        "late": lambda r: t("desk.late_flag") if r.late else t("desk.on_time"),
        "delivery": lambda r: t(f"desk.delivery.{r.delivery}"),
    }
    data = {t(f"desk.col.{name}"): [makers[name](r) for r in rows] for name in columns}
    st.dataframe(data, hide_index=True)


def pick_dossier(t: Translator, rows: Sequence[DossierRow], key: str) -> DossierRow | None:
    """A selectbox of dossiers (by code, citizen and procedure); None when the list is empty."""
    if not rows:
        return None
    by_id = {r.id: r for r in rows}
    chosen = widgets.choice(
        st.selectbox, t("desk.pick"), list(by_id), key=key, persist_state="page",  # kept while its tab is closed
        format_func=lambda i: f"{by_id[i].code or t('desk.no_code')} · {by_id[i].citizen_name} · {by_id[i].procedure_name}",
    )
    return by_id.get(chosen)


def dossier_card(t: Translator, row: DossierRow) -> None:
    """The dossier's essentials: code, citizen, procedure, status, appointment and due date, late flag."""
    st.markdown(f"**{t('desk.col.code')}:** {row.code or t('desk.no_code')}  \n"
                f"**{t('desk.col.citizen')}:** {widgets.literal(row.citizen_name)}  \n"
                f"**{t('desk.col.procedure')}:** {row.procedure_code} · {row.procedure_name}  \n"
                f"**{t('desk.col.status')}:** {status_name(t, row.status)}"
                + (f" · {t(f'roles.{row.step}')}" if row.step else "") + "  \n"
                f"**{t('desk.col.appointment')}:** {when(row.appointment_at)} · "
                f"**{t('desk.col.due')}:** {when(row.due)} · "
                f"**{t('desk.col.delivery')}:** {t(f'desk.delivery.{row.delivery}')}")
    if row.bundle_kind:  # a part of an interconnected bundle (liên thông)
        name = load_catalogue().bundle(row.bundle_kind).name.get(t.lang)
        st.caption(":material/account_tree: " + t("bundle.official_caption", name=name,
                                                   codes=", ".join(row.bundle_codes) or t("desk.no_code")))
    if row.late:
        st.error(t("desk.late_banner", due=when(row.due)), icon=":material/schedule:")
    if row.new_appointment_at is not None:
        st.info(t("desk.new_appointment", when=when(row.new_appointment_at)), icon=":material/event:")


def documents_view(t: Translator, lines: Sequence[DocLine]) -> None:
    """The procedure's document list with what the dossier holds (Kiểm tra thành phần hồ sơ)."""
    data = {
        t("desk.docs.name"): [line.name for line in lines],
        t("desk.docs.need"): [t("desk.docs.mandatory") if line.mandatory else t("desk.docs.conditional") for line in lines],
        t("desk.docs.held"): [t(f"desk.docs.source.{line.source}") if line.attached else t("desk.docs.missing")
                              for line in lines],
    }
    st.dataframe(data, hide_index=True)


def slip_maker(url: str, sandbox_id: int, dossier_id: int, form: str, lang: str,
               qr: tuple[str, str | None] = ("", None)) -> Callable[[], bytes]:
    """The PDF of slip Mẫu `form`, built only when its download button is clicked (a render takes ~0.5 s).

    It runs outside the script run, so it opens its own session from the URL (no Streamlit calls inside)."""

    def make() -> bytes:
        from trainer.db.engine import get_session_factory
        from trainer.sandbox import slipdata
        from trainer.sandbox.slips import render_slip

        builder = getattr(slipdata, SLIP_BUILDERS[form])
        with get_session_factory(url)() as session:
            slip = builder(session, sandbox_id, dossier_id, lang)
        return render_slip(slip, lang=lang, base_url=qr[0] or None, resume_code=qr[1])

    return make


def slip_downloads(t: Translator, sandbox_id: int, dossier_id: int, key_prefix: str) -> None:
    """A download button for each slip issued for the dossier (the latest of each form)."""
    with widgets.db() as session:
        code, issued = issued_slips(session, sandbox_id, dossier_id)
    latest: dict[str, datetime] = {}
    for form, at in issued:
        latest[form] = at
    if not latest:
        return
    st.markdown(f"**{t('desk.slips.title')}**")
    from trainer.sandbox.slips import file_prefix

    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in code or str(dossier_id))
    qr = qr_target(sandbox_id)
    columns = st.columns(len(latest))
    for column, (form, at) in zip(columns, sorted(latest.items()), strict=True):
        column.download_button(
            t(f"desk.slips.form_{form}"), data=slip_maker(widgets.settings().url, sandbox_id, dossier_id, form, t.lang, qr),
            file_name=f"{file_prefix(form)}-{safe}.pdf", mime="application/pdf", key=f"{key_prefix}_slip_{dossier_id}_{form}",
            icon=":material/print:", help=t(f"desk.slips.help_{form}", when=when(at)), on_click="ignore",
        )


def act(flash_key: str, message_key: str, service: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """One service call `service(session, sandbox_id, …)` in one transaction; on success the page says what happened
    once, on its next run (`trainer.ui.flash`: for this page, sandbox, role and dossier), and reruns.

    `flash_key` names the page's confirmation area (one per page; the flash itself is one per session)."""
    with widgets.db() as session:
        done = widgets.attempt(service, session, *args, **kwargs)
        if done is not None:
            dossier_id = getattr(done, "dossier_id", None) or getattr(done, "id", None)
            flash.remember(message_key, sandbox_id=args[0] if args else None, dossier_id=dossier_id, area=flash_key)
            st.rerun()


def show_flash(t: Translator, flash_key: str, sandbox_id: int, now: datetime, key_prefix: str) -> None:
    """What the last action on this page did (with its dossier code), and the slips it produced, ready to download;
    shown once: the next run of the page (another action, another dossier picked) no longer shows it."""
    done_flash = flash.take(sandbox_id)
    if done_flash is None or dict(done_flash.params).get("area") != flash_key:
        return
    with widgets.db() as session:
        done = (dossier_row(session, sandbox_id, done_flash.dossier_id, now, t.lang)
                if done_flash.dossier_id else None)
    st.success(t(done_flash.message_key, code=(done.code if done and done.code else t("desk.no_code"))),
               icon=":material/check_circle:")
    if done is not None:
        slip_downloads(t, sandbox_id, done.id, key_prefix)


def reason_input(t: Translator, key: str, label_key: str = "desk.reason") -> str:
    """A short text area for a reason or a note (plain text, never rendered as HTML)."""
    return st.text_area(t(label_key), key=key, max_chars=2000, height=80, persist_state="page")

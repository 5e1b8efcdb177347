"""Render any e-form definition (trainer.eforms) as Streamlit widgets: no page code per procedure.

- `render(form, saved, prefix, *, communes, errors) -> dict[str, str]`: every section, the fields asked given
  the values so far (conditions react as the citizen answers), each wrong field's Vietnamese error under it.
- `render_field(field, saved, prefix, *, communes, error) -> dict[str, str]`: one field (the easy mode's screen).
- `errors_key(prefix)`: session state holding the last refused save's errors ({field: text}).
Widget keys: `{prefix}_f_{field}` (an address also `{prefix}_f_{field}_unit`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st
from sqlalchemy.orm import Session

from trainer.eforms import EForm, Field
from trainer.eforms.display import choice_label
from trainer.eforms.validate import asked
from trainer.sandbox.reference import paper_name
from trainer.ui import widgets


def errors_key(prefix: str) -> str:
    return f"{prefix}_eform_errors"


def field_key(prefix: str, name: str) -> str:
    return f"{prefix}_f_{name}"


def _label(f: Field, lang: str) -> str:
    return f.label(lang) + (" *" if f.required else "")


def render_field(f: Field, saved: Mapping[str, Any], prefix: str, *, communes: Sequence[tuple[str, str]],
                 error: str | None = None, lang: str | None = None) -> dict[str, str]:
    """One field as a widget, pre-set from the saved value (or the definition's default); its error under it."""
    t = widgets.tr()
    lang = lang or widgets.lang()
    spec, key = f.spec, field_key(prefix, f.name)
    value = str(saved.get(f.name, "") or "") or (spec.default or "")
    help_text = spec.help.get(lang) if spec.help else None
    out: dict[str, str] = {}
    if f.type == "choice":
        options = list(spec.options())
        picked = widgets.choice(st.selectbox, _label(f, lang), options,
                                index=options.index(value) if value in options else None, key=key, help=help_text, placeholder=t("eforms.ui.pick"),
                              format_func=lambda v: choice_label(f, v, lang))
        out[f.name] = picked or ""
    elif f.type == "address":
        codes = [c for c, _ in communes]
        names = dict(communes)
        unit = str(saved.get(f.name + "_unit", "") or "")
        picked = st.selectbox(_label(f, lang), codes, index=codes.index(unit) if unit in codes else None,
                              key=key + "_unit", help=help_text, placeholder=t("eforms.ui.pick_unit"),
                              format_func=lambda c: names.get(c, c))
        detail = st.text_input(t("eforms.ui.address_detail", label=f.label(lang)), value=value, key=key,
                               max_chars=spec.max_length)
        out[f.name], out[f.name + "_unit"] = detail, picked or ""
    else:
        placeholder = t("eforms.ui.date_placeholder") if f.type == "date" else None
        out[f.name] = st.text_input(_label(f, lang), value=value, key=key, max_chars=spec.max_length,
                                    help=help_text, placeholder=placeholder)
    if spec.copy_from is not None:
        st.caption(t("eforms.ui.copy_from", paper=paper_name(spec.copy_from.document, lang)))
    if error:
        st.error(error, icon=":material/error:")
    return out


def render(form: EForm, saved: Mapping[str, Any], prefix: str, *, communes: Sequence[tuple[str, str]],
           errors: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole tờ khai, section by section; a field is shown when its condition holds for the values so far."""
    t, lang = widgets.tr(), widgets.lang()
    errors = errors or {}
    values: dict[str, str] = {}
    st.caption(t("eforms.ui.legal_form", text=_legal_text(form, lang)) + " " + t("eforms.ui.required_note"))
    for section in form.sections:
        current = {**saved, **values}
        shown = [f for f in section.fields if asked(f, current)]
        if not shown:
            continue
        with st.container(key=f"{prefix}_sec_{section.id}"):
            st.markdown(f"**{section.title.get(lang)}**")
            if section.help:
                st.caption(section.help.get(lang))
            if any(f.prefill for f in shown):
                st.caption(t("eforms.ui.prefilled"))
            for f in shown:
                if not asked(f, {**saved, **values}):
                    continue
                values.update(render_field(f, saved, prefix, communes=communes, error=errors.get(f.name),
                                           lang=lang))
    return values


def _legal_text(form: EForm, lang: str) -> str:
    legal = form.legal_form
    return " — ".join(p for p in (legal.number, legal.name.get(lang), legal.source) if p)


def error_texts(fields: Mapping[str, Any], lang: str) -> dict[str, str]:
    """FieldErrors as texts in the session's language (what session state keeps for the next rerun)."""
    return {name: error.text(lang) for name, error in fields.items()}


def declaration_printout(session: Session, sandbox_id: int, dossier_id: int, lang: str) -> tuple[Any, str]:
    """What the printed tờ khai needs (the declared view, the citizen's name), read in the caller's transaction."""
    from trainer.sandbox.core import get_citizen, get_dossier
    from trainer.sandbox.declared import declared_view

    view = declared_view(session, sandbox_id, dossier_id, lang)
    return view, get_citizen(session, sandbox_id, get_dossier(session, sandbox_id, dossier_id).citizen_id).full_name


def declaration_button(sandbox_id: int, dossier_id: int, *, key: str, printout: tuple[Any, str] | None = None) -> None:
    """Download the printed tờ khai (what was declared, the desk's view too) once the e-form is saved
    (`printout`: what `declaration_printout` read in the caller's transaction; else read here)."""
    from trainer.sandbox.declaration_pdf import declaration_filename, render_declaration

    t, lang = widgets.tr(), widgets.lang()
    if printout is None:
        with widgets.db() as session:
            printout = declaration_printout(session, sandbox_id, dossier_id, lang)
    view, name = printout
    if not view.saved:
        return
    st.download_button(t("eforms.ui.print_button"),
                       data=lambda: render_declaration(view, lang=lang, citizen_name=name),  # made on click
                       file_name=declaration_filename(view), mime="application/pdf", key=key,
                       icon=":material/picture_as_pdf:", on_click="ignore")


def _fact_text(fact: str, value: Any, lang: str) -> str:
    from trainer.i18n import t

    text = str(value)
    if fact.endswith("gender") and text in ("male", "female"):
        return t(f"eforms.choice.gender.{text}", lang)
    return text


def _copied_papers(form: EForm) -> set[str]:
    return {f.spec.copy_from.document for f in form.fields() if f.spec.copy_from is not None}


def paper_rows(session: Session, sandbox_id: int, citizen_id: int, form: EForm) -> list[Any]:
    """The citizen's stored papers this form copies from (what `papers_box` shows), read in the caller's
    transaction."""
    from trainer.sandbox.queries import stored_documents

    wanted = _copied_papers(form)
    return [r for r in stored_documents(session, sandbox_id, citizen_id) if r.doc_type in wanted] if wanted else []


def papers_box(sandbox_id: int, citizen_id: int, form: EForm, prefix: str, rows: list[Any] | None = None) -> None:
    """The papers of the citizen's data store this form copies from, each with its facts and as a printable PDF
    (`rows`: `paper_rows` as the caller read them; else read here)."""
    from trainer.eforms.papers import PAPER_FACTS
    from trainer.i18n import has
    from trainer.sandbox.declaration_pdf import render_paper

    t, lang = widgets.tr(), widgets.lang()
    if not _copied_papers(form):
        return
    if rows is None:
        with widgets.db() as session:
            rows = paper_rows(session, sandbox_id, citizen_id, form)
    with st.expander(t("eforms.ui.see_paper"), icon=":material/description:", expanded=bool(rows)):
        if not rows:
            st.info(t("eforms.paper.none"))
            return
        st.caption(t("eforms.paper.intro"))
        for row in rows:
            facts = [(t(f"eforms.fact.{k}"), _fact_text(k, row.data[k], lang)) for k in PAPER_FACTS.get(row.doc_type, ())
                     if k in row.data and not k.endswith("_unit") and has(f"eforms.fact.{k}", lang)]
            issued = row.issued_on.strftime("%d/%m/%Y") if row.issued_on else ""
            title = paper_name(row.doc_type, lang)
            with st.container(border=True, key=f"{prefix}_paper_{row.id}"):
                st.markdown(f"**{paper_name(row.doc_type, lang)}**")
                st.caption(f"{t('eforms.paper.number', number=row.number)} · {t('eforms.paper.issued', date=issued)}")
                widgets.table({t("eforms.ui.paper_fact"): [k for k, _ in facts], t("eforms.ui.paper_value"): [v for _, v in facts]})
                st.download_button(t("eforms.paper.download"),
                                   data=lambda title=title, number=row.number, issued=issued, facts=facts:
                                   render_paper(title, number, issued, facts, lang=lang),  # made on click
                                   file_name=f"giay-to-{row.id}.pdf", mime="application/pdf",
                                   key=f"{prefix}_paper_pdf_{row.id}", on_click="ignore",
                                   icon=":material/picture_as_pdf:")

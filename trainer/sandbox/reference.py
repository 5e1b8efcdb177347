"""What the sandbox reads from the shared reference world (procedures, agencies), in one place.

Public API (all read-only, by procedure code):
- `procedure(code)`: the catalogue entry, or DomainError("errors.sandbox.unknown_procedure").
- `document_ids(code)`, `mandatory_ids(code)`, `declaration_ids(code)` (filled in as the online e-form), `document_name(code, doc_id, lang="vi")`, `documents_term(code, ids)`.
- `procedure_name(code, lang)`, `result_name(code, lang)`, `appointment(code, received_at) -> datetime`.
- `fee(code, *, online, pages=None) -> int`, `online_payment(code) -> bool`, `online_submission(code) -> bool`,
  `electronic_result(code) -> bool`, `bcci_allowed(code) -> bool`.
- `receiving_agency_id(code, unit_code, model)`, `deciding_agency_id(code, unit_code, model)`,
  `agency_name(agency_id, lang)`, `agency_unit(agency_id)`, `needs_transfer(dossier) -> bool`.
- `store_title(doc_type, owner_name) -> str`: title of a document held in a citizen's data store.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from trainer.errors import DomainError, NotFound
from trainer.sandbox.terms import Localized

if TYPE_CHECKING:
    from trainer.sandbox.models import Dossier
    from trainer.world.procedures import Procedure

# Data-store documents that no procedure asks for as a paper (the desk checks identity by the ID number),
# with their titles; every other store document uses the catalogue's document type name.
STORE_TITLES = {
    "birth_certificate": ("Giấy khai sinh", "Birth certificate"),
    "id_card": ("Căn cước công dân", "Citizen identity card"),
    "marriage_certificate": ("Giấy chứng nhận kết hôn", "Marriage certificate"),
    "spouse_id_card": ("Bản sao căn cước của người sẽ kết hôn", "Copy of the other party's ID card"),
    "residence_record": ("Thông tin cư trú của hộ (nơi ở cũ)", "Household residence data (old address)"),
    "driving_licence": ("Giấy phép lái xe", "Driving licence"),
    "land_certificate": ("Giấy chứng nhận quyền sử dụng đất", "Land use right certificate"),
}


def paper_name(doc_type: str, lang: str = "vi") -> str:
    """A paper's name without its owner: the catalogue's document name or the sandbox's own store title."""
    from trainer.world.procedures import load_catalogue

    known = load_catalogue().document_types.get(doc_type)
    if known is not None:
        return known.name.get(lang)
    names = STORE_TITLES.get(doc_type, (doc_type, doc_type))
    return names[1] if lang == "en" else names[0]
PER_PAGE_DEFAULT_PAGES = 1  # pages assumed for a per-page fee before the desk counts them


def procedure(code: str) -> Procedure:
    """The catalogue entry for code."""
    from trainer.world.procedures import load_catalogue

    try:
        return load_catalogue().get(code)
    except NotFound as exc:
        raise DomainError("errors.sandbox.unknown_procedure", code=code) from exc


def document_ids(code: str) -> list[str]:
    """Ids of every document in the procedure's published list."""
    return [d.id for d in procedure(code).documents]


def mandatory_ids(code: str) -> list[str]:
    """Ids of the mandatory documents of the procedure."""
    return [d.id for d in procedure(code).mandatory_documents()]


def declaration_ids(code: str) -> list[str]:
    """Ids of the procedure's declaration documents (tờ khai): online, the saved e-form is this document."""
    from trainer.world.procedures import load_catalogue

    types = load_catalogue().document_types
    return [d.id for d in procedure(code).documents if d.id in types and types[d.id].declaration]


def document_name(code: str, doc_id: str, lang: str = "vi") -> str:
    """The document's name as the procedure lists it (the id when unknown)."""
    from trainer.world.procedures import load_catalogue

    for doc in procedure(code).documents:
        if doc.id == doc_id and doc.name is not None:
            return doc.name.get(lang)
    known = load_catalogue().document_types.get(doc_id)
    return known.name.get(lang) if known else doc_id


def documents_term(code: str, doc_ids: list[str]) -> Localized:
    """A list of document names in both languages, for error messages ("{missing:en}")."""
    return Localized(
        ", ".join(document_name(code, d, "vi") for d in doc_ids),
        ", ".join(document_name(code, d, "en") for d in doc_ids),
    )


def procedure_name(code: str, lang: str = "vi") -> str:
    return procedure(code).name.get(lang)


def result_name(code: str, lang: str = "vi") -> str:
    return procedure(code).result.name.get(lang)


def appointment(code: str, received_at: datetime) -> datetime:
    """The appointment date for a dossier of this procedure received at received_at (calendar, 15:00 cut-off)."""
    from trainer.sandbox.deadlines import appointment_for

    time = procedure(code).time
    return appointment_for(received_at, days=time.working_days, hours=time.working_hours)


def fee(code: str, *, online: bool, pages: int | None = None) -> int:
    """The fee in VND (on time); a per-page fee counts PER_PAGE_DEFAULT_PAGES page until the desk counts them."""
    from trainer.world.procedures import compute_fee

    proc = procedure(code)
    if proc.fee.kind == "per_page_with_cap":
        pages = pages or PER_PAGE_DEFAULT_PAGES
    return compute_fee(proc, pages=pages, online=online)


def online_submission(code: str) -> bool:
    """Can be submitted on the portal (level 3 or 4; partial or full online)."""
    return procedure(code).online.legacy_level >= 3


def online_payment(code: str) -> bool:
    """Fees can be paid on the portal (level 4 / full online)."""
    return procedure(code).online.legacy_level == 4


def electronic_result(code: str) -> bool:
    """The result can be received electronically (level 4 / full online)."""
    return procedure(code).online.legacy_level == 4


def bcci_allowed(code: str) -> bool:
    return procedure(code).bcci_allowed


def receiving_agency_id(code: str, unit_code: str, model: str) -> str:
    """The one-stop desk that receives this procedure for the sandbox's commune."""
    from trainer.world.agencies import receiving_desk

    return receiving_desk(procedure(code), unit_code, model).id


def deciding_agency_id(code: str, unit_code: str, model: str) -> str:
    """The office that decides the procedure for a dossier received for unit_code."""
    from trainer.world.agencies import deciding_agency, receiving_desk

    proc = procedure(code)
    desk = receiving_desk(proc, unit_code, model)
    return deciding_agency(proc, desk.unit_code, model).id


def agency_name(agency_id: str, lang: str = "vi") -> str:
    from trainer.world.agencies import get_agency

    return get_agency(agency_id).name(lang)


def agency_unit(agency_id: str) -> str:
    from trainer.world.agencies import get_agency

    return get_agency(agency_id).unit_code


def needs_transfer(dossier: Dossier) -> bool:
    """Decided by an office of another unit than the receiving desk (liên thông between levels)."""
    return agency_unit(dossier.deciding_agency_id) != agency_unit(dossier.receiving_agency_id)


def store_title(doc_type: str, owner_name: str, lang: str = "vi") -> str:
    """ "Giấy chứng sinh — Nông Thị Hoa": the catalogue's document name, or the sandbox's own store titles."""
    from trainer.world.procedures import load_catalogue

    known = load_catalogue().document_types.get(doc_type)
    if known is not None:
        title = known.name.get(lang)
    else:
        names = STORE_TITLES.get(doc_type, (doc_type, doc_type))
        title = names[1] if lang == "en" else names[0]
    return f"{title} — {owner_name}"

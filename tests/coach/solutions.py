"""Solutions of the shipped scenarios, written as calls to the sandbox's own services (what the pages call).

`SOLUTIONS[scenario_id](play)` plays the scenario to a pass; `FIRST_MISTAKES[scenario_id](play)` makes the
scenario's first listed mistake. `Play` checks the run after every action, as the guide panel does on each rerun.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.coach.runs import RunView, check_run, get_run
from trainer.sandbox import documents as docs
from trainer.sandbox import interconnection, lifecycle, portal, post
from trainer.sandbox.models import Bundle, Dossier, Shipment
from trainer.sandbox.sandboxes import advance_clock, sandbox_now

PDF = b"%PDF-1.4 practice scan"
REAL_NOW = datetime(2026, 11, 28, 3, 0)


@dataclass
class Play:
    """One run being played: call services with `act`, each followed by a check of the run."""

    session: Session
    run_id: int
    trainee_id: int | None = None  # the trainee playing (the run's own), None for a run without a profile
    views: list[RunView] = field(default_factory=list)

    def actor(self, role: str) -> Actor:
        """The trainee playing `role`, as the pages hand them to the services."""
        return Actor.trainee(role, self.trainee_id)

    @property
    def sid(self) -> int:
        return get_run(self.session, self.run_id).sandbox_id  # type: ignore[return-value]

    @property
    def now(self) -> datetime:
        return sandbox_now(self.session, self.sid)

    def citizen(self, ref: str) -> int:
        return get_run(self.session, self.run_id).refs["citizens"][ref]

    def dossier(self, ref: str) -> int:
        refs = get_run(self.session, self.run_id).refs
        return refs["dossiers"].get(ref) or refs["bound"][ref]

    def act(self, fn: Callable[..., object], *args: object, **kwargs: object) -> object:
        result = fn(self.session, self.sid, *args, **kwargs)
        self.check()
        return result

    def check(self) -> RunView:
        self.session.flush()
        view = check_run(self.session, self.run_id, REAL_NOW, actor=self.actor("citizen"))
        self.views.append(view)
        return view

    def latest_dossier(self, procedure: str) -> int:
        return self.session.scalar(select(Dossier.id).where(
            Dossier.sandbox_id == self.sid, Dossier.procedure_code == procedure).order_by(Dossier.id.desc()))

    def shipment(self, dossier_ref: str, kind: str) -> int:
        return self.session.scalar(select(Shipment.id).where(
            Shipment.dossier_id == self.dossier(dossier_ref), Shipment.kind == kind))


def _online(p: Play, citizen: str, procedure: str, doc_ids: list[str]) -> int:
    p.act(portal.sign_in_vneid, p.citizen(citizen), actor=p.actor("citizen"), now=p.now)
    dossier = p.act(portal.start_online_dossier, citizen_id=p.citizen(citizen), procedure_code=procedure,
                    actor=p.actor("citizen"), now=p.now)
    for doc_id in doc_ids:
        p.act(docs.upload_document, dossier.id, doc_id=doc_id, filename=f"{doc_id}.pdf", content=PDF,  # type: ignore[attr-defined]
              actor=p.actor("citizen"), now=p.now)
    return dossier.id  # type: ignore[attr-defined]


def citizen_online_level3(p: Play) -> None:
    did = _online(p, "c1", "1.000894", ["marriage_declaration"])
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def citizen_online_level4(p: Play) -> None:
    did = _online(p, "c1", "1.004873", ["marital_status_declaration"])
    p.act(portal.choose_delivery, did, delivery="electronic", actor=p.actor("citizen"), now=p.now)
    p.act(portal.pay_online, did, actor=p.actor("citizen"), now=p.now)
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def citizen_level4_desk_pickup(p: Play) -> None:
    did = _online(p, "c1", "1.004873", ["marital_status_declaration"])
    p.act(portal.pay_online, did, actor=p.actor("citizen"), now=p.now)
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def post_flow(p: Play) -> None:
    pickup = p.shipment("d1", "pickup")
    p.act(post.pick_up, pickup, checked_doc_ids=["marital_status_declaration"], actor=p.actor("postal_worker"),
          now=p.now)
    p.act(post.hand_over_to_desk, pickup, actor=p.actor("postal_worker"), now=p.now)
    p.act(post.deliver_result, p.shipment("d2", "delivery"), actor=p.actor("postal_worker"), now=p.now)


def post_deliver_first(p: Play) -> None:
    p.act(post.deliver_result, p.shipment("d2", "delivery"), actor=p.actor("postal_worker"), now=p.now)


def walk_in(p: Play, procedure: str = "2.000884") -> None:
    dossier = p.act(lifecycle.start_walk_in, citizen_id=p.citizen("c1"), procedure_code=procedure,
                    actor=p.actor("desk_officer"), now=p.now)
    if procedure != "2.000884":
        return
    p.act(lifecycle.digitise_document, dossier.id, doc_id="paper_to_sign", actor=p.actor("desk_officer"), now=p.now)  # type: ignore[attr-defined]
    p.act(lifecycle.collect_fee, dossier.id, actor=p.actor("desk_officer"), now=p.now, paid_by="cash")  # type: ignore[attr-defined]
    p.act(lifecycle.receive_walk_in, dossier.id, actor=p.actor("desk_officer"), now=p.now)  # type: ignore[attr-defined]


def supplement_once(p: Play) -> None:
    p.act(lifecycle.request_supplement, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now,
          missing=["lawful_home_proof"], note="Bổ sung giấy tờ chứng minh chỗ ở hợp pháp")
    p.act(lifecycle.receive_online, p.dossier("d2"), actor=p.actor("desk_officer"), now=p.now)
    p.act(lifecycle.digitise_document, p.dossier("d1"), doc_id="lawful_home_proof", actor=p.actor("desk_officer"),
          now=p.now)
    p.act(lifecycle.submit_supplement, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now)
    p.act(lifecycle.receive_online, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now)


def supplement_not_required(p: Play) -> None:
    p.act(lifecycle.request_supplement, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now,
          missing=["lawful_home_proof", "owner_consent"])


def out_of_scope(p: Play) -> None:
    p.act(lifecycle.refuse, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now,
          reason="Kết hôn có yếu tố nước ngoài thuộc thẩm quyền UBND cấp huyện (Phòng Tư pháp huyện).")


def receive_d1(p: Play) -> None:
    p.act(lifecycle.receive_online, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now)


def refusal(p: Play) -> None:
    p.act(lifecycle.refuse, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now,
          reason="Xin xác nhận thông tin cư trú của người khác mà không có văn bản ủy quyền.")
    p.act(lifecycle.receive_online, p.dossier("d2"), actor=p.actor("desk_officer"), now=p.now)


def refuse_d2(p: Play) -> None:
    p.act(lifecycle.refuse, p.dossier("d2"), actor=p.actor("desk_officer"), now=p.now, reason="Không rõ")


BUNDLE_DOCS = {"1.001193": ["birth_declaration"], "1.004222": ["residence_declaration", "lawful_home_proof"],
               "SB.0012": ["health_insurance_form"]}


def birth_bundle(p: Play) -> None:
    p.act(portal.sign_in_vneid, p.citizen("c1"), actor=p.actor("citizen"), now=p.now)
    bundle = p.act(interconnection.start_bundle, bundle_id="birth_bundle", citizen_id=p.citizen("c1"),
                   actor=p.actor("citizen"), now=p.now)
    parts = interconnection.bundle_parts(p.session, p.session.get(Bundle, bundle.id))  # type: ignore[attr-defined]
    for part in parts:
        for doc_id in BUNDLE_DOCS[part.procedure_code]:
            p.act(docs.upload_document, part.id, doc_id=doc_id, filename=f"{doc_id}.pdf", content=PDF,
                  actor=p.actor("citizen"), now=p.now)
        if part.fee_amount > 0:
            p.act(portal.pay_online, part.id, actor=p.actor("citizen"), now=p.now)
    p.act(interconnection.submit_bundle, bundle.id, actor=p.actor("citizen"),
          now=p.now)  # type: ignore[attr-defined]


def birth_alone(p: Play) -> None:
    did = _online(p, "c1", "1.001193", ["birth_declaration"])
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def transfer(p: Play) -> None:
    p.act(interconnection.transfer_to_linked_agency, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now)
    p.act(lifecycle.return_result, p.dossier("d2"), actor=p.actor("desk_officer"), now=p.now)


def return_first(p: Play) -> None:
    p.act(lifecycle.return_result, p.dossier("d2"), actor=p.actor("desk_officer"), now=p.now)


def processing(p: Play) -> None:
    for role in ("specialist", "office_head"):
        p.act(lifecycle.approve_step, p.dossier("d1"), actor=p.actor(role), now=p.now)
    p.act(lifecycle.sign, p.dossier("d1"), actor=p.actor("leader"), now=p.now)


def payment_again(p: Play) -> None:
    p.act(lifecycle.request_payment, p.dossier("d1"), actor=p.actor("specialist"), now=p.now, amount=5000)


def apology(p: Play) -> None:
    new_date = p.now + timedelta(days=7)
    p.act(lifecycle.issue_apology, p.dossier("d1"), actor=p.actor("specialist"), now=p.now,
          new_appointment_at=new_date,
          reason="Cần xác minh thêm thông tin tại nơi cư trú trước đây.")
    p.act(lifecycle.approve_step, p.dossier("d1"), actor=p.actor("specialist"), now=p.now)


def let_it_go_late(p: Play) -> None:
    advance_clock(p.session, p.sid, working_days=1, now=REAL_NOW)
    p.check()


def withdrawal(p: Play) -> None:
    p.act(portal.request_withdrawal, p.dossier("d1"), actor=p.actor("citizen"), now=p.now,
          reason="Đã chuyển đi nơi khác")


def withdraw_d2(p: Play) -> None:
    p.act(portal.request_withdrawal, p.dossier("d2"), actor=p.actor("citizen"), now=p.now, reason="Nhầm")


def track_and_rate(p: Play) -> None:
    code = p.session.get(Dossier, p.dossier("d1")).code
    portal.track(p.session, p.sid, code, p.now)
    p.act(portal.download_result, p.dossier("d1"), actor=p.actor("citizen"), now=p.now)
    p.act(portal.rate_satisfaction, p.dossier("d1"), score=5, actor=p.actor("citizen"), now=p.now,
          comment="Nhanh, đúng hẹn")


def rate_old(p: Play) -> None:
    p.act(portal.rate_satisfaction, p.dossier("d2"), score=4, actor=p.actor("citizen"), now=p.now)


def help_elderly(p: Play) -> None:
    did = _online(p, "c1", "1.010041", ["residence_confirmation_request"])
    p.act(portal.choose_delivery, did, delivery="electronic", actor=p.actor("citizen"), now=p.now)
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def help_wrong_person(p: Play) -> None:
    from trainer.sandbox.sandboxes import citizens

    other = next(c.id for c in citizens(p.session, p.sid) if c.id != p.citizen("c1"))
    p.act(portal.start_online_dossier, citizen_id=other, procedure_code="1.010041", actor=p.actor("citizen"),
          now=p.now)


def certified_copy_fee(p: Play, amount: int = 28000) -> None:
    p.act(lifecycle.request_payment, p.dossier("d1"), actor=p.actor("specialist"), now=p.now, amount=amount,
          note="Lệ phí chứng thực 2 bản × 12 trang")
    if amount == 28000:
        p.act(lifecycle.confirm_payment, p.dossier("d1"), actor=p.actor("specialist"), now=p.now)


def _papers(p: Play, citizen: str) -> dict[str, dict]:
    from trainer.sandbox.models import StoredDocument

    rows = p.session.scalars(select(StoredDocument).where(StoredDocument.sandbox_id == p.sid,
                                                          StoredDocument.citizen_id == p.citizen(citizen))
                             .order_by(StoredDocument.id))
    return {row.doc_type: dict(row.data or {}) for row in rows}


def _stored(p: Play, citizen: str, doc_type: str) -> int:
    from trainer.sandbox.models import StoredDocument

    return p.session.scalar(select(StoredDocument.id).where(
        StoredDocument.sandbox_id == p.sid, StoredDocument.citizen_id == p.citizen(citizen),
        StoredDocument.doc_type == doc_type).order_by(StoredDocument.id.desc()))


def _filled_online(p: Play, citizen: str, procedure: str, **change: str) -> int:
    """Sign in, start the dossier and save its e-form copied correctly from the citizen's papers (with changes)."""
    from trainer.eforms import for_procedure
    from trainer.eforms.example import fill
    from trainer.sandbox.core import get_citizen

    p.act(portal.sign_in_vneid, p.citizen(citizen), actor=p.actor("citizen"), now=p.now)
    dossier = p.act(portal.start_online_dossier, citizen_id=p.citizen(citizen), procedure_code=procedure,
                    actor=p.actor("citizen"), now=p.now)
    person = get_citizen(p.session, p.sid, p.citizen(citizen))
    values = fill(for_procedure(procedure), requester=person, today=p.now.date(), commune=person.commune_code,
                  papers=_papers(p, citizen))
    p.act(portal.save_form, dossier.id, form={**values, **change}, actor=p.actor("citizen"), now=p.now,  # type: ignore[attr-defined]
          citizen_id=p.citizen(citizen))
    return dossier.id  # type: ignore[attr-defined]


def birth_from_notice(p: Play) -> None:
    did = _filled_online(p, "c1", "1.001193")
    p.act(docs.attach_from_store, did, stored_document_id=_stored(p, "c1", "birth_notice"), doc_id="birth_notice",
          actor=p.actor("citizen"), now=p.now)
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def birth_own_date(p: Play) -> None:
    from trainer.sandbox.core import get_citizen

    born = get_citizen(p.session, p.sid, p.citizen("c1")).date_of_birth.strftime("%d/%m/%Y")
    _filled_online(p, "c1", "1.001193", child_date_of_birth=born)


def help_residence(p: Play) -> None:
    did = _filled_online(p, "c1", "1.004222")
    p.act(docs.attach_from_store, did, stored_document_id=_stored(p, "c1", "lawful_home_proof"),
          doc_id="lawful_home_proof", actor=p.actor("citizen"), now=p.now)
    p.act(portal.pay_online, did, actor=p.actor("citizen"), now=p.now)
    p.act(portal.submit_online, did, actor=p.actor("citizen"), now=p.now)


def residence_wrong_commune(p: Play) -> None:
    from trainer.sandbox.declared import communes

    right = _papers(p, "c1")["lawful_home_proof"]["new_address_unit"]
    wrong = next(code for code, _ in communes(p.session, p.sid) if code != right)
    _filled_online(p, "c1", "1.004222", new_address_unit=wrong)


def point_at_wrong_field(p: Play) -> None:
    p.act(lifecycle.request_supplement, p.dossier("d1"), actor=p.actor("desk_officer"), now=p.now, missing=[],
          wrong_fields=["child_date_of_birth"], note="Ngày sinh của trẻ phải như trên Giấy chứng sinh.")


SOLUTIONS: dict[str, Callable[[Play], None]] = {
    "citizen-birth-from-notice": birth_from_notice,
    "desk-help-residence-form": help_residence,
    "desk-wrong-field": point_at_wrong_field,
    "certified-copy-fee": certified_copy_fee,
    "citizen-online-level3": citizen_online_level3,
    "citizen-online-level4-payment": citizen_online_level4,
    "post-pickup-and-delivery": post_flow,
    "desk-walk-in-receipt": walk_in,
    "desk-supplement-once": supplement_once,
    "desk-out-of-scope": out_of_scope,
    "desk-refusal": refusal,
    "citizen-birth-bundle": birth_bundle,
    "desk-transfer-district": transfer,
    "processing-specialist-leader": processing,
    "late-dossier-apology": apology,
    "citizen-withdrawal": withdrawal,
    "citizen-track-and-rate": track_and_rate,
    "desk-help-elderly-online": help_elderly,
}

FIRST_MISTAKES: dict[str, Callable[[Play], None]] = {
    "citizen-birth-from-notice": birth_own_date,
    "desk-help-residence-form": residence_wrong_commune,
    "desk-wrong-field": receive_d1,
    "certified-copy-fee": lambda p: certified_copy_fee(p, 48000),
    "citizen-online-level3": lambda p: p.act(portal.start_online_dossier, citizen_id=p.citizen("c1"),
                                             procedure_code="SB.0002", actor=p.actor("citizen"), now=p.now),
    "citizen-online-level4-payment": citizen_level4_desk_pickup,
    "post-pickup-and-delivery": post_deliver_first,
    "desk-walk-in-receipt": lambda p: walk_in(p, "SB.0007"),
    "desk-supplement-once": supplement_not_required,
    "desk-out-of-scope": receive_d1,
    "desk-refusal": refuse_d2,
    "citizen-birth-bundle": birth_alone,
    "desk-transfer-district": return_first,
    "processing-specialist-leader": payment_again,
    "late-dossier-apology": let_it_go_late,
    "citizen-withdrawal": withdraw_d2,
    "citizen-track-and-rate": rate_old,
    "desk-help-elderly-online": help_wrong_person,
}

"""Demo recognition dossiers: one in each state for Lai Châu's post-reform communes under xa-ntm-2026.

Invented for the demo (no seed gives a dossier): registered only; self-assessed and being posted;
posted (the posting rule met) and waiting for the survey; under sector appraisal; at the council,
its vote recorded; returned for correction; decided — the last one is a commune the demo already
recognised (`today.py`), whose decision the dossier closes on. Every move goes through
`ntm.recognition.dossiers` as the demo's actor, so each is recorded and audited like a user's; the
documents are one-line PDFs labelled "mẫu", the survey's figures and the council's members are
invented ("Thành viên mẫu"). Bản Bo is left without a dossier (the browser test registers it).
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from ntm.recognition import council, survey
from ntm.recognition import dossiers as flow
from ntm.recognition.models import Decision, Dossier, DossierDocument, Posting

from .accounts import BAN_BO
from .laichau import LaiChau

SET_CODE, YEAR = "xa-ntm-2026", 2026
NOTE = "Hồ sơ mẫu (demo) — không phải hồ sơ thật"
PDF = b"%PDF-1.4\n% ho so mau (demo)\n"
# state -> the step codes completed before it
STATES = {
    "registered": (),
    "posting": ("tu-danh-gia",),
    "survey": ("tu-danh-gia", "cong-khai"),
    "appraisal": ("tu-danh-gia", "cong-khai", "khao-sat", "ho-so"),
    "council": ("tu-danh-gia", "cong-khai", "khao-sat", "ho-so", "tham-dinh"),
    "returned": ("tu-danh-gia", "cong-khai", "khao-sat", "ho-so"),
    "decided": ("tu-danh-gia", "cong-khai", "khao-sat", "ho-so", "tham-dinh", "hoi-dong"),
}


def load_demo_dossiers(actor: str) -> int:
    """Create the demo dossiers not there yet; returns how many were created."""
    lc = LaiChau.load()
    recognised = {
        d.unit_id: d
        for d in Decision.objects.filter(unit__in=lc.new_communes.values(), set_code=SET_CODE, is_demo=True)
    }
    others = [u for code, u in sorted(lc.new_communes.items()) if code != BAN_BO and u.pk not in recognised]
    units = dict(zip([s for s in STATES if s != "decided"], others, strict=False))
    if recognised:
        units["decided"] = next(u for u in lc.new_communes.values() if u.pk == min(recognised))
    created = 0
    for state, unit in units.items():
        if Dossier.objects.filter(unit=unit, set_code=SET_CODE, year=YEAR).exists():
            continue
        _build(actor, unit, state, recognised.get(unit.pk))
        created += 1
    return created


def _build(actor: str, unit, state: str, decision: Decision | None) -> None:
    dossier = flow.register(actor=actor, unit=unit, set_code=SET_CODE, year=YEAR, note=NOTE, is_demo=True)
    today = timezone.localdate()
    for code in STATES[state]:
        step = dossier.step
        assert step is not None  # an open dossier is on a step
        for document in step.documents:
            _document(actor, dossier, document["code"])
        data: dict = {}
        if step.rule.get("kind") == "posting":
            _posted(actor, dossier, today)
        elif step.rule.get("kind") == "coverage":
            _surveyed(actor, dossier)
        elif step.rule.get("kind") == "signoff":
            for criterion in flow.criterion_sectors(SET_CODE):
                flow.sign_off(actor=actor, dossier=dossier, criterion_code=criterion, agree=True, reason=NOTE)
        elif step.rule.get("kind") == "vote":
            _voted(actor, dossier)
        assert step.code == code, (step.code, code)
        dossier = flow.advance(actor=actor, dossier=dossier, note=NOTE, data=data)
    if state == "posting":
        flow.add_posting(
            actor=actor, dossier=dossier, kind=Posting.Kind.POSTED, date=today, place="Nhà văn hoá xã"
        )
    if state == "appraisal":
        for criterion in list(flow.criterion_sectors(SET_CODE))[:3]:
            flow.sign_off(actor=actor, dossier=dossier, criterion_code=criterion, agree=True, reason=NOTE)
    if state == "council":
        _document(actor, dossier, "bien-ban-hoi-dong")
        _voted(actor, dossier)
    if state == "returned":
        flow.send_back(
            actor=actor,
            dossier=dossier,
            comment="Hồ sơ mẫu: bổ sung biên bản họp đề nghị xét công nhận có chữ ký đầy đủ.",
        )
    if state == "decided" and decision is not None:
        flow.close_on(actor=actor, dossier=dossier, decision=decision, note=NOTE)


def _surveyed(actor: str, dossier: Dossier) -> None:
    """The Front surveyed 812 of 1,050 households; 86–95% satisfied, content by content."""
    unit = dossier.unit
    satisfied = {
        code: int(812 * (95 - 2 * (n % 5)) / 100)
        for n, (code, _name) in enumerate(survey.contents(dossier, unit))
    }
    survey.record(actor=actor, dossier=dossier, unit=unit, households=1050, surveyed=812, satisfied=satisfied)


def _voted(actor: str, dossier: Dossier) -> None:
    """Nine members of an invented council (labelled "mẫu"): eight agree, one abstains."""
    members = [{"name": f"Thành viên mẫu {n}", "vote": "for"} for n in range(1, 9)]
    members.append({"name": "Thành viên mẫu 9", "vote": "abstain"})
    council.record_vote(actor=actor, dossier=dossier, met_on=timezone.localdate(), members=members)


def _posted(actor: str, dossier: Dossier, today: datetime.date) -> None:
    """Posted 20 days ago at two places, broadcast five times within the 15 days."""
    start = today - datetime.timedelta(days=20)
    for place in ("Trụ sở UBND xã", "Nhà văn hoá các thôn"):
        flow.add_posting(actor=actor, dossier=dossier, kind=Posting.Kind.POSTED, date=start, place=place)
    for n in range(5):
        flow.add_posting(
            actor=actor,
            dossier=dossier,
            kind=Posting.Kind.BROADCAST,
            date=start + datetime.timedelta(days=2 * n + 1),
            place="Đài truyền thanh xã",
        )


def _document(actor: str, dossier: Dossier, code: str) -> None:
    """A one-line demo PDF (the demo load runs in one transaction: no durable upload of its own)."""
    files = DossierDocument._meta.get_field("file").storage
    name = files.save(f"dossiers/demo/{dossier.pk}-{code}.pdf", ContentFile(PDF))
    DossierDocument.objects.create(
        dossier=dossier,
        code=code,
        file=name,
        original_name=f"{code}-mau.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    flow.log_event(actor, dossier, "document", data={"code": code, "name": f"{code}-mau.pdf"})

"""The recognition procedures as data: ordered steps per standard and period, each with its actor,
required documents and rule, its `verified` flag and its source.

Shipped for QĐ 18/2022/QĐ-TTg as amended by QĐ 03/2024/QĐ-TTg (DOMAIN §3, legal review 2026-12
§2.6). The "5 broadcasts within 15 days" posting rule and the survey coverage are written in
DOMAIN §3 but were not read against the decision's text: they ship `verified: False`. The
2026–2030 procedure is not confirmed (after 1 July 2025 the district steps have no actor): it
ships with every step unverified, and national administrators edit it in the application.

`seed()` writes the procedures that are not in the database yet (by code) and never overwrites a
procedure already there, so an administrator's edits survive every migration and demo load.
"""

from django.db import transaction

SOURCE = "QĐ 18/2022/QĐ-TTg, sửa đổi bởi QĐ 03/2024/QĐ-TTg"
SOURCE_2026 = "Chưa có văn bản xác nhận trình tự giai đoạn 2026–2030 (tạm theo QĐ 18/2022/QĐ-TTg)"

# Actors: who performs a step (the role that moves it is in ntm.accounts.permissions).
COMMUNE, DISTRICT, PROVINCE, FRONT, SECTORS, COUNCIL, CHAIRMAN = (
    "commune",
    "district",
    "province",
    "front",
    "sectors",
    "council",
    "chairman",
)

# Rule kinds: what must hold before a step may be completed.
POSTING = {"kind": "posting", "min_broadcasts": 5, "within_days": 15}
COVERAGE_COMMUNE = {"kind": "coverage", "min_pct": 70}
COVERAGE_DISTRICT = {"kind": "coverage", "min_pct": 60}
SIGNOFF = {"kind": "signoff"}
DECISION = {"kind": "decision"}
SELF_ASSESSMENT = {"kind": "self_assessment"}
# The council passes the dossier when more than `over_pct` % of the members voting agree: the usual
# majority rule of a council, not read in QĐ 18/2022 (the step ships unverified).
VOTE = {"kind": "vote", "over_pct": 50}
VOTE_SOURCE = "biểu quyết quá bán: quy chế thông thường của hội đồng, chưa đối chiếu văn bản"


def _step(code, name, actor, *, documents=(), rule=None, verified=True, source=SOURCE):
    return {
        "code": code,
        "name": name,
        "actor": actor,
        "documents": [{"code": c, "name": n} for c, n in documents],
        "rule": rule or {},
        "verified": verified,
        "source": source,
    }


def _commune_steps(*, with_district: bool, verified: bool, source: str) -> list[dict]:
    steps = [
        _step(
            "tu-danh-gia",
            "Tự đánh giá, lập báo cáo kết quả thực hiện các tiêu chí",
            COMMUNE,
            rule=SELF_ASSESSMENT,
            verified=verified,
            source=source,
        ),
        _step(
            "cong-khai",
            "Công khai báo cáo, gửi Mặt trận Tổ quốc và các tổ chức chính trị – xã hội lấy ý kiến",
            COMMUNE,
            documents=[
                ("y-kien-mttq", "Ý kiến tham gia của Mặt trận Tổ quốc và các tổ chức chính trị – xã hội")
            ],
            rule=POSTING,
            verified=False,
            source=f"{source}; quy tắc “ít nhất 5 lần trong 15 ngày” theo DOMAIN §3, chưa đối chiếu văn bản",
        ),
        _step(
            "khao-sat",
            "Mặt trận Tổ quốc lấy ý kiến sự hài lòng của người dân",
            FRONT,
            documents=[("ket-qua-hai-long", "Kết quả lấy ý kiến sự hài lòng của người dân")],
            rule=COVERAGE_COMMUNE,
            verified=False,
            source=f"{source}; tỷ lệ hộ được lấy ý kiến ≥ 70% theo DOMAIN §3, chưa đối chiếu văn bản",
        ),
        _step(
            "ho-so",
            "Hoàn thiện hồ sơ đề nghị xét công nhận",
            COMMUNE,
            documents=[
                ("to-trinh", "Tờ trình đề nghị xét, công nhận"),
                ("bien-ban-xa", "Biên bản cuộc họp đề nghị xét, công nhận"),
            ],
            verified=verified,
            source=source,
        ),
    ]
    if with_district:
        steps.append(
            _step(
                "tham-tra",
                "UBND huyện thẩm tra hồ sơ, mức độ đạt chuẩn",
                DISTRICT,
                documents=[("bao-cao-tham-tra", "Báo cáo thẩm tra của UBND huyện")],
                verified=verified,
                source=source,
            )
        )
    steps += [
        _step(
            "tham-dinh",
            "Các sở, ngành thẩm định tiêu chí thuộc lĩnh vực phụ trách",
            SECTORS,
            rule=SIGNOFF,
            verified=verified,
            source=source,
        ),
        _step(
            "hoi-dong",
            "Hội đồng thẩm định tỉnh họp, biểu quyết",
            COUNCIL,
            documents=[("bien-ban-hoi-dong", "Biên bản họp Hội đồng thẩm định")],
            rule=VOTE,
            verified=False,
            source=f"{source}; {VOTE_SOURCE}",
        ),
        _step(
            "quyet-dinh",
            "Chủ tịch UBND tỉnh quyết định công nhận",
            CHAIRMAN,
            rule=DECISION,
            verified=verified,
            source=source,
        ),
    ]
    return steps


PROCEDURES: list[dict] = [
    {
        "code": "xa-2021",
        "name": "Xét, công nhận xã đạt chuẩn NTM, NTM nâng cao, NTM kiểu mẫu (2021–2025)",
        "set_codes": ["xa-ntm-2021", "xa-ntm-nang-cao-2021", "xa-ntm-kieu-mau-2021"],
        "verified": True,
        "source": SOURCE,
        "steps": _commune_steps(with_district=True, verified=True, source=SOURCE),
    },
    {
        "code": "xa-2026",
        "name": "Xét, công nhận xã đạt chuẩn nông thôn mới (2026–2030)",
        "set_codes": ["xa-ntm-2026", "xa-ntm-hien-dai-2026"],
        "verified": False,
        "source": SOURCE_2026,
        "steps": _commune_steps(with_district=False, verified=False, source=SOURCE_2026),
    },
    {
        "code": "huyen-2021",
        "name": "Xét, công nhận huyện đạt chuẩn nông thôn mới (2021–2025)",
        "set_codes": ["huyen-ntm-2021", "huyen-ntm-nang-cao-2021"],
        "verified": True,
        "source": SOURCE,
        "steps": [
            _step("tu-danh-gia", "UBND huyện tự đánh giá, lập báo cáo", DISTRICT, rule=SELF_ASSESSMENT),
            _step(
                "cong-khai",
                "Công khai báo cáo, lấy ý kiến",
                DISTRICT,
                rule=POSTING,
                verified=False,
                source=f"{SOURCE}; quy tắc công khai theo DOMAIN §3, chưa đối chiếu văn bản",
            ),
            _step(
                "khao-sat",
                "Mặt trận Tổ quốc lấy ý kiến sự hài lòng của người dân",
                FRONT,
                documents=[("ket-qua-hai-long", "Kết quả lấy ý kiến sự hài lòng của người dân")],
                rule=COVERAGE_DISTRICT,
                verified=False,
                source=f"{SOURCE}; tỷ lệ hộ được lấy ý kiến ≥ 60% theo DOMAIN §3, chưa đối chiếu văn bản",
            ),
            _step("tham-dinh", "Các sở, ngành thẩm định tiêu chí", SECTORS, rule=SIGNOFF),
            _step(
                "hoi-dong",
                "UBND tỉnh thẩm tra, đề nghị",
                PROVINCE,
                documents=[("bao-cao-tham-tra", "Báo cáo thẩm tra của UBND tỉnh")],
            ),
            _step("quyet-dinh", "Thủ tướng Chính phủ quyết định công nhận", CHAIRMAN, rule=DECISION),
        ],
    },
    {
        "code": "thon",
        "name": "Xét, công nhận thôn đạt chuẩn nông thôn mới (theo quy định của tỉnh)",
        "set_codes": ["thon-ntm-lai-chau-2023"],
        "verified": False,
        "source": "Quy định của UBND tỉnh (chưa đối chiếu văn bản)",
        "steps": [
            _step(
                "tu-danh-gia",
                "Thôn tự đánh giá, lập báo cáo",
                COMMUNE,
                rule=SELF_ASSESSMENT,
                verified=False,
                source="Quy định của UBND tỉnh (chưa đối chiếu văn bản)",
            ),
            _step(
                "quyet-dinh",
                "Chủ tịch UBND cấp có thẩm quyền quyết định công nhận",
                CHAIRMAN,
                rule=DECISION,
                verified=False,
                source="Quy định của UBND tỉnh (chưa đối chiếu văn bản)",
            ),
        ],
    },
]


@transaction.atomic
def seed(actor: str = "ntm procedures seed") -> int:
    """Write the shipped procedures missing from the database; returns how many were added."""
    from ntm.audit import services as audit

    from .models import Procedure, ProcedureStep

    added = 0
    for spec in PROCEDURES:
        if Procedure.objects.filter(code=spec["code"]).exists():
            continue
        procedure = Procedure.objects.create(
            code=spec["code"],
            name=spec["name"],
            set_codes=spec["set_codes"],
            verified=spec["verified"],
            source=spec["source"],
        )
        ProcedureStep.objects.bulk_create(
            ProcedureStep(procedure=procedure, order=n, **step) for n, step in enumerate(spec["steps"], 1)
        )
        audit.record(actor=actor, action="procedure.seed", obj=procedure, new={"steps": len(spec["steps"])})
        added += 1
    return added


class ProcedureLocked(ValueError):
    """The step belongs to a procedure confirmed against its decision: it is not edited here."""


# the numbers of a rule an administrator sets
RULE_NUMBERS = ("min_broadcasts", "within_days", "min_pct", "over_pct")


@transaction.atomic
def edit_step(
    *,
    actor,
    step,
    name: str,
    actor_code: str,
    documents: list[dict],
    numbers: dict,
    verified: bool,
    source: str,
    reason: str,
):
    """Change a step of an unconfirmed procedure (2026–2030), audited with the old and new step."""
    from ntm.accounts.permissions import is_admin
    from ntm.audit import services as audit

    if not is_admin(actor):
        raise PermissionError("administrators only")
    if step.procedure.verified:
        raise ProcedureLocked("Trình tự này đã được xác nhận theo văn bản; không sửa tại đây.")
    fields = ("name", "actor", "documents", "rule", "verified", "source")
    old = {f: getattr(step, f) for f in fields}
    rule = dict(step.rule)
    rule.update({k: v for k, v in numbers.items() if k in rule and v is not None})
    step.name, step.actor, step.documents, step.rule = name, actor_code, documents, rule
    step.verified, step.source = verified, source
    step.save(update_fields=list(fields))
    audit.record(
        actor=actor,
        action="procedure.step_edit",
        obj=step,
        label=f"{step.procedure.code} · {step.order}. {name}",
        old=old,
        new={f: getattr(step, f) for f in fields},
        reason=reason,
    )
    return step

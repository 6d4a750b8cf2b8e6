"""Checks on a target's fields for its kind, before anything is written. Messages are for users."""

from decimal import Decimal

from ntm.indicators.engine import catalog
from ntm.indicators.rollups import COUNTED_KINDS

from .models import Basis, CountMode, Programme, Target

K = Target.Kind
CRITERIA_KINDS = {K.UNITS_AT_STANDARD, K.AVERAGE_CRITERIA, K.UNIT_CRITERIA, K.CRITERION_COVERAGE}
FIELDS = (
    "kind",
    "section",
    "order",
    "label",
    "set_code",
    "criteria",
    "subject",
    "target_value",
    "denominator",
    "unit_of_measure",
    "direction",
    "basis",
    "count_mode",
    "metric",
    "note",
    "parent",
    "programme_target",
)


class TargetInvalid(ValueError):
    """`errors` maps a field name (or "__all__") to the message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def _whole(value) -> bool:
    return value is not None and Decimal(value) == Decimal(value).to_integral_value() and value >= 0


def check_target(plan, fields: dict, units: list) -> dict[str, str]:
    """Errors of a target about to be written to `plan` (an annual plan or a programme): `fields` as
    in FIELDS, `units` as (unit, count) pairs."""
    errors: dict[str, str] = {}
    kind = fields.get("kind")
    if kind not in K.values:
        return {"kind": "Loại chỉ tiêu không hợp lệ."}
    if not (fields.get("label") or "").strip():
        errors["label"] = "Cần ghi nội dung chỉ tiêu như trong kế hoạch."
    parent = fields.get("parent")
    if parent is not None and parent.owner != plan:
        errors["parent"] = "Chỉ tiêu cha phải thuộc cùng kế hoạch."
    rolls_up = fields.get("programme_target")
    if rolls_up is not None and (
        getattr(plan, "programme_id", None) is None or rolls_up.programme_id != plan.programme_id
    ):
        errors["programme_target"] = "Chỉ tiêu chỉ cộng vào chương trình mà kế hoạch thuộc về."
    cset = None
    if kind not in (K.MEASURE, K.MILESTONE):
        code = fields.get("set_code") or ""
        if code not in catalog().sets:
            errors["set_code"] = f"Không có bộ tiêu chí “{code}”." if code else "Cần chọn bộ tiêu chí."
        else:
            cset = catalog().get(code)
    value = fields.get("target_value")
    for unit, _count in units:
        if not unit.path.startswith(plan.unit.path):
            errors["units"] = f"{unit.name} không thuộc {plan.unit.name}."
    if cset is not None:
        _check_criteria_kind(kind, cset, plan, fields, units, errors)
    if kind == K.MEASURE:
        if value is None and not isinstance(plan, Programme):  # a programme may follow a figure only
            errors["target_value"] = "Cần ghi số chỉ tiêu."
        if not (fields.get("unit_of_measure") or "").strip():
            errors["unit_of_measure"] = "Cần ghi đơn vị tính (ha, tấn, người, %…)."
        if fields.get("metric") not in Target.Metric.values:
            errors["metric"] = "Nguồn số thực hiện không hợp lệ."
    return errors


def _check_criteria_kind(kind, cset, plan, fields, units, errors) -> None:
    value = fields.get("target_value")
    total = len(cset.criteria)
    codes = [str(c).strip() for c in fields.get("criteria") or [] if str(c).strip()]
    for code in codes:
        criterion = code.split(".")[0]
        if criterion not in {c.code for c in cset.criteria}:
            errors["criteria"] = f"Bộ {cset.code} không có tiêu chí {criterion}."
    level_kinds = COUNTED_KINDS[cset.level]
    if kind in (K.UNITS_AT_STANDARD, K.CRITERION_COVERAGE, K.VILLAGES_BY_COMMUNE) and not _whole(value):
        errors["target_value"] = "Chỉ tiêu phải là số đơn vị (số nguyên không âm)."
    if kind in (K.UNITS_AT_STANDARD, K.VILLAGES_BY_COMMUNE) and fields.get("basis") not in Basis.values:
        errors["basis"] = "Cần chọn căn cứ tính: theo số liệu đánh giá hay theo quyết định công nhận."
    if kind == K.UNITS_AT_STANDARD:
        if fields.get("count_mode") not in CountMode.values:
            errors["count_mode"] = "Cần chọn cách đếm (đạt mới, lũy kế hay duy trì)."
        for unit, _count in units:
            if unit.kind not in level_kinds:
                errors["units"] = f"{unit.name} không phải loại đơn vị mà bộ {cset.code} đánh giá."
        if _whole(value) and len(units) > value:
            errors["units"] = "Số đơn vị được nêu tên nhiều hơn chỉ tiêu."
    elif kind == K.AVERAGE_CRITERIA:
        if value is None or not 0 <= value <= total:
            errors["target_value"] = f"Bình quân phải từ 0 đến {total} tiêu chí."
    elif kind == K.UNIT_CRITERIA:
        subject = fields.get("subject")
        if subject is None:
            errors["subject"] = "Cần chọn đơn vị được giao chỉ tiêu."
        elif not subject.path.startswith(plan.unit.path):
            errors["subject"] = f"{subject.name} không thuộc {plan.unit.name}."
        elif subject.kind not in level_kinds:
            errors["subject"] = f"{subject.name} không phải loại đơn vị mà bộ {cset.code} đánh giá."
        if value is not None and not (_whole(value) and value <= total):
            errors["target_value"] = f"Số tiêu chí phải là số nguyên từ 0 đến {total}."
        if value is None and not codes:
            errors["criteria"] = "Cần ghi số tiêu chí phấn đấu đạt hoặc các tiêu chí cụ thể."
    elif kind == K.CRITERION_COVERAGE:
        if len(codes) != 1:
            errors["criteria"] = "Chỉ tiêu độ phủ nói về đúng một tiêu chí."
        denominator = fields.get("denominator")
        if denominator is not None and _whole(value) and value > denominator:
            errors["denominator"] = "Tổng số đơn vị phải không nhỏ hơn chỉ tiêu."
    elif kind == K.VILLAGES_BY_COMMUNE:
        if cset.level != "village":
            errors["set_code"] = "Chỉ tiêu thôn, bản theo xã cần bộ tiêu chí thôn, bản."
        if not units or any(count is None for _unit, count in units):
            errors["units"] = "Cần ghi từng xã và số thôn, bản của xã."
        elif _whole(value) and sum(count for _unit, count in units) != value:
            errors["units"] = (
                f"Tổng số thôn, bản của các xã ({sum(c for _u, c in units)}) khác chỉ tiêu ({value:g})."
            )
        for unit, _count in units:
            if unit.kind not in COUNTED_KINDS["commune"]:
                errors["units"] = f"{unit.name} không phải là xã."

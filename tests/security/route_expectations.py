"""The route × role table: what every route of the project must allow and refuse, per role.

Add a new route to EXPECTATIONS, keyed by its name ("namespace:name"), as a tuple of Checks; the
policies are in route_policies.py, the sample URL kwargs in route_samples.py. See the docstring of
test_route_roles.py.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from route_policies import (
    SET,
    UNIT,
    YEAR,
    admin_only,
    edit,
    edit_any,
    importer,
    job_action,
    job_confirm,
    job_owner,
    national,
    plan_editor,
    province_office,
    public,
    report_requester,
    round_reviewer,
    round_submitter,
    signed_in,
    signs_off,
    staff_but_disabled,
    staff_only,
    unit_data_editor,
    view_district_plans,
    view_plans,
    view_unit,
    view_unit_above_commune,
    village_editor,
)
from route_walker import Route

from ntm.accounts.models import User
from ntm.indicators.models import CriterionStatus, IndicatorValue
from ntm.indicators.services import ValueChange, save_values


@dataclass(frozen=True)
class Check:
    policy: Callable
    method: str = "get"
    scoped: bool = False  # request with the role's in-scope and out-of-scope sample
    sample: str = "unit"  # "unit" (a commune) or "parent" (the unit a role reports on)
    query: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # URL kwargs sample_kwarg doesn't fit: value or f(sample)
    body: dict | Callable | None = None  # JSON (API) or form data; or f(unit) -> dict
    ok: frozenset = frozenset()  # statuses that count as allowed; empty: any non-refusal below 500
    refusals: frozenset = frozenset()  # statuses that also mean "refused" (e.g. 404 "not yours")
    refusal_page: str | None = None  # a redirect to this URL name also means "refused"
    setup: Callable | None = None  # f(unit) before the request
    label: str = ""


def _assessed(unit):
    """Give the unit a stored assessment, so an allowed read is a 200 and not "nothing yet"."""
    save_values(
        actor="tests",
        unit=unit,
        set_code=SET,
        year=YEAR,
        changes=[ValueChange("3.1", 81)],
        reason="kiểm thử",
        check_versions=False,
    )


def value_change(code: str, value):
    """A save of one value at its current version (the demo may hold one already), with a reason."""

    def body(unit):
        current = IndicatorValue.objects.filter(
            unit=unit, set_code=SET, indicator_code=code, period=str(YEAR), disaggregation="", is_current=True
        ).first()
        version = current.version if current else 0
        return {
            "changes": [{"code": code, "value": value, "expected_version": version}],
            "reason": "kiểm thử",
        }

    return body


def status_change(code: str, met: bool):
    """A recorded status of one criterion at its current version, with a reason."""

    def body(unit):
        current = CriterionStatus.objects.filter(
            unit=unit, set_code=SET, criterion_code=code, year=YEAR, is_current=True
        ).first()
        return {
            "statuses": {code: met},
            "versions": {code: current.version if current else 0},
            "reason": "kiểm thử",
        }

    return body


def _publish_job():
    """A re-evaluation job of the national set's first version (only its editors may follow it)."""
    from ntm.criteria.models import PublishJob, Version

    version = Version.objects.get(document__code=SET, number=1)
    return PublishJob.objects.get_or_create(version=version, defaults={"status": "done"})[0]


API_200 = frozenset({200})
STATUS_CRIT2 = status_change("2", True)
STATUS_CRIT1 = status_change("1", True)
VALUE_CRIT2 = value_change("2.1", 99.5)
VALUE_CRIT1 = value_change("1.1", "có")
DATA_SCOPE = {"set_code": SET, "year": YEAR, "parent": UNIT}
NOT_YOURS = frozenset({404})  # import jobs of other users answer 404, not a hint that they exist
PDF = b"%PDF-1.4\n% kiem thu\n"


def evidence_upload(unit):
    return {
        "set": SET,
        "indicator": "2.1",
        "note": "kiểm thử",
        "file": SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
    }


def dossier_upload(unit):
    return {
        "code": "y-kien-mttq",
        "file": SimpleUploadedFile("y-kien.pdf", PDF, content_type="application/pdf"),
    }


def _dossier_at(sample, step: str) -> int:
    from route_samples import dossier_of

    return dossier_of(sample.unit, step).pk


def _posted_dossier(sample) -> int:
    """A dossier of the unit on its posting step, posted today: public, open for opinions."""
    from route_samples import dossier_of

    from ntm.recognition.models import Posting

    dossier = dossier_of(sample.unit, "cong-khai")
    Posting.objects.create(
        dossier=dossier, kind=Posting.Kind.POSTED, date=datetime.date.today(), place="UBND xã"
    )
    return dossier.pk


def _ocop_product(unit):
    from ntm.ocop.models import Producer, Product

    producer = Producer.objects.create(name="HTX kiểm thử", kind=Producer.Kind.COOPERATIVE, unit=unit)
    return Product.objects.create(
        name="Chè kiểm thử", group=Product._meta.get_field("group").choices[0][0], producer=producer
    )


def _ocop_producer(unit):
    from ntm.ocop.models import Producer

    return Producer.objects.create(name="HTX kiểm thử", kind=Producer.Kind.COOPERATIVE, unit=unit)


def _district_plan(sample):
    """The plan of the sample commune's district (route_samples.plan_of: made on the fly)."""
    from route_samples import plan_of

    return plan_of(sample.unit.parent).pk


def _district(sample):
    return sample.unit.parent.pk


OF_UNIT = {"unit": UNIT}


def _round(state: str):
    """A quarterly round of the sample unit in `state` (a submitted one with its frozen file)."""

    def make(sample):
        from route_samples import round_of

        return round_of(sample.unit, state).pk

    make.__name__ = f"_round({state})"
    return make


def _submitted_round(unit):
    from route_samples import round_of

    return {"round": round_of(unit, "submitted").pk}


def _plan_reads(*checks: Check) -> tuple[Check, ...]:
    """A page of a commune's plan (or its money), and the same page of the district's plan."""
    return (
        Check(view_plans, scoped=True),
        Check(view_district_plans, scoped=True, kwargs={"pk": _district_plan}, label="the district's plan"),
        *checks,
    )


def _plan_edits(**kwargs) -> tuple[Check, ...]:
    """A form of plans or money: shown and posted (empty: the form again) to plan editors only."""
    return (
        Check(plan_editor, scoped=True, **kwargs),
        Check(plan_editor, "post", scoped=True, body={}, label="post the form", **kwargs),
    )


def _scoped_page() -> tuple[Check, ...]:
    """A page of a unit's plans or money: ?unit= (read rule), or the user's home unit."""
    return (
        Check(signed_in, label="home unit"),
        Check(view_plans, scoped=True, query=OF_UNIT, label="?unit="),
    )


EXPECTATIONS: dict[str, tuple[Check, ...]] = {
    # -- web shell
    "home": (Check(signed_in),),
    "login": (Check(public),),
    "logout": (Check(public, "post"),),
    "set_language": (Check(public, "post", body={"language": "vi"}),),
    "unit_browser": (Check(signed_in),),
    "unit_search": (Check(signed_in, query={"q": "ban bo"}),),
    # Unit pages are reference data (names, codes, lineage; no indicator data): any signed-in user.
    "unit_detail": (Check(signed_in, scoped=True),),
    "unit_decisions": (
        Check(view_unit, scoped=True),
        Check(province_office, "post", scoped=True, body={}, label="record a decision"),
    ),
    "unit_upkeep": (Check(view_unit, scoped=True, query={"year": 2024}),),
    # Recognition dossiers: the unit's own office works the first steps, the level above appraises
    "unit_dossiers": (
        Check(view_unit, scoped=True),
        Check(unit_data_editor, "post", scoped=True, body={}, label="register: the form again"),
    ),
    "commune_villages": (
        Check(view_unit, scoped=True),
        Check(village_editor, "post", scoped=True, body={}, label="add a village: the form again"),
    ),
    "village_edit": (
        Check(village_editor, scoped=True),
        Check(village_editor, "post", scoped=True, body={}, label="the form again"),
    ),
    "dossier_detail": (Check(view_unit, scoped=True),),
    "dossier_document": (Check(view_unit, scoped=True),),
    "dossier_advance": (Check(unit_data_editor, "post", scoped=True, body={}, label="self-assessment step"),),
    "dossier_return": (
        Check(
            province_office,
            "post",
            scoped=True,
            body={"comment": "kiểm thử"},
            kwargs={"pk": lambda sample: _dossier_at(sample, "hoi-dong")},
            label="the council returns it",
        ),
    ),
    "dossier_upload": (
        Check(unit_data_editor, "post", scoped=True, body=dossier_upload, label="a document"),
    ),
    "dossier_posting": (Check(unit_data_editor, "post", scoped=True, body={}, label="the form again"),),
    "dossier_opinion": (Check(unit_data_editor, "post", scoped=True, body={}, label="the form again"),),
    "dossier_signoff": (
        Check(
            signs_off,
            "post",
            scoped=True,
            body={"criterion": "2", "agree": "yes"},
            kwargs={"pk": lambda sample: _dossier_at(sample, "tham-dinh")},
            label="criterion 2 agreed",
        ),
    ),
    "dossier_survey": (
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            body={},
            kwargs={"pk": lambda sample: _dossier_at(sample, "khao-sat")},
            label="the survey form again",
        ),
    ),
    "dossier_vote": (
        Check(
            province_office,
            "post",
            scoped=True,
            body={},
            kwargs={"pk": lambda sample: _dossier_at(sample, "hoi-dong")},
            label="the vote form again",
        ),
    ),
    # The transparency page: open to anyone, a published dossier and its opinion form
    "public_index": (Check(public),),
    "public_dossier": (
        Check(public, kwargs={"pk": _posted_dossier}),
        Check(
            public,
            "post",
            body={"sender": "", "content": "Ý kiến kiểm thử"},
            kwargs={"pk": _posted_dossier},
            label="an opinion",
        ),
    ),
    "procedure_list": (Check(signed_in),),
    "procedure_step_edit": (Check(admin_only),),
    "unit_classification": (
        Check(province_office, scoped=True),
        Check(province_office, "post", scoped=True, body={}, label="save the classification"),
    ),
    "my_dashboard": (Check(signed_in),),
    "dashboard": (Check(view_unit_above_commune, scoped=True, sample="parent"),),
    "province_completion": (Check(view_unit_above_commune, scoped=True, sample="parent"),),
    "ward_origins": (
        Check(province_office, "post", scoped=True, sample="parent", body={}, label="set ward origins"),
    ),
    "matrix": (Check(view_unit, scoped=True),),
    "trend": (Check(view_unit, scoped=True),),
    "national_matrix": (Check(national),),
    "national_trend": (Check(national),),
    "data_entry": (
        Check(view_unit, scoped=True),
        Check(edit_any, "post", scoped=True, body={"set": SET}, label="save the form"),
    ),
    "entry_preview": (Check(view_unit, "post", scoped=True, body={"set": SET}),),
    "entry_history": (Check(view_unit, scoped=True),),
    "upload_evidence": (
        Check(edit("2"), "post", scoped=True, body=evidence_upload, label="evidence for 2.1"),
    ),
    "download_evidence": (Check(view_unit, scoped=True),),
    "ocop_list": (Check(signed_in), Check(view_unit, scoped=True, query={"unit": UNIT}, label="of a unit")),
    "ocop_producer_new": (
        Check(unit_data_editor, scoped=True, query={"unit": UNIT}),
        Check(unit_data_editor, "post", scoped=True, query={"unit": UNIT}, body={}, label="the form again"),
    ),
    "ocop_producer": (
        Check(view_unit, scoped=True, kwargs={"pk": lambda sample: _ocop_producer(sample.unit).pk}),
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            kwargs={"pk": lambda sample: _ocop_producer(sample.unit).pk},
            body={"action": "producer"},
            label="edit the producer: the form again",
        ),
    ),
    "ocop_product_edit": (
        Check(unit_data_editor, scoped=True, kwargs={"pk": lambda sample: _ocop_product(sample.unit).pk}),
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            kwargs={"pk": lambda sample: _ocop_product(sample.unit).pk},
            body={},
            label="the form again",
        ),
    ),
    "ocop_product": (
        Check(view_unit, scoped=True, kwargs={"pk": lambda sample: _ocop_product(sample.unit).pk}),
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            kwargs={"pk": lambda sample: _ocop_product(sample.unit).pk},
            body={},
            label="record a rating",
        ),
    ),
    "catalog_list": (Check(signed_in),),
    "catalog_detail": (
        Check(signed_in, kwargs={"code": SET}),
        Check(admin_only, "post", kwargs={"code": SET}, body={}, label="threshold correction"),
    ),
    "criteria_versions": (Check(signed_in, kwargs={"code": SET}),),
    "criteria_draft_new": (
        Check(admin_only, "post", kwargs={"code": SET}, body={"reason": "kiểm thử"}, label="new draft"),
    ),
    "criteria_version": (
        Check(signed_in, kwargs={"code": SET, "number": 1}),
        Check(admin_only, "post", kwargs={"code": SET, "number": 1}, body={}, label="edit a version"),
    ),
    "criteria_upload": (
        Check(admin_only, kwargs={"code": SET}),
        Check(admin_only, "post", kwargs={"code": SET}, body={}, label="check a workbook"),
    ),
    "criteria_download": (Check(signed_in, kwargs={"code": SET, "number": 1}),),
    "criteria_job": (Check(admin_only, kwargs={"pk": lambda sample: _publish_job().pk}, refusals=NOT_YOURS),),
    "audit_log": (Check(admin_only),),
    # -- import / export (/data/)
    "dataio:index": (Check(signed_in),),
    "dataio:template": (
        Check(importer, scoped=True, sample="parent", query=DATA_SCOPE, refusal_page="dataio:index"),
    ),
    "dataio:export": (
        Check(
            view_unit,
            scoped=True,
            sample="parent",
            refusal_page="dataio:index",
            query={**DATA_SCOPE, "what": "values", "fmt": "csv"},
        ),
    ),
    "dataio:upload": (Check(importer, "post", body={}, label="no file: the form again"),),
    "dataio:job": (Check(job_owner, scoped=True, refusals=NOT_YOURS),),
    "dataio:job_status": (Check(job_owner, scoped=True, refusals=NOT_YOURS),),
    "dataio:job_confirm": (Check(job_confirm, "post", scoped=True, refusals=NOT_YOURS),),
    "dataio:job_recheck": (Check(job_action, "post", scoped=True, refusals=NOT_YOURS),),
    "dataio:job_cancel": (Check(job_action, "post", scoped=True, refusals=NOT_YOURS),),
    # -- plans (/plans/): docs/planning.md, ntm/planning/permissions.py
    "planning:list": _scoped_page(),
    "planning:create": _plan_edits(query=OF_UNIT),
    "planning:detail": _plan_reads(),
    "planning:edit": _plan_edits(),
    "planning:target_create": _plan_edits(),
    "planning:target_edit": _plan_edits(),
    "planning:target_delete": (Check(plan_editor, "post", scoped=True, body={"reason": "kiểm thử"}),),
    "planning:target_actual": (
        Check(view_plans, scoped=True),
        Check(plan_editor, "post", scoped=True, body={}, label="record an actual (the form again)"),
    ),
    "planning:activities": _scoped_page(),
    # -- multi-year programmes (/programmes/): the read rule of plans
    "programme_list": _scoped_page(),
    "programme_detail": (Check(view_plans, scoped=True),),
    "programme_xlsx": (Check(view_plans, scoped=True),),
    "planning:activity_create": _plan_edits(query=OF_UNIT),
    # -- money (/finance/): the same rules as plans
    "finance:budgets": _scoped_page(),
    "finance:budget_create": _plan_edits(query=OF_UNIT),
    "finance:budget": (Check(view_plans, scoped=True),),
    "finance:budget_table": _plan_edits(),
    "finance:budget_allocate": (Check(plan_editor, "post", scoped=True, body={}, label="empty: 400"),),
    "finance:budget_disburse": (Check(plan_editor, "post", scoped=True, body={}, label="empty: 400"),),
    "finance:plan_panel": _plan_reads(),
    "finance:works": _scoped_page(),
    "finance:work_create": _plan_edits(query=OF_UNIT),
    "finance:work_edit": _plan_edits(),
    "finance:contributions": _scoped_page(),
    "finance:contribution_create": _plan_edits(query=OF_UNIT),
    # -- reports (/reports/): docs/reports.md, ntm/reports/permissions.py
    "reports:index": (Check(signed_in), Check(signed_in, scoped=True, query=OF_UNIT, label="?unit=")),
    "reports:plan_document": _plan_reads(),
    "reports:unit_progress": (
        Check(view_unit, scoped=True, ok=frozenset({200})),
        Check(
            view_unit_above_commune,
            scoped=True,
            kwargs={"pk": _district},
            ok=frozenset({200}),
            label="the district: not for a commune officer",
        ),
    ),
    "reports:request_tables": (
        Check(
            report_requester,
            "post",
            scoped=True,
            body=lambda unit: {"unit": unit.pk, "year": "1999"},
            label="bad year: 400, no job",
        ),
    ),
    "reports:request_progress": (
        Check(
            report_requester,
            "post",
            scoped=True,
            body=lambda unit: {"unit": unit.pk, "period": "sai"},
            label="bad period: 400, no job",
        ),
    ),
    "reports:job": (Check(view_unit, scoped=True, ok=frozenset({200})),),
    "reports:job_status": (Check(view_unit, scoped=True, ok=frozenset({200})),),
    "reports:job_download": (Check(view_unit, scoped=True, ok=frozenset({200})),),
    # -- the notification inbox (/thong-bao/): a notice is read and marked by its recipient only
    "notices": (Check(signed_in),),
    "notice_read": (Check(job_action, "post", scoped=True, refusals=NOT_YOURS),),
    "notices_read_all": (Check(signed_in, "post"),),
    "notices_email": (Check(signed_in, "post"),),
    # -- reporting rounds (/rounds/): docs/rounds.md, ntm/rounds/permissions.py
    "rounds_list": (Check(signed_in), Check(view_unit, scoped=True, query=OF_UNIT, label="?unit=")),
    "round_open": (
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            body=lambda unit: {"unit": unit.pk, "kind": "quy", "period": "2024Q4"},
            label="the unit's office or the level above",
        ),
    ),
    "round_detail": (Check(view_unit, scoped=True, ok=frozenset({200}), kwargs={"pk": _round("submitted")}),),
    "round_document": (
        Check(view_unit, scoped=True, ok=frozenset({200}), kwargs={"pk": _round("submitted")}),
    ),
    "round_start": (Check(round_submitter, "post", scoped=True, kwargs={"pk": _round("not_started")}),),
    "round_submit": (Check(round_submitter, "post", scoped=True, kwargs={"pk": _round("returned")}),),
    "round_return": (
        Check(
            round_reviewer,
            "post",
            scoped=True,
            kwargs={"pk": _round("submitted")},
            body={"comment": "kiểm thử"},
        ),
    ),
    "round_approve": (Check(round_reviewer, "post", scoped=True, kwargs={"pk": _round("submitted")}),),
    "round_reopen": (
        Check(
            round_reviewer,
            "post",
            scoped=True,
            kwargs={"pk": _round("approved")},
            body={"reason": "kiểm thử"},
        ),
    ),
    "rounds_announce": (
        Check(province_office, scoped=True, query=OF_UNIT),
        Check(province_office, "post", scoped=True, query=OF_UNIT, body={}, label="empty form: shown again"),
    ),
    "rounds_approve_many": (Check(round_reviewer, "post", scoped=True, body=_submitted_round),),
    # -- admin: login and logout are open, the rest is the FAMILIES rule below, except
    "admin:login": (Check(public),),
    "admin:logout": (Check(public, "post"),),
    "admin:autocomplete": (
        Check(
            staff_only, query={"app_label": "accounts", "model_name": "roleassignment", "field_name": "unit"}
        ),
    ),
    # -- API
    "api:openapi-json": (Check(public, ok=API_200),),
    "api:openapi-view": (Check(public, ok=API_200),),
    "api:api-root": (Check(public),),
    "api:me": (Check(signed_in, ok=API_200),),
    "api:unit_list": (Check(signed_in, ok=API_200, label="filtered to the scope, never 403"),),
    "api:unit_detail": (Check(view_unit, scoped=True, ok=API_200),),
    "api:catalog_list": (Check(signed_in, ok=API_200),),
    "api:catalog_detail": (Check(signed_in, ok=API_200),),
    "api:value_list": (Check(view_unit, scoped=True, ok=API_200),),
    "api:value_history": (Check(view_unit, scoped=True, ok=API_200),),
    "api:value_save": (
        Check(edit("2"), "post", scoped=True, body=VALUE_CRIT2, ok=API_200, label="criterion 2"),
        Check(edit("1"), "post", scoped=True, body=VALUE_CRIT1, ok=API_200, label="criterion 1"),
    ),
    "api:status_list": (Check(view_unit, scoped=True, ok=API_200),),
    "api:status_save": (
        Check(edit("2"), "post", scoped=True, body=STATUS_CRIT2, ok=API_200, label="criterion 2"),
        Check(edit("1"), "post", scoped=True, body=STATUS_CRIT1, ok=API_200, label="criterion 1"),
    ),
    "api:assessment_detail": (Check(view_unit, scoped=True, ok=API_200, setup=_assessed),),
    "api:round_list": (
        Check(signed_in, ok=API_200, label="filtered to the scope, never 403"),
        Check(view_unit, scoped=True, query={"unit": UNIT}, ok=API_200, label="under a unit"),
    ),
    "api:round_submit": (
        Check(round_submitter, "post", scoped=True, kwargs={"round_id": _round("returned")}, ok=API_200),
    ),
    "api:round_return": (
        Check(
            round_reviewer,
            "post",
            scoped=True,
            kwargs={"round_id": _round("submitted")},
            body={"comment": "kiểm thử"},
            ok=API_200,
        ),
    ),
    "api:round_approve": (
        Check(
            round_reviewer,
            "post",
            scoped=True,
            kwargs={"round_id": _round("submitted")},
            body={"rounds": []},
            ok=API_200,
        ),
    ),
    "api:dossier_list": (
        Check(signed_in, ok=API_200, label="filtered to the scope, never 403"),
        Check(view_unit, scoped=True, query={"unit": UNIT}, ok=API_200, label="under a unit"),
    ),
    "api:dossier_detail": (
        Check(
            view_unit, scoped=True, kwargs={"dossier_id": lambda s: _dossier_at(s, "tu-danh-gia")}, ok=API_200
        ),
    ),
    "api:dossier_advance": (
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            kwargs={"dossier_id": lambda s: _dossier_at(s, "tu-danh-gia")},
            body={"note": "kiểm thử"},
            ok=API_200,
            label="self-assessment step",
        ),
    ),
    "api:dossier_return": (
        Check(
            province_office,
            "post",
            scoped=True,
            kwargs={"dossier_id": lambda s: _dossier_at(s, "hoi-dong")},
            body={"comment": "kiểm thử"},
            ok=API_200,
        ),
    ),
    "api:dossier_survey": (
        Check(
            unit_data_editor,
            "post",
            scoped=True,
            kwargs={"dossier_id": lambda s: _dossier_at(s, "khao-sat")},
            body={"unit": 1, "households": 10, "surveyed": 8, "satisfied": {}},
            label="a unit outside the survey: 409",
        ),
    ),
    "api:dossier_vote": (
        Check(
            province_office,
            "post",
            scoped=True,
            kwargs={"dossier_id": lambda s: _dossier_at(s, "hoi-dong")},
            body={"met_on": "2024-12-01", "members": [{"name": "Ông A", "vote": "for"}]},
            ok=API_200,
        ),
    ),
    "api:rollup_detail": (
        Check(view_unit, scoped=True, query={"parent": UNIT}, ok=API_200, label="under a parent"),
        Check(national, ok=API_200, label="national"),
    ),
}

# Families, matched (after EXPECTATIONS) on the route name, or the pattern of an unnamed route.
FAMILIES: list[tuple[re.Pattern, tuple[Check, ...]]] = [
    (re.compile(r"^admin[:/]"), (Check(staff_only),)),  # every model page of the Django admin
    (re.compile(r"^static/"), (Check(public),)),
]


def checks_for(route: Route) -> tuple[Check, ...] | None:
    if route.name in EXPECTATIONS:
        return EXPECTATIONS[route.name]
    if _admin_page_switched_off(route):
        return (Check(staff_but_disabled),)
    for family, checks in FAMILIES:
        if family.search(route.key):
            return checks
    return None


def _admin_page_switched_off(route: Route) -> bool:
    """An add or delete page its ModelAdmin refuses even to a superuser (API tokens are revoked,
    not deleted; the login throttle's and OCOP ratings' records are written by their services)."""
    found = re.match(r"^admin:(\w+)_(add|delete)$", route.key)
    if not found:
        return False
    prefix, action = found.groups()
    model = next(
        (m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == prefix), None
    )
    if model is None:
        return False
    request = RequestFactory().get("/")
    request.user = User(username="superuser", is_superuser=True, is_staff=True, is_active=True)
    model_admin = admin.site._registry[model]
    allowed = (
        model_admin.has_add_permission(request)
        if action == "add"
        else model_admin.has_delete_permission(request)
    )
    return not allowed

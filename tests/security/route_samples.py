"""Sample values for the URL kwargs of the route × role test, and the request a Check makes.

A route whose URL kwarg name is unknown here makes the test fail with the name: add it to
`sample_kwarg`.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from route_expectations import PDF, Check
from route_policies import SET, UNIT, YEAR
from route_walker import Route, send, url_of

from ntm.accounts.models import User
from ntm.indicators.models import Evidence
from ntm.units.models import AdminUnit


@dataclass(frozen=True)
class Sample:
    role: str
    scope: str  # "in" / "out"
    unit: AdminUnit
    samples: dict  # the scope_units fixture


def sample_kwarg(name: str, route: Route, sample: Sample):
    if name == "pk" and (
        route.key.startswith("planning:") or route.key in ("reports:plan_document", "finance:plan_panel")
    ):
        return plan_of(sample.unit).pk  # a plan of the unit under test
    if name == "pk" and route.key.startswith("programme_"):
        return programme_of(sample.unit).pk
    if name == "pk" and route.key.startswith("finance:budget"):
        return budget_of(sample.unit).pk
    if name == "pk" and route.key == "finance:work_edit":
        return work_of(sample.unit).pk
    if name == "target_id":  # a target (entered by hand: a milestone) of the plan above
        return target_of(sample.unit).pk
    if name == "fmt":  # a report's format
        return "xlsx"
    if name == "token" and route.key.startswith("reports:"):  # a finished report job of the unit
        return report_job_of(sample.unit).token
    if name == "pk" and route.key.startswith("dossier_"):  # a fresh dossier of the unit (or one below it)
        return dossier_of(sample.unit).pk
    if name == "dossier_id":  # the API's dossier routes: a fresh dossier of the unit
        return dossier_of(sample.unit).pk
    if name == "pk" and route.key == "village_edit":  # a village of the commune under test
        return village_of(sample.unit).pk
    if name == "document_id":  # a document of the dossier the "pk" above made
        return _dossier_document(sample.unit).pk
    if name == "pk" and route.key == "procedure_step_edit":  # a step of the unconfirmed 2026 procedure
        from ntm.recognition.models import ProcedureStep

        return ProcedureStep.objects.filter(procedure__code="xa-2026").order_by("order").first().pk
    if name in {"pk", "unit_id"}:
        return sample.unit.pk
    if name == "year":
        return YEAR
    if name == "set_code":
        return SET
    if name == "number":  # a criteria set version: the first, seeded from the shipped file
        return 1
    if name in {"code", "indicator_code"}:
        return "2.1"
    if name == "token":  # an import job: the role's own ("in") or someone else's ("out")
        return _import_job(sample).token
    if name == "notice_id":  # a notice: the role's own ("in") or someone else's ("out")
        return _notice(sample).pk
    if name == "evidence_id":  # an evidence file of the unit under test
        return _evidence(sample.unit).pk
    if name == "object_id":
        return _admin_object_id(route, sample.unit)
    if name == "content_type_id":
        return ContentType.objects.get_for_model(AdminUnit).pk
    if name == "id":  # the admin's password change of a user
        return User.objects.get(username="xa.banbo").pk
    if name == "app_label":
        return re.search(r"\(\?P<app_label>(\w+)", route.pattern).group(1)
    if name == "url":  # the admin's catch-all
        return "khong-co-trang-nay/"
    raise AssertionError(
        f"route {route.key}: no sample value for URL kwarg {name!r}; add one in sample_kwarg"
    )


def _import_job(sample: Sample):
    from ntm.dataio.models import ImportJob

    own = sample.samples["users"][sample.role]
    other = "xa.banbo" if sample.role == "admin" else "quantri"
    user = own if sample.scope == "in" and own is not None else User.objects.get(username=other)
    return ImportJob.objects.create(
        user=user,
        actor=user.get_username(),
        filename="kiem-thu.csv",
        size=0,
        sha256="0" * 64,
        reason="kiểm thử",
        status=ImportJob.Status.CANCELLED,
    )


def _notice(sample: Sample):
    from ntm.notices.models import Notice

    own = sample.samples["users"][sample.role]
    other = "xa.banbo" if sample.role == "admin" else "quantri"
    user = own if sample.scope == "in" and own is not None else User.objects.get(username=other)
    return Notice.objects.create(recipient=user, kind=Notice.Kind.ROUND_OVERDUE, text="kiểm thử", link="/")


def _evidence(unit):
    return Evidence.objects.create(
        unit=unit,
        set_code=SET,
        year=YEAR,
        indicator_code="2.1",
        file=ContentFile(PDF, name="bien-ban.pdf"),
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=User.objects.get(username="quantri"),
    )


def _dossier_unit(unit):
    """The commune whose dossier a sample names: the unit itself, or for a district or province (the
    unit above or beside a role) a commune below it outside Bản Bo's district, Tam Đường (whose own
    communes beside Bản Bo stand for it)."""
    if unit.level == 3:
        return unit
    communes = AdminUnit.objects.filter(path__startswith=unit.path, level=3, valid_from__isnull=True)
    communes = communes.exclude(code="03424")
    if unit.code != "106":
        communes = communes.exclude(parent__code="106")
    return communes.order_by("code").first()


def dossier_of(unit, step: str | None = None):
    """A fresh dossier of the unit under the test set and year (any earlier one removed), on `step`
    (a step code of the QĐ 18/2022 commune procedure) or its first step."""
    from ntm.recognition.models import Dossier, DossierDocument, Procedure

    unit = _dossier_unit(unit)
    old = Dossier.objects.filter(unit=unit, set_code=SET, year=YEAR)
    DossierDocument.objects.filter(dossier__in=old).delete()
    old.delete()
    procedure = Procedure.objects.get(code="xa-2021")
    steps = procedure.steps.order_by("order")
    return Dossier.objects.create(
        unit=unit,
        set_code=SET,
        year=YEAR,
        procedure=procedure,
        step=steps.get(code=step) if step else steps.first(),
    )


def _dossier_document(unit):
    from ntm.recognition.models import Dossier, DossierDocument

    return DossierDocument.objects.create(
        dossier=Dossier.objects.get(unit=_dossier_unit(unit), set_code=SET, year=YEAR),
        code="to-trinh",
        file=ContentFile(PDF, name="to-trinh.pdf"),
        original_name="to-trinh.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )


def village_of(unit):
    from ntm.units.models import AdminUnit, Kind, Level

    village = unit.children.filter(level=Level.VILLAGE).first()
    if village is None:
        village = AdminUnit.objects.create(
            level=Level.VILLAGE,
            kind=Kind.VILLAGE,
            name="Thôn kiểm thử",
            short_name="Thôn kiểm thử",
            parent=unit,
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
            path=unit.path,
        )
        village.path = f"{unit.path}{village.pk}/"
        village.save(update_fields=["path"])
    return village


def plan_of(unit):
    from ntm.planning.models import Plan

    plan, _ = Plan.objects.get_or_create(unit=unit, year=YEAR, title="Kế hoạch kiểm thử")
    return plan


def programme_of(unit):
    from ntm.planning.models import Programme

    programme, _ = Programme.objects.get_or_create(
        unit=unit,
        title="Chương trình kiểm thử",
        defaults={"kind": Programme.Kind.FIVE_YEAR_PLAN, "year_from": YEAR - 2, "year_to": YEAR + 2},
    )
    return programme


def target_of(unit):
    from ntm.planning.models import Target

    return Target.objects.create(plan=plan_of(unit), kind=Target.Kind.MILESTONE, label="Nhiệm vụ kiểm thử")


def budget_of(unit):
    from ntm.finance.models import Budget

    budget, _ = Budget.objects.get_or_create(
        plan=plan_of(unit),
        kind=Budget.Kind.PLANNED,
        defaults={"unit": unit, "title": "Vốn kiểm thử", "year_from": YEAR, "year_to": YEAR, "total": 0},
    )
    return budget


def work_of(unit):
    from ntm.finance.models import Work

    return Work.objects.create(unit=unit, location=unit, name="Đường kiểm thử", status=Work.Status.NEW_START)


def report_job_of(unit):
    """A finished progress report of `unit`, its file written to the reports storage."""
    from django.core.files.base import ContentFile

    from ntm.reports import files
    from ntm.reports.models import ReportJob

    job = ReportJob.objects.create(
        kind=ReportJob.Kind.PROGRESS,
        unit=unit,
        params={"period": str(YEAR)},
        fmt="xlsx",
        user=User.objects.get(username="quantri"),
        status=ReportJob.Status.DONE,
        filename="bao-cao-kiem-thu.xlsx",
    )
    job.path = f"kiem-thu-{job.token}.xlsx"
    job.save(update_fields=["path"])
    files.reports_storage().save(job.path, ContentFile(b"PK kiem thu"))
    return job


def round_of(unit, state: str):
    """A quarterly round of `unit` (2024Q4) in `state`; a submitted or later one has its file in
    the reports storage, as a real submission leaves it (without rendering the report)."""
    import hashlib

    from django.utils import timezone

    from ntm import storage
    from ntm.rounds import services
    from ntm.rounds.models import ReportKind, Round

    round_ = services.round_for(unit, ReportKind.objects.get(code="quy"), "2024Q4")
    fields = {"state": state}
    if state != Round.State.NOT_STARTED:
        data = b"PK kiem thu"
        name = storage.save(storage.named("reports"), f"rounds/kiem-thu-{unit.pk}.xlsx", ContentFile(data))
        now = timezone.now()
        fields |= {
            "document": name,
            "filename": "dot-bao-cao-kiem-thu.xlsx",
            "sha256": hashlib.sha256(data).hexdigest(),
            "submitted_at": now,
            "first_submitted_at": now,
        }
    Round.objects.filter(pk=round_.pk).update(**fields)
    return Round.objects.get(pk=round_.pk)


def _admin_object_id(route: Route, unit: AdminUnit):
    found = re.match(r"admin/(\w+)/(\w+)/", route.pattern)
    if not found:  # view_on_site: admin/r/<content_type_id>/<object_id>/
        return unit.pk
    model = apps.get_model(*found.groups())
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return last if last is not None else 0


def _fill(data: dict, unit) -> dict:
    return {key: unit.pk if value is UNIT else value for key, value in data.items()}


def run(client, route: Route, check: Check, sample: Sample):
    kwargs = {name: sample_kwarg(name, route, sample) for name in route.params if name not in check.kwargs}
    kwargs |= {name: value(sample) if callable(value) else value for name, value in check.kwargs.items()}
    body = check.body(sample.unit) if callable(check.body) else (check.body or {})
    return send(client, route, check.method, url_of(route, kwargs), _fill(check.query, sample.unit), body)


# URL kwargs that carry an id or a year, and the query parameters pages and the API read: the walk
# replaces them with malformed values (not a number, too large for any database, a NUL byte, year 0)
ID_KWARGS = {"pk", "unit_id", "evidence_id", "target_id", "object_id", "year", "document_id"}
QUERY_PARAMS = (
    "unit", "parent", "commune", "plan", "year", "period", "set", "set_code", "as_of", "at", "on",
    "start", "end", "offset", "limit", "page", "q", "status", "band", "not_met", "kind", "province",
    "criterion", "special", "actor", "action", "object_type", "since", "until", "actuals",
)  # fmt: skip
MALFORMED = ("abc", str(2**70), "1\x00", "0000")
_SENTINEL = {"year": 2099}
_ID_SENTINEL = 987654321


def run_malformed(client, route: Route, check: Check, sample: Sample, bad: str, *, in_path: bool):
    """The check's request with every unit in the query or form and (on a GET) every common query
    parameter replaced by `bad`; with `in_path`, every id and year in the URL too."""
    kwargs = {name: sample_kwarg(name, route, sample) for name in route.params if name not in check.kwargs}
    kwargs |= {name: value(sample) if callable(value) else value for name, value in check.kwargs.items()}
    swapped = [name for name in route.params if name in ID_KWARGS] if in_path else []
    kwargs |= {name: _SENTINEL.get(name, _ID_SENTINEL) for name in swapped}
    url = url_of(route, kwargs)
    for name in swapped:
        url = url.replace(f"/{_SENTINEL.get(name, _ID_SENTINEL)}", "/" + quote(bad, safe=""), 1)
    body = check.body(sample.unit) if callable(check.body) else dict(check.body or {})
    body = {key: bad if value in (UNIT, sample.unit.pk) else value for key, value in body.items()}
    query = {key: bad if value is UNIT else value for key, value in check.query.items()}
    if check.method == "get":
        query = {name: bad for name in QUERY_PARAMS} | query
    return send(client, route, check.method, url, query, body)

"""Reporting rounds (docs/rounds.md): a unit's rounds of a period with, for a unit others report
to, completeness and timeliness of its reporting units and approval of many at once; a round's
page with its steps, the frozen document and its history. Every check is `ntm.accounts.scope` (reading)
and `ntm.rounds.permissions` (steps), inside the services."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from ntm.accounts.permissions import home_unit
from ntm.accounts.scope import is_national, may_read, unit_for, unit_param
from ntm.audit.models import AuditRecord
from ntm.core.params import parse_id
from ntm.core.periods import PeriodInvalid
from ntm.dates import DateField
from ntm.reports.render import CONTENT_TYPES
from ntm.rounds import calendar, selectors, services
from ntm.rounds.models import SECTIONS, ReportKind, Round
from ntm.rounds.permissions import may_announce, may_review, may_submit
from ntm.storage import StorageFailed
from ntm.units.models import AdminUnit, Level

DEFAULT_KIND = "quy"
KIND_CODE = re.compile(r"[a-z0-9-]{1,30}")


def _kind(request) -> ReportKind:
    code = request.GET.get("kind") or request.POST.get("kind") or DEFAULT_KIND
    kind = ReportKind.objects.filter(code=code).first() if KIND_CODE.fullmatch(code) else None
    if kind is None:
        raise Http404
    return kind


def _default_period(unit: AdminUnit | None, kind: ReportKind) -> str:
    """The latest period with a round of this kind for the unit or below; else last quarter."""
    rounds = Round.objects.filter(kind=kind)
    if unit is not None:
        rounds = rounds.filter(unit__path__startswith=unit.path)
    latest = rounds.order_by("-year", "-period").values_list("period", flat=True).first()
    if latest:
        return latest
    today = timezone.localdate()
    quarter = (today.month - 1) // 3
    return f"{today.year}Q{quarter}" if quarter else f"{today.year - 1}Q4"


@login_required
def rounds_list(request):
    unit = unit_param(request) or home_unit(request.user)
    kind = _kind(request)
    context = {"unit": unit, "kind": kind, "kinds": ReportKind.objects.all()}
    if unit is None:  # national roles choose a province; anyone else has nothing to report on
        provinces = AdminUnit.objects.filter(level=Level.PROVINCE, valid_from__isnull=False)
        context["provinces"] = provinces.order_by("name") if is_national(request.user) else []
        return render(request, "rounds/list.html", context)
    period_code = request.GET.get("period") or _default_period(unit, kind)
    try:
        period = calendar.period_for(kind, period_code)
    except PeriodInvalid as exc:
        return HttpResponseBadRequest(str(exc))
    own = Round.objects.filter(unit=unit, kind=kind, period=period.code).first()
    report = None
    if unit.level != Level.COMMUNE:
        report = selectors.completeness(unit, kind, period.code)
    context |= {
        "points": _points(report),
        "period": period,
        "own": own,
        "deadline": calendar.deadline(kind, period),
        "report": report,
        "may_open": may_submit(request.user, unit) or may_announce(request.user, unit),
        "may_announce": unit.level != Level.COMMUNE and may_announce(request.user, unit),
        "may_review_children": report is not None
        and bool(report.lines)
        and may_review(request.user, report.lines[0].unit),
    }
    return render(request, "rounds/list.html", context)


TIMELINESS = {"on_time": _l("Đúng hạn"), "late": _l("Trễ hạn"), "missing": _l("Chưa gửi")}


def _points(report) -> list[dict]:
    """The communes of the completeness table with a centroid, for the map."""
    if report is None:
        return []
    return [
        {
            "name": line.unit.name,
            "lat": line.unit.lat,
            "lon": line.unit.lon,
            "timeliness": line.timeliness,
            "label": str(TIMELINESS[line.timeliness]),
            "url": reverse("round_detail", args=[line.round.pk]) if line.round else "",
        }
        for line in report.lines
        if line.unit.lat is not None and line.unit.lon is not None
    ]


def _round(request, pk) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("unit", "unit__parent", "kind"), pk=pk)
    if not may_read(request.user, round_.unit):
        raise PermissionDenied
    return round_


@login_required
def round_detail(request, pk):
    round_ = _round(request, pk)
    history = AuditRecord.objects.filter(object_type="rounds.round", object_id=str(round_.pk)).order_by(
        "at", "pk"
    )
    return render(
        request,
        "rounds/detail.html",
        {
            "round": round_,
            "period": calendar.parse(round_.period),
            "reports_to": calendar.reports_to(round_.unit),
            "may_submit": may_submit(request.user, round_.unit),
            "may_review": may_review(request.user, round_.unit),
            "children": selectors.consolidation(round_),
            "timeliness": selectors.timeliness(round_),
            "history": history,
            "states": Round.State,
            "sections": SECTIONS if round_.unit.level != Level.COMMUNE else SECTIONS[:3],
        },
    )


def _step(request, pk, step):
    round_ = _round(request, pk)
    try:
        step(round_)
    except services.RoundError as exc:
        messages.error(request, str(exc))
    except StorageFailed as exc:
        messages.error(request, str(exc))
    return redirect("round_detail", pk=round_.pk)


@login_required
@require_POST
def round_start(request, pk):
    def step(round_):
        services.start(actor=request.user, round_=round_)
        messages.success(request, _("Đã bắt đầu làm báo cáo."))

    return _step(request, pk, step)


@login_required
@require_POST
def round_submit(request, pk):
    def step(round_):
        services.submit(actor=request.user, round_=round_)
        messages.success(request, _("Đã gửi báo cáo lên cấp trên."))

    return _step(request, pk, step)


@login_required
@require_POST
def round_return(request, pk):
    def step(round_):
        sections = {key: request.POST.get(f"section-{key}", "") for key, _label in SECTIONS}
        services.return_round(
            actor=request.user, round_=round_, comment=request.POST.get("comment", ""), sections=sections
        )
        messages.success(request, _("Đã trả lại báo cáo kèm nhận xét."))

    return _step(request, pk, step)


@login_required
@require_POST
def round_approve(request, pk):
    def step(round_):
        services.approve(actor=request.user, rounds=[round_])
        messages.success(request, _("Đã duyệt báo cáo; số liệu của kỳ đã được khóa."))

    return _step(request, pk, step)


@login_required
@require_POST
def round_reopen(request, pk):
    def step(round_):
        services.reopen(actor=request.user, round_=round_, reason=request.POST.get("reason", ""))
        messages.success(request, _("Đã mở lại đợt báo cáo; đơn vị có thể sửa số liệu."))

    return _step(request, pk, step)


@login_required
@require_POST
def rounds_approve_many(request):
    ids = {parse_id(raw) for raw in request.POST.getlist("round")} - {None}
    rounds = list(Round.objects.filter(pk__in=ids).select_related("unit", "unit__parent"))
    if not rounds or len(rounds) != len(ids):
        return HttpResponseBadRequest(_("Hãy chọn các báo cáo cần duyệt."))
    if not all(may_read(request.user, r.unit) for r in rounds):
        raise PermissionDenied
    try:
        done = services.approve(actor=request.user, rounds=rounds)
    except services.RoundError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã duyệt %(n)d báo cáo.") % {"n": len(done)})
    first = rounds[0]
    parent = calendar.reports_to(first.unit)
    query = f"?kind={first.kind.code}&period={first.period}" + (f"&unit={parent.pk}" if parent else "")
    return redirect(reverse("rounds_list") + query)


@login_required
@require_POST
def round_open(request):
    """The round of a unit for a period, made "not started" if it does not exist yet."""
    unit = unit_for(request, request.POST.get("unit"))
    if not (
        may_submit(request.user, unit) or may_review(request.user, unit) or may_announce(request.user, unit)
    ):
        raise PermissionDenied
    kind = _kind(request)
    try:
        round_ = services.round_for(unit, kind, request.POST.get("period", ""))
    except PeriodInvalid as exc:
        return HttpResponseBadRequest(str(exc))
    return redirect("round_detail", pk=round_.pk)


@login_required
def round_document(request, pk):
    round_ = _round(request, pk)
    try:
        stored = services.open_document(round_)
    except StorageFailed as exc:
        messages.error(request, str(exc))
        return redirect("round_detail", pk=round_.pk)
    if stored is None:
        raise Http404(_("Đợt báo cáo chưa có văn bản đã gửi."))
    return FileResponse(
        stored, as_attachment=True, filename=round_.filename, content_type=CONTENT_TYPES["xlsx"]
    )


class AnnounceForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_l("Loại báo cáo"), queryset=ReportKind.objects.all(), to_field_name="code", empty_label=None
    )
    period = forms.CharField(
        label=_l("Kỳ báo cáo"),
        max_length=10,
        help_text=_l("Ví dụ: 2026 (năm), 2026Q3 (quý), 2026H1 (6 tháng), 2026-11 (tháng)."),
    )
    deadline = DateField(
        label=_l("Hạn nộp"), required=False, help_text=_l("Để trống: theo lịch báo cáo của loại báo cáo.")
    )
    units = forms.MultipleChoiceField(label=_l("Đơn vị phải báo cáo"), widget=forms.CheckboxSelectMultiple)


@login_required
def rounds_announce(request):
    """A province office announces a round (ad hoc or periodic) for the units it chooses under it."""
    unit = unit_param(request)
    if unit is None:
        raise Http404
    if not may_announce(request.user, unit):
        raise PermissionDenied
    below = list(selectors.reporting_units(unit, timezone.localdate()))
    form = AnnounceForm(
        request.POST or None, initial={"kind": "dot-xuat", "units": [str(u.pk) for u in below]}
    )
    form.fields["units"].choices = [(str(u.pk), u.name) for u in below]
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["units"]}
        kind = form.cleaned_data["kind"]
        try:
            rounds = services.announce(
                actor=request.user,
                parent=unit,
                kind=kind,
                period_code=form.cleaned_data["period"],
                units=[u for u in below if u.pk in chosen],
                deadline=form.cleaned_data["deadline"],
            )
        except (PeriodInvalid, services.RoundError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Đã thông báo đợt báo cáo cho %(n)d đơn vị.") % {"n": len(rounds) - 1}
            )
            query = f"?unit={unit.pk}&kind={kind.code}&period={rounds[0].period}"
            return redirect(reverse("rounds_list") + query)
    return render(request, "rounds/announce.html", {"unit": unit, "form": form})

"""Plan pages: list (scoped), detail with every target's progress and the funding table, editing of
plans, targets and entered actuals, and the activities summary. Views parse, check permission,
call a service or selector, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.permissions import home_unit
from ntm.accounts.scope import may_read, page_unit, unit_param
from ntm.core.params import parse_year
from ntm.core.periods import parse_date

from . import services
from .forms import ActivityForm, ActualForm, PlanForm, TargetForm
from .models import Plan, Target
from .permissions import can_edit_plans, editable_units
from .progress import flatten, plan_progress
from .selectors import activity_summary, actual_history, plans_for
from .validation import TargetInvalid


def _plan(request, pk: int, *, edit: bool = False) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit__parent"), pk=pk)
    if not may_read(request.user, plan.unit, above=True) or (
        edit and not can_edit_plans(request.user, plan.unit)
    ):
        raise PermissionDenied
    return plan


@login_required
def plan_list(request):
    unit = unit_param(request, above=True)
    year = parse_year(request.GET.get("year"))
    plans = plans_for(request.user, year=year, unit=unit)
    editable = editable_units(request.user)
    return render(
        request,
        "planning/plan_list.html",
        {
            "plans": plans,
            "unit": unit,
            "year": year or "",
            "editable_units": editable if editable is not None else [home_unit(request.user)],
            "may_create": editable is None or bool(editable),
        },
    )


@login_required
def plan_create(request):
    unit = unit_param(request, above=True) or home_unit(request.user)
    if unit is None or not can_edit_plans(request.user, unit):
        raise PermissionDenied
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year, "status": "draft"})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.user, unit=unit, **form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "unit": unit, "plan": None})


@login_required
def plan_edit(request, pk: int):
    plan = _plan(request, pk, edit=True)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(actor=request.user, plan=plan, changes=form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "unit": plan.unit, "plan": plan})


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    as_of = parse_date(request.GET.get("as_of")) or timezone.localdate()
    progress = plan_progress(plan, as_of)
    rows = list(flatten(progress))
    counts: dict[str, list] = {}
    for _depth, row in rows:
        counts.setdefault(row.status, [row.status, row.status_label, 0])[2] += 1
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "as_of": as_of,
            "rows": rows,
            "counts": list(counts.values()),
            "provisional": any(item.provisional for _depth, row in rows for item in row.items),
            "may_edit": can_edit_plans(request.user, plan.unit),
        },
    )


@login_required
def target_form(request, pk: int, target_id: int | None = None):
    plan = _plan(request, pk, edit=True)
    target = get_object_or_404(Target, pk=target_id, plan=plan) if target_id else None
    initial = TargetForm.initial_for(target) if target else {"kind": request.GET.get("kind", "")}
    form = TargetForm(request.POST or None, plan=plan, target=target, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields, units = form.target_fields(), form.cleaned_data["units"]
        try:
            if target is None:
                services.add_target(actor=request.user, plan=plan, units=units, **fields)
            else:
                services.update_target(actor=request.user, target=target, changes=fields, units=units)
        except TargetInvalid as exc:
            for name, message in exc.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except services.PlanLocked as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("planning:detail", pk=plan.pk)
    return render(request, "planning/target_form.html", {"form": form, "plan": plan, "target": target})


@login_required
@require_POST
def target_delete(request, pk: int, target_id: int):
    plan = _plan(request, pk, edit=True)
    target = get_object_or_404(Target, pk=target_id, plan=plan)
    try:
        services.delete_target(actor=request.user, target=target, reason=request.POST.get("reason", ""))
    except services.PlanLocked as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xóa chỉ tiêu."))
    return redirect("planning:detail", pk=plan.pk)


@login_required
def target_actual(request, pk: int, target_id: int):
    plan = _plan(request, pk)
    target = get_object_or_404(Target, pk=target_id, plan=plan)
    may_edit = can_edit_plans(request.user, plan.unit) and not target.computed
    form = None
    if may_edit:
        current = target.actuals.filter(is_current=True).first()
        initial: dict[str, Any] = {"as_of": timezone.localdate()}
        if current:
            initial |= {"value": current.value, "evidence": current.evidence, "reference": current.reference}
        form = ActualForm(
            request.POST or None, initial=initial, milestone=target.kind == Target.Kind.MILESTONE
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.record_actual(actor=request.user, target=target, **form.cleaned_data)
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã lưu số thực hiện."))
                return redirect("planning:detail", pk=plan.pk)
    return render(
        request,
        "planning/target_actual.html",
        {"plan": plan, "target": target, "form": form, "history": actual_history(target)},
    )


@login_required
def activities(request):
    unit = page_unit(request, above=True)
    start, end = parse_date(request.GET.get("start")), parse_date(request.GET.get("end"))
    summary = activity_summary(request.user, unit, start, end) if unit else None
    return render(
        request,
        "planning/activities.html",
        {
            "unit": unit,
            "summary": summary,
            "start": start,
            "end": end,
            "may_edit": unit is not None and can_edit_plans(request.user, unit),
        },
    )


@login_required
def activity_create(request):
    unit = page_unit(request, above=True)
    if unit is None or not can_edit_plans(request.user, unit):
        raise PermissionDenied
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_activity(actor=request.user, unit=unit, **form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã ghi hoạt động."))
            return redirect(f"{request.path.rsplit('new/', 1)[0]}?unit={unit.pk}")
    return render(request, "planning/activity_form.html", {"form": form, "unit": unit})

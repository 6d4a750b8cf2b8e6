"""Finance pages: funding tables (with the error shown when sources do not add up), allocation and
disbursement, works with filters, community contributions. Views parse, check permission, call a
service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.scope import may_read, page_unit, visible, visible_units
from ntm.core.params import clean_text, parse_id
from ntm.core.periods import parse_date
from ntm.planning.models import Plan
from ntm.planning.permissions import can_edit_plans
from ntm.units.models import AdminUnit, Level

from . import contributions, services, works
from .forms import AllocationForm, BudgetForm, ContributionForm, DisbursementForm, FundingTableForm, WorkForm
from .models import Budget, BudgetLine, Work
from .selectors import (
    budgets_for,
    contribution_summary,
    disbursement_by_unit,
    funding_table,
    map_points,
    works_in,
    works_summary,
)


def _budget(request, pk: int, *, edit: bool = False) -> Budget:
    budget = get_object_or_404(Budget.objects.select_related("unit", "plan"), pk=pk)
    if not may_read(request.user, budget.unit, above=True) or (
        edit and not can_edit_plans(request.user, budget.unit)
    ):
        raise PermissionDenied
    return budget


@login_required
def budget_list(request):
    unit = page_unit(request, above=True)
    return render(
        request,
        "finance/budget_list.html",
        {"unit": unit, "budgets": budgets_for(request.user, unit=unit)},
    )


@login_required
def plan_panel(request, pk: int):
    """The funding tables and works summary of a plan, loaded into the plan page (htmx), so that
    planning never imports finance: finance depends on planning, not the other way round."""
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    if not may_read(request.user, plan.unit, above=True):
        raise PermissionDenied
    return render(
        request,
        "finance/_plan_panel.html",
        {
            "plan": plan,
            "tables": [funding_table(b) for b in budgets_for(request.user, plan=plan)],
            "works": works_summary(works_in(request.user, plan.unit, plan=plan)),
            "may_edit": can_edit_plans(request.user, plan.unit),
        },
    )


@login_required
def budget_detail(request, pk: int, allocation_form=None, disbursement_form=None, status: int = 200):
    budget = _budget(request, pk)
    may_edit = can_edit_plans(request.user, budget.unit)
    context = {
        "budget": budget,
        "table": funding_table(budget),
        "by_unit": disbursement_by_unit(budget),
        "may_edit": may_edit,
    }
    if may_edit:
        context["allocation_form"] = allocation_form or AllocationForm(budget=budget, prefix="a")
        context["disbursement_form"] = disbursement_form or DisbursementForm(budget=budget, prefix="d")
    return render(request, "finance/budget_detail.html", context, status=status)


@login_required
def budget_create(request):
    plan = None
    if request.GET.get("plan"):
        plan = get_object_or_404(Plan, pk=parse_id(request.GET["plan"]) or 0)
        unit = plan.unit
    else:
        unit = page_unit(request, above=True)
    if unit is None or not can_edit_plans(request.user, unit):
        raise PermissionDenied
    initial = {"year_from": plan.year, "year_to": plan.year} if plan else {}
    form = BudgetForm(request.POST or None, initial={"kind": Budget.Kind.PLANNED, **initial})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.create_budget(
                actor=request.user,
                unit=unit,
                plan=plan,
                title=data["title"],
                kind=data["kind"],
                year_from=data["year_from"],
                year_to=data["year_to"],
                reference=data["reference"],
                total=data["total"],
                lines=form.lines(),
            )
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu bảng nguồn vốn."))
            return redirect("finance:budget", pk=budget.pk)
    return render(
        request, "finance/budget_form.html", {"form": form, "unit": unit, "plan": plan, "budget": None}
    )


@login_required
def budget_table(request, pk: int):
    budget = _budget(request, pk, edit=True)
    form = FundingTableForm(request.POST or None, initial=FundingTableForm.initial_for(budget))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.set_budget_table(
                actor=request.user,
                budget=budget,
                total=form.cleaned_data["total"],
                lines=form.lines(),
                reason=request.POST.get("reason", ""),
            )
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
            status = 400
        else:
            messages.success(request, _("Đã lưu bảng nguồn vốn."))
            return redirect("finance:budget", pk=budget.pk)
    return render(
        request,
        "finance/budget_form.html",
        {"form": form, "unit": budget.unit, "plan": budget.plan, "budget": budget},
        status=status,
    )


def _line(budget: Budget, pk: int) -> BudgetLine:
    return get_object_or_404(BudgetLine, pk=pk, budget=budget)


@login_required
@require_POST
def budget_allocate(request, pk: int):
    budget = _budget(request, pk, edit=True)
    form = AllocationForm(request.POST, budget=budget, prefix="a")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.allocate(
                actor=request.user,
                line=_line(budget, data["line"]),
                unit=data["unit"],
                amount=data["amount"],
                note=data["note"],
            )
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu phân bổ vốn."))
            return redirect("finance:budget", pk=budget.pk)
    return budget_detail(request, pk, allocation_form=form, status=400)


@login_required
@require_POST
def budget_disburse(request, pk: int):
    budget = _budget(request, pk, edit=True)
    form = DisbursementForm(request.POST, budget=budget, prefix="d")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_disbursement(
                actor=request.user,
                line=_line(budget, data["line"]),
                unit=data["unit"],
                date=data["date"],
                amount=data["amount"],
                reference=data["reference"],
                note=data["note"],
            )
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi giải ngân."))
            return redirect("finance:budget", pk=budget.pk)
    return budget_detail(request, pk, disbursement_form=form, status=400)


def _bool(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


@login_required
def work_list(request):
    unit = page_unit(request, above=True)
    communes = (
        visible_units(
            request.user, AdminUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE)
        ).order_by("name")
        if unit
        else AdminUnit.objects.none()
    )
    commune = communes.filter(pk=parse_id(request.GET.get("commune")) or 0).first()
    plan = visible(
        request.user, Plan.objects.filter(pk=parse_id(request.GET.get("plan")) or 0), above=True
    ).first()
    filters = {
        "status": clean_text(request.GET.get("status")),
        "criterion": clean_text(request.GET.get("criterion")),
        "special": _bool(request.GET.get("special")),
        "commune": commune,
        "plan": plan,
    }
    rows = works_in(request.user, unit, **filters)
    return render(
        request,
        "finance/work_list.html",
        {
            "unit": unit,
            "rows": rows,
            "summary": works_summary(rows),
            "points": map_points(rows),
            "communes": communes,
            "filters": filters,
            "special": request.GET.get("special", ""),
            "statuses": Work.Status.choices,
            "may_edit": unit is not None and can_edit_plans(request.user, unit),
        },
    )


@login_required
def work_form(request, pk: int | None = None):
    work = get_object_or_404(Work.objects.select_related("unit"), pk=pk) if pk else None
    unit = work.unit if work else page_unit(request, above=True)
    if unit is None or not can_edit_plans(request.user, unit):
        raise PermissionDenied
    initial = WorkForm.initial_for(work) if work else {"status": Work.Status.NEW_START}
    form = WorkForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if work is None:
                work = works.create_work(
                    actor=request.user, unit=unit, funding=form.funding(), **form.work_fields()
                )
            else:
                works.update_work(
                    actor=request.user, work=work, changes=form.work_fields(), funding=form.funding()
                )
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu công trình."))
            return redirect(f"{_works_url()}?unit={unit.pk}")
    return render(request, "finance/work_form.html", {"form": form, "unit": unit, "work": work})


def _works_url() -> str:
    from django.urls import reverse

    return reverse("finance:works")


@login_required
def contribution_list(request):
    unit = page_unit(request, above=True)
    start, end = parse_date(request.GET.get("start")), parse_date(request.GET.get("end"))
    return render(
        request,
        "finance/contributions.html",
        {
            "unit": unit,
            "start": start,
            "end": end,
            "summary": contribution_summary(request.user, unit, start, end) if unit else None,
            "may_edit": unit is not None and can_edit_plans(request.user, unit),
        },
    )


@login_required
def contribution_create(request):
    scope = page_unit(request, above=True)
    if scope is None or not can_edit_plans(request.user, scope):
        raise PermissionDenied
    form = ContributionForm(request.POST or None, unit=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contributions.record_contribution(actor=request.user, **data)
        except services.FundingInvalid as exc:
            for error in exc.errors:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi đóng góp."))
            return redirect(f"{request.path.rsplit('new/', 1)[0]}?unit={scope.pk}")
    return render(request, "finance/contribution_form.html", {"form": form, "unit": scope})

"""The data-entry page of one unit and year: indicators grouped by criterion, live status as the
user types (htmx), saving with a reason, conflicts refused with the newer value shown."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.accounts.scope import may_write, unit_for
from ntm.core.periods import parse_date
from ntm.core.values import RefusedValue, check_value, value_problem
from ntm.criteria.cells import notes_for_evaluation
from ntm.indicators.engine import applicable_sets, catalog, evaluate_unit_year
from ntm.indicators.models import Evidence
from ntm.indicators.selectors import current_versions, entry_sheet, input_text, value_history
from ntm.indicators.services import ValueChange, save_values
from ntm.indicators.versions import InvalidInput, ValueConflict
from ntm.units.eras import era_links
from ntm.units.models import AdminUnit

from .entry_statuses import current_statuses, form_version, recordable, save_statuses, status_rows
from .readings import readings


def _lang() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _context(request, pk: int, year: int):
    unit = unit_for(request, pk, queryset=AdminUnit.objects.select_related("parent__parent"))
    sets = applicable_sets(unit, year)
    if not sets:
        raise Http404(_("Không có bộ tiêu chí nào áp dụng cho đơn vị này trong năm đã chọn."))
    set_code = request.GET.get("set") or request.POST.get("set") or sets[0]
    if set_code not in sets:
        raise Http404(_("Bộ tiêu chí không áp dụng cho đơn vị và năm này."))
    cset = catalog().get(set_code)
    editable = {c.code for c in cset.criteria if may_write(request.user, unit, c)}
    return unit, sets, cset, editable


def _posted_values(request, cset, versions, editable):
    """Form values for what-if evaluation: the posted text where editable, else the stored value,
    plus the errors of values that cannot be read."""
    values, errors = {}, {}
    for criterion in cset.criteria:
        for ind in criterion.indicators:
            if ind.kind == "growth":  # computed by the engine, never entered
                continue
            stored = versions.get(ind.code)
            raw = request.POST.get(f"v_{ind.code}") if criterion.code in editable else None
            if raw is None:
                if stored is not None and stored.value is not None:
                    values[ind.code] = stored.value
                continue
            try:
                value = check_value(ind, raw)
            except RefusedValue as exc:
                errors[ind.code] = exc.text(_)
                continue
            if value is not None:
                values[ind.code] = raw
    return values, errors


def _changes(request, cset, editable, lang):
    """Only the inputs the user actually changed, each with the version they saw."""
    changes = []
    for criterion in cset.criteria:
        if criterion.code not in editable:
            continue
        for ind in criterion.indicators:
            raw = request.POST.get(f"v_{ind.code}")
            if (
                ind.kind == "growth"
                or raw is None
                or raw.strip() == request.POST.get(f"orig_{ind.code}", "").strip()
            ):
                continue
            changes.append(ValueChange(ind.code, raw, form_version(request.POST.get(f"ver_{ind.code}", ""))))
    return changes


def _stored_problems(cset, versions) -> dict[str, str]:
    """Stored values the rules now refuse (written before they existed): shown to be corrected."""
    problems = {}
    for ind in cset.indicators():
        version = versions.get(ind.code)
        problem = value_problem(ind, version.value) if version is not None else None
        if problem is not None:
            problems[ind.code] = problem.text(_)
    return problems


def _moment(text):
    """End of the chosen day, for "the data as it stood on …"; None for the current data."""
    day = parse_date(text)
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


@login_required
def data_entry(request, pk: int, year: int):
    unit, sets, cset, editable = _context(request, pk, year)
    lang = _lang()
    conflict = errors = status_conflicts = None
    values = None
    recording = request.method == "POST" and request.POST.get("form") == "statuses"
    if recording:
        if not editable:
            raise PermissionDenied
        try:
            written = save_statuses(request=request, unit=unit, cset=cset, year=year)
        except ValueConflict as exc:
            status_conflicts = exc.conflicts
        except InvalidInput as exc:
            errors = exc.errors
        else:
            if written:
                messages.success(request, _("Đã ghi nhận %(n)d kết quả tiêu chí.") % {"n": written})
            else:
                messages.info(request, _("Không có kết quả tiêu chí nào thay đổi."))
            return redirect(f"{reverse('data_entry', args=[unit.pk, year])}?set={cset.code}#statuses")
    elif request.method == "POST":
        if not editable:
            raise PermissionDenied
        changes = _changes(request, cset, editable, lang)
        try:
            result = save_values(
                actor=request.user,
                unit=unit,
                set_code=cset.code,
                year=year,
                changes=changes,
                reason=request.POST.get("reason", ""),
            )
        except ValueConflict as exc:
            conflict = exc.conflicts
        except InvalidInput as exc:
            errors = exc.errors
        else:
            if result.written:
                messages.success(request, _("Đã lưu %(n)d giá trị.") % {"n": len(result.written)})
            else:
                messages.info(request, _("Không có giá trị nào thay đổi."))
            return redirect(f"{reverse('data_entry', args=[unit.pk, year])}?set={cset.code}")
        values, _errors = _posted_values(request, cset, current_versions(unit, cset.code, year), editable)
    moment = _moment(request.GET.get("as_of")) if request.method == "GET" else None
    if moment is not None:
        editable = set()
    versions = current_versions(unit, cset.code, year, moment)
    stored_errors = _stored_problems(cset, versions)
    evaluation = evaluate_unit_year(unit, cset.code, year, values=values, moment=moment).to_dict()
    posted = (
        {k[2:]: v for k, v in request.POST.items() if k.startswith("v_")}
        if request.method == "POST" and not recording
        else {}
    )
    return render(
        request,
        "entry/page.html",
        {
            "unit": unit,
            "year": year,
            "sets": sets,
            "cset": cset,
            "evaluation": evaluation,
            "sheet": entry_sheet(cset, evaluation, versions, editable, lang),
            "editable": bool(editable),
            "conflicts": conflict,
            "status_conflicts": status_conflicts,
            "status_rows": status_rows(
                cset,
                evaluation,
                current_statuses(unit, cset.code, year, moment),
                editable,
                request.POST if recording else None,
            ),
            "status_form": {
                "reason": request.POST.get("reason", "") if recording else "",
                "source": request.POST.get("source", "") if recording else "",
            },
            "errors": errors or {},
            "stored_errors": stored_errors,
            "posted": posted,
            "years": list(range(2011, 2031)),
            "era": era_links(unit),
            "as_of": moment,
            "evidence": Evidence.objects.filter(unit=unit, set_code=cset.code, year=year).select_related(
                "uploaded_by"
            ),
            "indicators": cset.indicators(),
            "recordable": recordable(cset),
            "lang": lang,
            "cell_notes": notes_for_evaluation(cset.code, year, evaluation),
            "readings": readings(request.POST, cset.indicators(), lang),
            "reason": request.POST.get("reason", ""),
        },
    )


@login_required
@require_POST
def entry_preview(request, pk: int, year: int):
    """htmx: evaluate the form as typed (nothing saved) and return out-of-band status fragments."""
    unit, _sets, cset, editable = _context(request, pk, year)
    values, errors = _posted_values(request, cset, current_versions(unit, cset.code, year), editable)
    evaluation = evaluate_unit_year(unit, cset.code, year, values=values).to_dict()
    shown = readings(request.POST, cset.indicators(), _lang())
    return render(
        request,
        "entry/_preview.html",
        {"evaluation": evaluation, "errors": errors, "readings": shown, "indicators": cset.indicators()},
    )


@login_required
def entry_history(request, pk: int, year: int, code: str):
    unit, _sets, cset, _editable = _context(request, pk, year)
    try:
        indicator = cset.indicator(code)
    except KeyError:
        raise Http404 from None
    versions = value_history(unit, cset.code, year, code)
    rows = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        rows.append(
            (
                version,
                input_text(previous.value, _lang()) if previous else "",
                input_text(version.value, _lang()),
            )
        )
    return render(request, "entry/_history.html", {"indicator": indicator, "rows": rows, "unit": unit})

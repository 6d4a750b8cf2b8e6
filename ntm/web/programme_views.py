"""Multi-year programme pages (docs/planning.md, "Programmes"): the list, a programme with every
target's progress against the period and against what the annual plans planned so far, year by
year, the people's contributions over the period, and the same figures as an XLSX workbook."""

import datetime
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ntm.accounts.scope import may_read, unit_param
from ntm.core.periods import parse_date
from ntm.finance.selectors import contribution_summary
from ntm.planning.models import Programme
from ntm.planning.progress import programme_progress
from ntm.planning.selectors import programmes_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _programme(request, pk: int) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("unit"), pk=pk)
    if not may_read(request.user, programme.unit, above=True):
        raise PermissionDenied
    return programme


def _figures(request, programme: Programme):
    as_of = parse_date(request.GET.get("as_of")) or timezone.localdate()
    rows = programme_progress(programme, as_of)
    start = datetime.date(programme.year_from, 1, 1)
    end = min(as_of, datetime.date(programme.year_to, 12, 31))
    money = contribution_summary(request.user, programme.unit, start, end)
    years = [line.year for line in rows[0].years] if rows else []
    return as_of, rows, money, years


@login_required
def programme_list(request):
    unit = unit_param(request, above=True)
    programmes = programmes_for(request.user, unit=unit)
    return render(request, "programmes/list.html", {"programmes": programmes, "unit": unit})


@login_required
def programme_detail(request, pk: int):
    programme = _programme(request, pk)
    as_of, rows, money, years = _figures(request, programme)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "as_of": as_of,
            "rows": rows,
            "money": money,
            "years": years,
            "plans": programme.plans.order_by("year"),
        },
    )


@login_required
def programme_xlsx(request, pk: int):
    programme = _programme(request, pk)
    as_of, rows, money, years = _figures(request, programme)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chỉ tiêu")
    sheet.append([str(programme)])
    sheet.append([_("Số liệu đến ngày %(day)s") % {"day": as_of.strftime("%d/%m/%Y")}])
    if programme.is_demo:
        sheet.append([_("Dữ liệu mẫu")])
    sheet.append([])
    head = [
        _("Chỉ tiêu"),
        _("Chỉ tiêu giai đoạn"),
        _("Đơn vị tính"),
        _("Thực hiện"),
        _("Tỷ lệ so với chỉ tiêu giai đoạn"),
        _("Kế hoạch các năm đến nay"),
        _("Tỷ lệ so với kế hoạch đến nay"),
        _("Đánh giá"),
        *[_("Thực hiện năm %(year)s") % {"year": year} for year in years],
    ]
    sheet.append(head)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        p = row.progress
        sheet.append(
            [
                ("– " * row.depth) + p.target.label,
                _number(p.target.target_value),
                p.target.unit_of_measure,
                _number(p.actual),
                _number(p.percent),
                _number(row.planned_to_date),
                _number(row.percent_to_date),
                p.status_label,
                *[_number(line.actual) for line in row.years],
            ]
        )
    sheet.column_dimensions["A"].width = 70
    people = workbook.create_sheet(_("Đóng góp"))
    people.append([_("Tiền mặt (triệu đồng)"), _("Đất hiến (m²)"), _("Ngày công")])
    people.append([_number(money.total.cash), _number(money.total.land_m2), _number(money.total.labour_days)])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="chuong-trinh-{programme.pk}.xlsx"'
    return response


def _number(value):
    """Numbers stay numbers in the workbook (a reader's locale prints the separators)."""
    return None if value is None else float(value)

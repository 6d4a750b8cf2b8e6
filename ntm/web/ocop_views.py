"""OCOP pages: products of a unit's area with their latest rating, counts by star, the expiring list,
and recording a rating (stars and expiry computed)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.scope import may_read, may_write, page_unit
from ntm.core.ocop import PART_MAXIMA, ScoreError
from ntm.core.periods import parse_date
from ntm.dates import DateField
from ntm.numberfield import DecimalField
from ntm.ocop.models import Product, Rating
from ntm.ocop.selectors import counts_by_star, expiring, latest_ratings
from ntm.ocop.services import record_rating
from ntm.units.models import AdminUnit


class RatingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Rating.Kind.choices)
    version = forms.ChoiceField(
        label=gettext_lazy("Phiên bản bộ tiêu chí"), choices=[(v, v) for v in PART_MAXIMA]
    )
    score_a = DecimalField(label=gettext_lazy("Điểm phần A"), min_value=0, max_digits=5, decimal_places=2)
    score_b = DecimalField(label=gettext_lazy("Điểm phần B"), min_value=0, max_digits=5, decimal_places=2)
    score_c = DecimalField(label=gettext_lazy("Điểm phần C"), min_value=0, max_digits=5, decimal_places=2)
    certified_on = DateField(label=gettext_lazy("Ngày công nhận"))
    certificate_number = forms.CharField(label=gettext_lazy("Số quyết định"), max_length=100, required=False)
    authority = forms.CharField(label=gettext_lazy("Cấp công nhận"), max_length=100, required=False)


@login_required
def ocop_list(request):
    unit = page_unit(request)
    today = parse_date(request.GET.get("on")) or timezone.localdate()
    units = AdminUnit.objects.filter(path__startswith=unit.path) if unit else AdminUnit.objects.all()
    ratings = latest_ratings(units)
    return render(
        request,
        "ocop/list.html",
        {
            "unit": unit,
            "today": today,
            "ratings": ratings,
            "expiring": expiring(ratings, today),
            "counts": sorted(counts_by_star(ratings, today).items(), reverse=True),
        },
    )


@login_required
def ocop_product(request, pk: int):
    product = get_object_or_404(Product.objects.select_related("producer__unit"), pk=pk)
    unit = product.producer.unit
    if not may_read(request.user, unit):
        raise PermissionDenied
    form = RatingForm(request.POST or None) if may_write(request.user, unit) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                record_rating(actor=request.user, product=product, **form.cleaned_data)
            except ScoreError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ghi kết quả đánh giá."))
                return redirect("ocop_product", pk=product.pk)
    return render(
        request,
        "ocop/product.html",
        {
            "product": product,
            "ratings": product.ratings.all(),
            "form": form,
            "today": timezone.localdate(),
        },
    )

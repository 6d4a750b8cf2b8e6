"""OCOP pages: products of a unit's area with their latest rating, counts by star, the expiring list;
producers and products created and edited, and ratings recorded (stars and expiry computed), each
through `ntm.ocop.services` (scope checked, audited)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.scope import may_read, may_write, page_unit, visible_units
from ntm.core.ocop import PART_MAXIMA, ScoreError
from ntm.core.periods import parse_date
from ntm.dates import DateField
from ntm.numberfield import DecimalField
from ntm.ocop.models import Producer, Product, Rating
from ntm.ocop.selectors import counts_by_star, expiring, latest_ratings, products_without_rating
from ntm.ocop.services import record_rating, save_producer, save_product
from ntm.units.models import AdminUnit, Level
from ntm.units.selectors import counterparts


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
    units = _area(request.user, unit)
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
            "unrated": products_without_rating(units).select_related("producer__unit").order_by("name"),
            "may_add": unit is not None and bool(_communes(request.user, unit).exists()),
        },
    )


def _area(user, unit):
    """The units whose producers a unit's OCOP page lists: its subtree and, across the 2025 reform,
    the subtrees of the units it came from or became (products keep their history), as far as the
    user may read them."""
    if unit is None:
        return AdminUnit.objects.all()
    condition = Q(path__startswith=unit.path)
    for other in counterparts(unit):
        condition |= Q(path__startswith=other.path)
    return visible_units(user, AdminUnit.objects.filter(condition))


def _communes(user, unit):
    """The communes in `unit`'s subtree (today's first) where the user may record OCOP data."""
    communes = AdminUnit.objects.filter(path__startswith=unit.path, level=Level.COMMUNE).order_by(
        "-valid_from", "name"
    )
    return communes.filter(pk__in=[c.pk for c in communes if may_write(user, c)])


REASON_LABEL = gettext_lazy("Lý do, căn cứ (nếu sửa)")


class ProducerForm(forms.ModelForm):
    reason = forms.CharField(label=REASON_LABEL, max_length=500, required=False)

    class Meta:
        model = Producer
        fields = ["name", "kind", "unit"]

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = communes
        self.fields["unit"].label = _("Xã, phường nơi chủ thể hoạt động")


class ProductForm(forms.ModelForm):
    reason = forms.CharField(label=REASON_LABEL, max_length=500, required=False)

    class Meta:
        model = Product
        fields = ["name", "group"]


@login_required
def ocop_producer_new(request):
    unit = page_unit(request)
    if unit is None:
        raise PermissionDenied
    communes = _communes(request.user, unit)
    if not communes.exists():
        raise PermissionDenied
    form = ProducerForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        producer = save_producer(
            actor=request.user, producer=form.save(commit=False), reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã thêm chủ thể %(name)s.") % {"name": producer.name})
        return redirect("ocop_producer", pk=producer.pk)
    return render(request, "ocop/producer_form.html", {"unit": unit, "form": form})


@login_required
def ocop_producer(request, pk: int):
    producer = get_object_or_404(Producer.objects.select_related("unit"), pk=pk)
    if not may_read(request.user, producer.unit):
        raise PermissionDenied
    editable = may_write(request.user, producer.unit)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and not editable:
        raise PermissionDenied
    communes = _communes(request.user, producer.unit) | AdminUnit.objects.filter(pk=producer.unit_id)
    form = ProducerForm(
        request.POST if action == "producer" else None, instance=producer, communes=communes.distinct()
    )
    product_form = ProductForm(request.POST if action == "product" else None)
    if action == "producer" and form.is_valid():
        save_producer(
            actor=request.user, producer=form.save(commit=False), reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã lưu chủ thể."))
        return redirect("ocop_producer", pk=producer.pk)
    if action == "product" and product_form.is_valid():
        product = product_form.save(commit=False)
        product.producer = producer
        save_product(actor=request.user, product=product, reason=product_form.cleaned_data["reason"])
        messages.success(request, _("Đã thêm sản phẩm %(name)s.") % {"name": product.name})
        return redirect("ocop_product", pk=product.pk)
    return render(
        request,
        "ocop/producer.html",
        {
            "producer": producer,
            "products": producer.products.order_by("name"),
            "form": form if editable else None,
            "product_form": product_form if editable else None,
        },
    )


@login_required
def ocop_product_edit(request, pk: int):
    product = get_object_or_404(Product.objects.select_related("producer__unit"), pk=pk)
    if not may_write(request.user, product.producer.unit):
        raise PermissionDenied
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        save_product(actor=request.user, product=form.save(commit=False), reason=form.cleaned_data["reason"])
        messages.success(request, _("Đã lưu sản phẩm."))
        return redirect("ocop_product", pk=product.pk)
    return render(request, "ocop/product_form.html", {"product": product, "form": form})


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

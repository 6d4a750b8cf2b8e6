"""The transparency page, open without signing in (`/cong-khai/`): dossiers posted for opinion and
recent decisions, by province and commune, with their self-assessment summary; a dossier's public
page with an opinion form (name optional, limited per address, CSRF, length limits, a field only
robots fill). What is shown is decided by `ntm.recognition.public`; every other page needs login."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.core.params import parse_id
from ntm.indicators.engine import catalog
from ntm.recognition import public
from ntm.recognition.models import Dossier
from ntm.units.models import AdminUnit, Level


class PublicOpinionForm(forms.Form):
    sender = forms.CharField(
        label=gettext_lazy("Họ và tên (không bắt buộc)"), required=False, max_length=public.SENDER_MAX
    )
    content = forms.CharField(
        label=gettext_lazy("Ý kiến của bạn"),
        max_length=public.CONTENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    website = forms.CharField(required=False, max_length=200)  # left empty by people: the field is hidden


def _set_name(code: str) -> str:
    cset = catalog().sets.get(code)
    return cset.name_vi if cset else code


def _summary(dossier: Dossier) -> str:
    report = dossier.self_assessment or {}
    return (report.get("summary") or {}).get("label", "")


def _row(dossier: Dossier) -> dict:
    return {
        "dossier": dossier,
        "set_name": _set_name(dossier.set_code),
        "summary": _summary(dossier),
        "provisional": ((dossier.self_assessment or {}).get("summary") or {}).get("provisional", False),
    }


def _province_of(unit: AdminUnit) -> int | None:
    first = unit.path.strip("/").split("/")[0]
    return int(first) if first.isdigit() else None


def public_index(request):
    province = None
    province_id = parse_id(request.GET.get("province"))
    if province_id:
        province = AdminUnit.objects.filter(pk=province_id, level=Level.PROVINCE).first()
    posted, decided = list(public.posted(province)), list(public.decided(province))
    everywhere = {_province_of(d.unit) for d in [*public.posted(), *public.decided()]}
    provinces = AdminUnit.objects.filter(pk__in=[p for p in everywhere if p]).order_by("name")
    for row in (posted_rows := [_row(d) for d in posted]):
        row["since"] = public.first_posted(row["dossier"])
    context = {
        "province": province,
        "provinces": provinces,
        "posted": _group(posted_rows),
        "decided": _group([_row(d) for d in decided]),
    }
    return render(request, "public/index.html", context)


def _group(rows: list[dict]) -> list[dict]:
    """Rows by province, provinces by name."""
    groups: dict[int | None, list[dict]] = {}
    for row in rows:
        groups.setdefault(_province_of(row["dossier"].unit), []).append(row)
    names: dict[int | None, str] = dict(
        AdminUnit.objects.filter(pk__in=[p for p in groups if p]).values_list("pk", "name")
    )
    return [
        {"province": names.get(p, ""), "rows": r}
        for p, r in sorted(groups.items(), key=lambda i: names.get(i[0], ""))
    ]


def public_dossier(request, pk):
    """A published dossier: its self-assessment, postings and decision; the opinion form while posted."""
    dossier = (
        Dossier.objects.select_related("unit", "step", "decision").filter(pk=parse_id(pk)).first()
        if parse_id(pk)
        else None
    )
    if dossier is None or not public.is_published(dossier):
        raise Http404(_("Không có hồ sơ công khai này."))
    is_open = public.is_open_for_opinion(dossier)
    form = PublicOpinionForm(request.POST or None)
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("Hồ sơ này hiện không lấy ý kiến."))
        elif form.is_valid():
            if form.cleaned_data["website"]:
                messages.success(request, _("Đã nhận ý kiến của bạn. Xin cảm ơn."))  # a robot: kept out
                return redirect("public_dossier", pk=dossier.pk)
            try:
                public.add_opinion(
                    dossier=dossier,
                    sender=form.cleaned_data["sender"],
                    content=form.cleaned_data["content"],
                    address=request.META.get("REMOTE_ADDR", ""),
                )
            except public.OpinionRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã nhận ý kiến của bạn. Xin cảm ơn."))
                return redirect("public_dossier", pk=dossier.pk)
    report = dossier.self_assessment or {}
    context = {
        "dossier": dossier,
        "row": _row(dossier),
        "criteria": report.get("criteria", []),
        "postings": dossier.postings.all(),
        "is_open": is_open,
        "form": form if is_open else None,
    }
    return render(request, "public/dossier.html", context)

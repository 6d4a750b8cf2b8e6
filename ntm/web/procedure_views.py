"""The recognition procedures: read by every signed-in user; the steps of an unconfirmed procedure
(2026–2030) edited by national administrators, each edit audited with its reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntm.accounts.permissions import is_admin
from ntm.core.params import parse_id
from ntm.recognition.models import Procedure, ProcedureStep
from ntm.recognition.procedures import RULE_NUMBERS, ProcedureLocked, edit_step


@login_required
def procedure_list(request):
    procedures = Procedure.objects.prefetch_related("steps")
    return render(
        request, "recognition/procedures.html", {"procedures": procedures, "may_edit": is_admin(request.user)}
    )


class StepForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên bước"), max_length=300)
    actor = forms.ChoiceField(label=gettext_lazy("Chủ thể thực hiện"), choices=ProcedureStep.Actor.choices)
    documents = forms.CharField(
        label=gettext_lazy("Hồ sơ phải có (mỗi dòng: mã: tên)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    min_broadcasts = forms.IntegerField(
        label=gettext_lazy("Số lần thông báo tối thiểu"), required=False, min_value=0
    )
    within_days = forms.IntegerField(label=gettext_lazy("Số ngày niêm yết"), required=False, min_value=0)
    min_pct = forms.IntegerField(
        label=gettext_lazy("Tỷ lệ hộ tối thiểu (%)"), required=False, min_value=0, max_value=100
    )
    over_pct = forms.IntegerField(
        label=gettext_lazy("Hội đồng thông qua khi số thành viên tán thành trên (%)"),
        required=False,
        min_value=0,
        max_value=99,
    )
    verified = forms.BooleanField(label=gettext_lazy("Đã đối chiếu văn bản"), required=False)
    source = forms.CharField(label=gettext_lazy("Căn cứ"), max_length=500, required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do sửa"), max_length=500)

    def clean_documents(self):
        documents = []
        for line in self.cleaned_data["documents"].splitlines():
            if not line.strip():
                continue
            code, sep, name = line.partition(":")
            if not sep or not code.strip() or not name.strip():
                raise forms.ValidationError(_("Mỗi dòng phải có dạng “mã: tên”."))
            documents.append({"code": code.strip()[:50], "name": name.strip()[:300]})
        return documents


@login_required
def procedure_step_edit(request, pk):
    if not is_admin(request.user):
        raise PermissionDenied
    step = ProcedureStep.objects.select_related("procedure").filter(pk=parse_id(pk)).first()
    if step is None:
        raise Http404(_("Không tìm thấy bước này."))
    initial = {
        "name": step.name,
        "actor": step.actor,
        "documents": "\n".join(f"{d['code']}: {d['name']}" for d in step.documents),
        "verified": step.verified,
        "source": step.source,
        **{k: v for k, v in step.rule.items() if k in RULE_NUMBERS},
    }
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edit_step(
                actor=request.user,
                step=step,
                name=data["name"],
                actor_code=data["actor"],
                documents=data["documents"],
                numbers={k: data[k] for k in RULE_NUMBERS},
                verified=data["verified"],
                source=data["source"],
                reason=data["reason"],
            )
        except ProcedureLocked as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã lưu bước."))
            return redirect("procedure_list")
    return render(
        request,
        "recognition/procedure_step.html",
        {"step": step, "form": form, "locked": step.procedure.verified},
    )

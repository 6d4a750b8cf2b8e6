"""Recognition dossiers: a unit's dossiers (and those below it) with registration, one dossier's page
with its steps, documents, posting, opinions, sign-offs and history, and the POST routes that move it.
Every read goes through `scope.unit_for`; every move through `ntm.recognition.dossiers`, which
checks the actor of the step and audits."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ntm import storage
from ntm.accounts import permissions as rules
from ntm.accounts.scope import unit_for, visible
from ntm.core.params import parse_id
from ntm.dates import DateField
from ntm.indicators.engine import catalog, set_level_of, set_name
from ntm.indicators.models import Evidence
from ntm.recognition import council, survey
from ntm.recognition import dossiers as flow
from ntm.recognition.models import Dossier, DossierDocument, Opinion, Posting, ProcedureStep
from ntm.storage import StorageFailed


class RegisterForm(forms.Form):
    set_code = forms.ChoiceField(label=gettext_lazy("Bộ tiêu chí / hạng"))
    year = forms.IntegerField(label=gettext_lazy("Năm đăng ký đạt chuẩn"), min_value=2021, max_value=2035)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, max_length=2000)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        level = set_level_of(unit)
        self.fields["set_code"].choices = [  # type: ignore[attr-defined]
            (c.code, set_name(c.code))
            for c in catalog().sets.values()
            if c.level == level and flow.procedure_for(c.code) is not None
        ]


class AdvanceForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Ghi chú"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    number = forms.CharField(label=gettext_lazy("Số quyết định"), required=False, max_length=100)
    date = DateField(label=gettext_lazy("Ngày quyết định"), required=False)
    authority = forms.CharField(
        label=gettext_lazy("Cơ quan ban hành"),
        required=False,
        max_length=200,
        initial=gettext_lazy("UBND tỉnh"),
    )

    FIELDS_BY_RULE = {"decision": ("number", "date", "authority")}

    def __init__(self, *args, step: ProcedureStep, **kwargs):
        super().__init__(*args, **kwargs)
        keep = {"note", *self.FIELDS_BY_RULE.get(step.rule.get("kind", ""), ())}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def data_for_step(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "note" and v not in (None, "")}


class PostingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Hình thức"), choices=Posting.Kind.choices)
    date = DateField(label=gettext_lazy("Ngày"))
    place = forms.CharField(label=gettext_lazy("Địa điểm / phương tiện"), max_length=300)


class OpinionForm(forms.Form):
    received_on = DateField(label=gettext_lazy("Ngày nhận"))
    sender = forms.CharField(label=gettext_lazy("Người / tổ chức góp ý"), max_length=200)
    content = forms.CharField(
        label=gettext_lazy("Nội dung"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SurveyForm(forms.Form):
    """One unit's survey result: households, households surveyed, satisfied households per content."""

    unit = forms.TypedChoiceField(label=gettext_lazy("Đơn vị được lấy ý kiến"), coerce=int)
    households = forms.IntegerField(label=gettext_lazy("Tổng số hộ"), min_value=1, max_value=10_000_000)
    surveyed = forms.IntegerField(
        label=gettext_lazy("Số hộ được lấy ý kiến"), min_value=1, max_value=10_000_000
    )

    def __init__(self, *args, dossier: Dossier, **kwargs):
        super().__init__(*args, **kwargs)
        units = survey.survey_units(dossier)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]  # type: ignore[attr-defined]
        self.contents = survey.contents(dossier, units[0]) if units else []
        for code, name in self.contents:
            self.fields[f"satisfied_{code}"] = forms.IntegerField(
                label=_("Số hộ hài lòng: %(content)s") % {"content": name}, min_value=0, max_value=10_000_000
            )

    def satisfied(self) -> dict[str, int]:
        return {code: self.cleaned_data[f"satisfied_{code}"] for code, _name in self.contents}


class VoteForm(forms.Form):
    met_on = DateField(label=gettext_lazy("Ngày họp Hội đồng"))
    members = forms.CharField(
        label=gettext_lazy(
            "Biểu quyết của từng thành viên (mỗi dòng: Họ và tên: tán thành / không tán thành)"
        ),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _target_year(unit) -> int:
    """This year, or the last year of a unit that no longer exists (its era's dossiers)."""
    today = timezone.localdate()
    return unit.valid_to.year if unit.valid_to is not None and unit.valid_to < today else today.year


def _dossier(request, pk) -> Dossier:
    """The dossier with id `pk` if the user may read its unit: 404 when unknown, 403 out of scope."""
    dossier_id = parse_id(pk)
    dossier = (
        Dossier.objects.select_related("unit", "step", "procedure", "decision").filter(pk=dossier_id).first()
        if dossier_id
        else None
    )
    if dossier is None:
        raise Http404(_("Không tìm thấy hồ sơ này."))
    unit_for(request, dossier.unit_id)
    return dossier


@login_required
def unit_dossiers(request, pk):
    """The dossiers of the unit and the units below it, and (for the unit's own office) registration."""
    unit = unit_for(request, pk)
    level = set_level_of(unit)
    first_actor = ProcedureStep.Actor.DISTRICT if level == "district" else ProcedureStep.Actor.COMMUNE
    may_register = level is not None and rules.can_act_on_step(request.user, unit, first_actor)
    form = (
        RegisterForm(request.POST or None, unit=unit, initial={"year": _target_year(unit)})
        if may_register
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                dossier = flow.register(actor=request.user, unit=unit, **form.cleaned_data)
            except flow.DossierRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã đăng ký năm đạt chuẩn; hồ sơ đã được lập."))
                return redirect("dossier_detail", pk=dossier.pk)
    rows = visible(
        request.user, Dossier.objects.filter(unit__path__startswith=unit.path).select_related("unit", "step")
    ).order_by("-year", "unit__name")
    return render(request, "recognition/dossiers.html", {"unit": unit, "dossiers": rows, "form": form})


def _criteria_rows(dossier: Dossier, report: dict, user) -> list[dict]:
    """The self-assessment's criteria with their evidence files and latest sign-off."""
    evidence: dict[str, list[Evidence]] = {}
    for item in Evidence.objects.filter(unit=dossier.unit, set_code=dossier.set_code, year=dossier.year):
        evidence.setdefault(item.indicator_code, []).append(item)
    signoffs = flow.latest_signoffs(dossier)
    rows = []
    for criterion in report["criteria"]:
        code = criterion["code"]
        files = evidence.get(code, []) + [
            e for i in criterion["indicators"] for e in evidence.get(i["code"], [])
        ]
        rows.append(
            {
                **criterion,
                "evidence": files,
                "signoff": signoffs.get(code),
                "may_sign": flow.may_sign(user, dossier, code),
            }
        )
    return rows


@login_required
def dossier_detail(request, pk):
    dossier = _dossier(request, pk)
    steps = flow.steps_of(dossier)
    done = {e.step_id: e for e in dossier.events.filter(kind="advance").select_related("user")}
    report = dossier.self_assessment or flow.self_assessment(dossier)
    step = dossier.step
    may_act = flow.may_act(request.user, dossier)
    posting_rule = next((s.rule for s in steps if s.rule.get("kind") == "posting"), None)
    documents = {d["code"]: d["name"] for s in steps for d in s.documents}
    context = {
        "dossier": dossier,
        "unit": dossier.unit,
        "steps": [
            {"step": s, "done": done.get(s.pk), "current": s == step and dossier.status != "decided"}
            for s in steps
        ],
        "report": report,
        "report_is_snapshot": dossier.self_assessment is not None,
        "criteria": _criteria_rows(dossier, report, request.user),
        "may_act": may_act,
        "may_return": may_act and step is not None and step.actor != steps[0].actor,
        "may_work": dossier.status != Dossier.Status.DECIDED
        and rules.can_act_on_step(request.user, dossier.unit, steps[0].actor),
        "shortfall": flow.shortfall(dossier)
        if step is not None and step.rule.get("kind") != "decision"
        else [],
        "advance_form": AdvanceForm(step=step) if may_act and step is not None else None,
        "posting": flow.posting_state(dossier, posting_rule) if posting_rule else None,
        "posting_rule": posting_rule,
        "posting_form": PostingForm(),
        "opinion_form": OpinionForm(),
        "documents": [{"doc": d, "name": documents.get(d.code, d.code)} for d in dossier.documents.all()],
        "document_choices": documents,
        "survey": survey.survey_state(dossier)
        if any(s.rule.get("kind") == "coverage" for s in steps)
        else None,
        "survey_form": SurveyForm(dossier=dossier) if survey.may_enter(request.user, dossier) else None,
        "contents_verified": survey.CONTENTS_VERIFIED,
        "vote_step": next((s for s in steps if s.rule.get("kind") == "vote"), None),
        "votes": dossier.council_votes.select_related("user").order_by("-at", "-id"),
        "vote_form": VoteForm() if council.may_vote(request.user, dossier) else None,
        "changes": flow.changes_after_signoff(dossier),
        "events": dossier.events.select_related("step", "user"),
    }
    return render(request, "recognition/dossier.html", context)


def _back(dossier: Dossier):
    return redirect("dossier_detail", pk=dossier.pk)


def _run(request, dossier: Dossier, success: str, move) -> None:
    """Run a move; a refusal becomes the page's error message (a permission refusal stays a 403)."""
    try:
        move()
    except flow.DossierRefused as exc:
        messages.error(request, str(exc))
    except StorageFailed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
@require_POST
def dossier_advance(request, pk):
    dossier = _dossier(request, pk)
    if not flow.may_act(request.user, dossier):
        raise PermissionDenied
    form = AdvanceForm(request.POST, step=dossier.step)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(dossier)
    _run(
        request,
        dossier,
        _("Đã hoàn thành bước “%(step)s”.") % {"step": dossier.step.name},
        lambda: flow.advance(
            actor=request.user, dossier=dossier, note=form.cleaned_data["note"], data=form.data_for_step()
        ),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_return(request, pk):
    dossier = _dossier(request, pk)
    _run(
        request,
        dossier,
        _("Đã trả lại hồ sơ để hoàn thiện."),
        lambda: flow.send_back(actor=request.user, dossier=dossier, comment=request.POST.get("comment", "")),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_upload(request, pk):
    dossier = _dossier(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Hãy chọn tệp cần nộp."))
        return _back(dossier)
    _run(
        request,
        dossier,
        _("Đã nộp tệp “%(name)s”.") % {"name": upload.name},
        lambda: flow.attach(
            actor=request.user, dossier=dossier, code=request.POST.get("code", ""), upload=upload
        ),
    )
    return _back(dossier)


@login_required
def dossier_document(request, pk, document_id):
    dossier = _dossier(request, pk)
    document = DossierDocument.objects.filter(pk=parse_id(document_id), dossier=dossier).first()
    if document is None:
        raise Http404(_("Không tìm thấy tệp này."))
    try:
        stored = storage.open_file(document.file.storage, document.file.name or "")
    except StorageFailed as exc:
        messages.error(request, str(exc))
        return _back(dossier)
    if stored is None:
        raise Http404(_("Tệp không còn trong kho lưu trữ; hãy báo quản trị hệ thống."))
    response = FileResponse(
        stored, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def dossier_posting(request, pk):
    dossier = _dossier(request, pk)
    form = PostingForm(request.POST)
    if not rules.can_act_on_step(request.user, dossier.unit, flow.steps_of(dossier)[0].actor):
        raise PermissionDenied
    if not form.is_valid():
        _form_errors(request, form)
        return _back(dossier)
    _run(
        request,
        dossier,
        _("Đã ghi việc công khai."),
        lambda: flow.add_posting(actor=request.user, dossier=dossier, **form.cleaned_data),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_opinion(request, pk):
    """Record an opinion received (form fields of OpinionForm) or answer one (`opinion` + `answer`)."""
    dossier = _dossier(request, pk)
    if not rules.can_act_on_step(request.user, dossier.unit, flow.steps_of(dossier)[0].actor):
        raise PermissionDenied
    if "answer" in request.POST:
        opinion = Opinion.objects.filter(pk=parse_id(request.POST.get("opinion")), dossier=dossier).first()
        if opinion is None:
            raise Http404(_("Không tìm thấy ý kiến này."))
        _run(
            request,
            dossier,
            _("Đã ghi trả lời."),
            lambda: flow.answer_opinion(actor=request.user, opinion=opinion, answer=request.POST["answer"]),
        )
        return _back(dossier)
    form = OpinionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(dossier)
    _run(
        request,
        dossier,
        _("Đã ghi ý kiến."),
        lambda: flow.add_opinion(actor=request.user, dossier=dossier, **form.cleaned_data),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_signoff(request, pk):
    dossier = _dossier(request, pk)
    code = request.POST.get("criterion", "")
    if not flow.may_sign(request.user, dossier, code):
        raise PermissionDenied
    agree = request.POST.get("agree") == "yes"
    _run(
        request,
        dossier,
        _("Đã ghi ý kiến thẩm định tiêu chí %(code)s.") % {"code": code},
        lambda: flow.sign_off(
            actor=request.user,
            dossier=dossier,
            criterion_code=code,
            agree=agree,
            reason=request.POST.get("reason", ""),
        ),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_survey(request, pk):
    """Record one unit's household satisfaction survey (the Front's step)."""
    dossier = _dossier(request, pk)
    if not survey.may_enter(request.user, dossier):
        raise PermissionDenied
    form = SurveyForm(request.POST, dossier=dossier)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(dossier)
    _run(
        request,
        dossier,
        _("Đã ghi kết quả lấy ý kiến sự hài lòng."),
        lambda: survey.record(
            actor=request.user,
            dossier=dossier,
            unit=form.units[form.cleaned_data["unit"]],
            households=form.cleaned_data["households"],
            surveyed=form.cleaned_data["surveyed"],
            satisfied=form.satisfied(),
        ),
    )
    return _back(dossier)


@login_required
@require_POST
def dossier_vote(request, pk):
    """Record the appraisal council's vote, member by member."""
    dossier = _dossier(request, pk)
    if not council.may_vote(request.user, dossier):
        raise PermissionDenied
    form = VoteForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(dossier)

    def vote():
        members = council.parse_members(form.cleaned_data["members"])
        result = council.record_vote(
            actor=request.user, dossier=dossier, met_on=form.cleaned_data["met_on"], members=members
        )
        if not result.passed:
            messages.warning(request, _("Hội đồng chưa thông qua hồ sơ theo kết quả biểu quyết."))

    _run(request, dossier, _("Đã ghi biểu quyết của Hội đồng thẩm định."), vote)
    return _back(dossier)

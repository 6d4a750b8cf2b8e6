"""Recognition decisions: a unit recognised as meeting a set (or having it revoked) by a decision.

"Meets the criteria now" (the assessment) and "recognised by decision" are different facts and are
shown side by side; a recognised unit whose current assessment fails carries the engine's
revocation-risk flag.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    class Kind(models.TextChoices):
        RECOGNISE = "recognise", _("Công nhận đạt chuẩn")
        REVOKE = "revoke", _("Thu hồi quyết định công nhận")

    unit = models.ForeignKey(
        "units.AdminUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )
    set_code = models.CharField(_("bộ tiêu chí / hạng"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm đạt chuẩn"))
    kind = models.CharField(_("loại quyết định"), max_length=10, choices=Kind.choices, default=Kind.RECOGNISE)
    number = models.CharField(_("số quyết định"), max_length=100)
    date = models.DateField(_("ngày quyết định"))
    authority = models.CharField(_("cơ quan ban hành"), max_length=200)
    note = models.TextField(_("ghi chú"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_code", "kind", "number"], name="decision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y}) {self.unit}"


class Procedure(models.Model):
    """A recognition procedure: the ordered steps for the sets it lists (`procedures.py` seeds it)."""

    code = models.CharField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên trình tự"), max_length=300)
    set_codes = models.JSONField(_("bộ tiêu chí áp dụng"), default=list)
    verified = models.BooleanField(_("đã xác nhận"), default=False)
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("trình tự công nhận")
        verbose_name_plural = _("trình tự công nhận")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    class Actor(models.TextChoices):
        COMMUNE = "commune", _("UBND xã")
        DISTRICT = "district", _("UBND huyện")
        PROVINCE = "province", _("Văn phòng điều phối tỉnh")
        FRONT = "front", _("Mặt trận Tổ quốc")
        SECTORS = "sectors", _("Các sở, ngành")
        COUNCIL = "council", _("Hội đồng thẩm định")
        CHAIRMAN = "chairman", _("Chủ tịch UBND")

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã bước"), max_length=50)
    name = models.CharField(_("tên bước"), max_length=300)
    actor = models.CharField(_("chủ thể thực hiện"), max_length=20, choices=Actor.choices)
    documents = models.JSONField(_("hồ sơ phải có"), default=list, help_text="[{code, name}]")
    rule = models.JSONField(_("điều kiện"), default=dict, blank=True)
    verified = models.BooleanField(_("đã xác nhận"), default=False)
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("bước công nhận")
        verbose_name_plural = _("bước công nhận")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="procedure_step_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Dossier(models.Model):
    """The recognition dossier of one unit under one set for one target year."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        RETURNED = "returned", _("Trả lại để hoàn thiện")
        DECIDED = "decided", _("Đã có quyết định")

    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="dossiers")
    set_code = models.CharField(_("bộ tiêu chí"), max_length=50)
    year = models.PositiveSmallIntegerField(_("năm đăng ký đạt chuẩn"))
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="dossiers")
    step = models.ForeignKey(
        ProcedureStep, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("bước hiện tại")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    self_assessment = models.JSONField(_("báo cáo tự đánh giá"), null=True, blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("hồ sơ công nhận")
        verbose_name_plural = _("hồ sơ công nhận")
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "set_code", "year"], name="dossier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.set_code} · {self.year}"


class DossierEvent(models.Model):
    """One move of a dossier (registered, step completed, returned, posting, opinion, sign-off,
    document): who, when, on which step and why. The audit log holds the same in the same transaction."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    step = models.ForeignKey(ProcedureStep, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại"), max_length=30)
    note = models.TextField(_("lý do / ghi chú"), blank=True)
    data = models.JSONField(null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor = models.CharField(_("người thực hiện"), max_length=150)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.kind}"


class DossierDocument(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    code = models.CharField(_("loại hồ sơ"), max_length=50)
    file = models.FileField(_("tệp"), upload_to="dossiers/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Posting(models.Model):
    """A public posting (niêm yết) or a broadcast (loa, đài truyền thanh) of the dossier's report."""

    class Kind(models.TextChoices):
        POSTED = "posted", _("Niêm yết công khai")
        BROADCAST = "broadcast", _("Thông báo trên hệ thống truyền thanh")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="postings")
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm / phương tiện"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Opinion(models.Model):
    """An opinion received on the posted report, and the answer given to it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="opinions")
    received_on = models.DateField(_("ngày nhận"))
    sender = models.CharField(_("người / tổ chức góp ý"), max_length=200)
    content = models.TextField(_("nội dung"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    public = models.BooleanField(_("gửi qua trang công khai"), default=False)
    # for the public page's limit per sender: when it came, and a keyed hash of the address
    submitted_at = models.DateTimeField(null=True, blank=True)
    client = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.sender} {self.received_on:%d/%m/%Y}"


class SignOff(models.Model):
    """A sector's appraisal of one criterion of the dossier's set (the latest per criterion counts)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="signoffs")
    criterion_code = models.CharField(_("tiêu chí"), max_length=20)
    agree = models.BooleanField(_("thống nhất"))
    reason = models.TextField(_("lý do"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.agree}"


class SurveyResult(models.Model):
    """The Fatherland Front's household satisfaction survey in one unit: the dossier's own unit, or
    each commune of a district's dossier. Households, households surveyed and, per content, how many
    of them said they were satisfied. Entries are kept (a correction is a new entry); the latest per
    unit counts."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="survey_results")
    unit = models.ForeignKey("units.AdminUnit", on_delete=models.PROTECT, related_name="+")
    households = models.PositiveIntegerField(_("tổng số hộ"))
    surveyed = models.PositiveIntegerField(_("số hộ được lấy ý kiến"))
    satisfied = models.JSONField(_("số hộ hài lòng theo nội dung"), default=dict)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.unit_id}: {self.surveyed}/{self.households}"


class CouncilVote(models.Model):
    """The appraisal council's vote on the dossier: each member's vote and the result (the minutes
    are the step's document). A new vote is a new row; the latest counts."""

    class Vote(models.TextChoices):
        FOR = "for", _("Tán thành")
        AGAINST = "against", _("Không tán thành")
        ABSTAIN = "abstain", _("Không biểu quyết")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="council_votes")
    met_on = models.DateField(_("ngày họp"))
    members = models.JSONField(_("biểu quyết của thành viên"), default=list, help_text="[{name, vote}]")
    votes_for = models.PositiveSmallIntegerField(_("số thành viên tán thành"))
    votes_against = models.PositiveSmallIntegerField(_("số thành viên không tán thành"))
    abstained = models.PositiveSmallIntegerField(_("số thành viên không biểu quyết"), default=0)
    passed = models.BooleanField(_("thông qua"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.votes_for}/{len(self.members)}"

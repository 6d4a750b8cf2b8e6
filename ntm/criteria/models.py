"""Criteria sets and provincial override files as versioned documents.

A `Document` is one set (``xa-ntm-2021``) or one override file (``lai-chau-1285-2022``); each of
its `Version`s holds the whole document as JSON in the YAML's own structure, so the core parser
validates it. A version is a draft, then published (in force from its effective date), then
superseded by a later one; none is ever deleted. `Cell` records who entered each threshold cell of
a version and who verified it against which clause of which decision (maker–checker).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Kind(models.TextChoices):
        SET = "set", _("Bộ tiêu chí")
        OVERRIDE = "override", _("Điều chỉnh của tỉnh")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    code = models.CharField(max_length=80, unique=True, help_text="set code, or override file name")
    province_code = models.CharField(
        max_length=5, blank=True, help_text="the province of an override file; blank for sets"
    )

    def __str__(self) -> str:
        return self.code


class Version(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã ban hành")
        SUPERSEDED = "superseded", _("Đã được thay thế")

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    content = models.JSONField(help_text="the whole document, in the YAML's structure")
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(
        null=True, blank=True, help_text="in force for the years from this date's year (published versions)"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(max_length=150, help_text="who wrote it: a user, or the command (seed)")
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="criteria_version_unique")]
        ordering = ["document", "-number"]

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    @property
    def label(self) -> str:
        """What an assessment names: the document and version number."""
        return f"{self.document.code} v{self.number}"


class Cell(models.Model):
    """One threshold cell of a version: its value as entered, who entered it, who verified it.

    Unchanged cells are carried from the version a draft is based on (with their verification);
    a changed value starts unverified, entered by the draft's author."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="cells")
    indicator_code = models.CharField(max_length=20)
    column = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    value = models.JSONField(null=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField()
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(_("văn bản"), max_length=200, blank=True)
    clause = models.CharField(_("điều, khoản, mục"), max_length=200, blank=True)
    document_file = models.FileField(max_length=200, blank=True, help_text="the decision's PDF, if attached")
    document_name = models.CharField(max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["version", "indicator_code"])]

    def __str__(self) -> str:
        year = f" {self.year}" if self.year else ""
        return f"{self.version} · {self.indicator_code} · {self.column}{year}"


class PublishJob(models.Model):
    """The background re-evaluation after a version is published, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang đánh giá lại")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Thất bại")

    version = models.ForeignKey(Version, on_delete=models.PROTECT, related_name="jobs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.version} · {self.status}"

"""Access tokens for machine clients. A token acts as its user (same roles, same scope); only the
SHA-256 of the token is stored, so it is shown once, when an administrator creates it."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "ntm_"
DISPLAY_PREFIX_LENGTH = 12  # "ntm_" + 8 characters, enough to tell tokens apart in lists


def hash_token(raw: str) -> str:
    """Tokens carry 256 random bits, so a fast hash is enough (no password stretching needed)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("Mã truy cập mang đúng vai trò và phạm vi của người dùng này."),
    )
    name = models.CharField(_("tên, mục đích"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=DISPLAY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    def set_new_key(self) -> str:
        """Give the token a fresh secret; returns the raw token, which is never stored."""
        raw = new_raw_token()
        self.key_hash = hash_token(raw)
        self.prefix = raw[:DISPLAY_PREFIX_LENGTH]
        return raw

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.user.is_active
            and (self.expires_at is None or self.expires_at > timezone.now())
        )

"""The two ways into the API: a browser session (with CSRF on unsafe methods) or a bearer token.

Both put the acting user in `request.auth`; everything downstream checks that user's roles.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .models import ApiToken, hash_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)  # don't write on every request


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer ntm_…`. A token that is present but unknown, revoked or expired is a
    401 even when a session cookie is also sent: the client meant to use the token."""

    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(key_hash=hash_token(token.strip()))
            .first()
        )
        if row is None:
            raise AuthenticationError(401, "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user


class SessionCsrfAuth(APIKeyCookie):
    """The signed-in browser user. Unsafe methods must carry the CSRF token (`X-CSRFToken`), exactly
    as the web forms do; an anonymous request is simply not authenticated (→ 401)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF).")
        return user

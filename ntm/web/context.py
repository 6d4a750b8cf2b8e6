"""Template context shared by every page."""

from django.conf import settings

from ntm.accounts.permissions import is_admin
from ntm.notices.services import unread_count
from ntm.units.models import AdminUnit

from .nav import my_dashboard_url


def site(request):
    return {
        "site_name": settings.NTM_SITE_NAME,
        # Django's login view sets its own `site_name` (the host, "127.0.0.1:8000"): the brand bar
        # reads this one, which no view overrides.
        "ntm_site_name": settings.NTM_SITE_NAME,
        "demo_mode": _has_demo_data(),
        "user_is_admin": is_admin(request.user) if hasattr(request, "user") else False,
        "nav_dashboard_url": _dashboard_url(request),
        "notices_unread": unread_count(request.user) if hasattr(request, "user") else 0,
    }


def _dashboard_url(request) -> str | None:
    """The navigation's "Bảng điều khiển": the page `my_dashboard` opens, shown only when the user
    may open it (nav.py)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return my_dashboard_url(user)


def _has_demo_data() -> bool:
    return AdminUnit.objects.filter(is_demo=True).exists()

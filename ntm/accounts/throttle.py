"""Two login limits at once: per username and address, and per address alone.

django-axes counts failures for each combination in `AXES_LOCKOUT_PARAMETERS` and compares the
largest count with one limit. The address count is never below the username+address count, so the
limit given here is the per-user one once that pair has reached it, and the higher per-address one
otherwise: a person mistyping is stopped after a few tries, and spraying many usernames from one
address is stopped too, without locking a whole office (one address) out after five typos."""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def failure_limit(request, credentials=None) -> int:
    per_user = settings.NTM_LOGIN_FAILURE_LIMIT
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        attempt_time__gte=get_cool_off_threshold(request),
    )
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return per_user if failures >= per_user else settings.NTM_LOGIN_IP_FAILURE_LIMIT

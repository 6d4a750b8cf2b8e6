"""The notification inbox (`/thong-bao/`, ntm/notices): a user's own notices, newest first, marked
read one by one or all at once, and their choice of also receiving them by e-mail. Every query is
narrowed to the signed-in recipient: another user's notice is a 404, whoever asks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.notices import services
from ntm.notices.models import Notice

PAGE = 50


@login_required
def inbox(request):
    notices = Notice.objects.filter(recipient=request.user).select_related("unit")
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    page = Paginator(notices, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "email": request.user.email,
            "wants_email": services.wants_email(request.user),
        },
    )


@login_required
@require_POST
def notice_read(request, notice_id):
    """Mark the notice read; with `open`, go to what it is about."""
    notice = get_object_or_404(Notice, pk=notice_id, recipient=request.user)
    services.mark_read(request.user, notice.pk)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.link)
    return redirect("notices")


@login_required
@require_POST
def notices_read_all(request):
    count = services.mark_read(request.user)
    messages.success(request, _("Đã đánh dấu %(n)d thông báo là đã đọc.") % {"n": count})
    return redirect("notices")


@login_required
@require_POST
def notices_email(request):
    services.set_email(actor=request.user, user=request.user, email=request.POST.get("email") == "1")
    messages.success(request, _("Đã lưu cách nhận thông báo."))
    return redirect("notices")

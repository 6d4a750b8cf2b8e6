"""The administrator's audit page: every write with who, when, what, old, new and why."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from ntm.accounts.permissions import is_admin
from ntm.audit.models import AuditRecord
from ntm.core.params import clean_text
from ntm.core.periods import parse_date

from .audit_sentences import action_label, object_type_label, sentence


@login_required
def audit_log(request):
    if not is_admin(request.user):
        raise PermissionDenied
    records = AuditRecord.objects.select_related("user")
    filters = {
        key: clean_text(request.GET.get(key))
        for key in ("actor", "action", "object_type", "q", "since", "until")
    }
    if filters["actor"]:
        records = records.filter(actor__icontains=filters["actor"])
    if filters["action"]:
        records = records.filter(action=filters["action"])
    if filters["object_type"]:
        records = records.filter(object_type=filters["object_type"])
    if filters["q"]:
        records = records.filter(object_label__icontains=filters["q"])
    if since := parse_date(filters["since"]):
        records = records.filter(at__date__gte=since)
    if until := parse_date(filters["until"]):
        records = records.filter(at__date__lte=until)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    lang = "en" if (get_language() or "vi").startswith("en") else "vi"
    return render(
        request,
        "audit/log.html",
        {
            "page": page,
            "filters": filters,
            "rows": [(record, sentence(record, lang)) for record in page],
            "actions": [
                (action, action_label(action))
                for action in AuditRecord.objects.order_by("action")
                .values_list("action", flat=True)
                .distinct()
            ],
            "object_types": [
                (object_type, object_type_label(object_type))
                for object_type in AuditRecord.objects.order_by("object_type")
                .values_list("object_type", flat=True)
                .distinct()
            ],
            "query": "&".join(f"{k}={v}" for k, v in filters.items() if v),
        },
    )

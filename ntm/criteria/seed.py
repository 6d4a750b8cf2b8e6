"""Version 1 of every set and override file, from the shipped YAML (`ntm/catalogs`).

Runs after every `migrate` (so `ntm setup` and the test database get it) and is idempotent: a
document with versions is left alone, unless its newest published version came from the shipped
file and the file has changed since (a new release) — then the file becomes a new version. A
version someone published in the system is never replaced by the file."""

import datetime

from django.db import transaction
from django.utils import timezone

from ntm.audit import services as audit
from ntm.core.catalog import read_documents

from . import published
from .documents import to_json
from .models import Document, Version

ACTOR = "ntm setup (tệp mặc định)"


def after_migrate(**kwargs) -> None:
    seed_from_files(using=kwargs.get("using", "default"))


def seed_from_files(using: str = "default") -> int:
    """Create the versions the shipped files call for; returns how many were created."""
    sets, overrides = read_documents()
    created = 0
    with transaction.atomic(using=using):
        for code, data in sets.items():
            created += _seed(Document.Kind.SET, code, "", data)
        for name, data in overrides.items():
            created += _seed(Document.Kind.OVERRIDE, name, str(data.get("province_code", "")), data)
    if created:
        transaction.on_commit(published.SOURCE.invalidate, using=using)
    return created


def _seed(kind: str, code: str, province_code: str, data: dict) -> int:
    content = to_json(data)
    document, _ = Document.objects.get_or_create(
        code=code, defaults={"kind": kind, "province_code": province_code}
    )
    latest = document.versions.filter(state=Version.State.PUBLISHED).order_by("-number").first()
    if latest is not None and (
        latest.author_id is not None or latest.actor != ACTOR or latest.content == content
    ):
        return 0
    if latest is None and document.versions.exists():
        return 0
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if latest is not None:
        latest.state = Version.State.SUPERSEDED
        latest.save(update_fields=["state"])
    version = Version.objects.create(
        document=document,
        number=number,
        state=Version.State.PUBLISHED,
        content=content,
        based_on=latest,
        effective_from=_effective(content, latest),
        actor=ACTOR,
        reason="Phiên bản từ tệp bộ tiêu chí phát hành kèm hệ thống.",
        published_at=timezone.now(),
    )
    audit.record(
        actor=ACTOR,
        action="criteria.seed",
        obj=version,
        label=version.label,
        new={"number": number, "effective_from": str(version.effective_from or "")},
        reason=version.reason,
    )
    return 1


def _effective(content: dict, latest: Version | None) -> datetime.date | None:
    """The set's own start (its valid_from); an override file has none: always in force."""
    if latest is not None:
        return latest.effective_from
    raw = content.get("valid_from")
    return datetime.date.fromisoformat(raw) if isinstance(raw, str) else None

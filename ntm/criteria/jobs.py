"""The re-evaluation after a publication, in the background (`ntm/queue.py`), with its progress on
the job row: each (set, year) is re-evaluated and its roll-ups rebuilt in one transaction, so a
killed run can simply run again."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ntm.indicators.assess import reassess_many
from ntm.queue import job_failure

from .impact import affected, target_sets
from .models import PublishJob
from .published import SOURCE

RUNNING: set[str] = {PublishJob.Status.QUEUED.value, PublishJob.Status.RUNNING.value}


@task()
def reevaluate(job_id: int) -> None:
    with job_failure(PublishJob, job_id, RUNNING, "Đánh giá lại thất bại; hãy báo quản trị hệ thống."):
        run(job_id)


def run(job_id: int) -> None:
    SOURCE.invalidate()  # the worker reads the version just published
    job = PublishJob.objects.select_related("version__document").get(pk=job_id)
    version = job.version
    from_year = version.effective_from.year if version.effective_from else 0
    steps = [
        (set_code, year, units)
        for set_code in target_sets(version)
        for year, units in affected(version, set_code, from_year)
    ]
    total = sum(units.count() for _, _, units in steps)
    PublishJob.objects.filter(pk=job_id).update(status=PublishJob.Status.RUNNING, total=total, done=0)
    done = 0
    for set_code, year, units in steps:
        with transaction.atomic():
            done += reassess_many(units, set_code, year)
        PublishJob.objects.filter(pk=job_id).update(
            done=done, phase=f"{set_code} · {year}", updated_at=timezone.now()
        )
    PublishJob.objects.filter(pk=job_id).update(
        status=PublishJob.Status.DONE, phase="", done=done, finished_at=timezone.now()
    )

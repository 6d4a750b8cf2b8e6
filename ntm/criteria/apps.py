from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "ntm.criteria"
    verbose_name = "Bộ tiêu chí (phiên bản)"

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_migrate
        from django_tasks.signals import task_started

        from ntm.indicators.engine import set_catalog_source

        from . import published, seed

        set_catalog_source(published.SOURCE)
        request_started.connect(published.SOURCE.refresh_if_changed, dispatch_uid="criteria-refresh")
        task_started.connect(published.SOURCE.refresh_if_changed, dispatch_uid="criteria-refresh-task")
        post_migrate.connect(seed.after_migrate, sender=self)

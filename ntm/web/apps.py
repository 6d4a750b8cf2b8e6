from django.apps import AppConfig
from django.urls import register_converter

from ntm.core.params import IdConverter, YearConverter


class WebConfig(AppConfig):
    name = "ntm.web"
    verbose_name = "Web"

    def ready(self) -> None:
        # `<id:pk>` and `<year:year>` in every URL pattern (web, apps and API): an id or year no
        # database or calendar holds answers 404 instead of failing deep inside a view.
        register_converter(IdConverter, "id")
        register_converter(YearConverter, "year")

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ntm.web"
    verbose_name = "Web"

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "ntm.notices"
    verbose_name = "Thông báo"

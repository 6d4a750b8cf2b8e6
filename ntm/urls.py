from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from ntm.api import errors as api_errors
from ntm.web import urls as web_urls

# The admin in the office's language and under the system's name, not "Django administration".
admin.site.site_header = _("ntm — Quản trị")
admin.site.site_title = _("ntm — Quản trị")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("ntm.api.urls")),
    path("", include(web_urls)),
]


def handler404(request, exception):
    """/api/... answers JSON even for a path no route knows; pages keep Django's page."""
    if api_errors.is_api_path(request):
        return api_errors.not_found_json(request)
    return defaults.page_not_found(request, exception)


def handler500(request):
    if api_errors.is_api_path(request):
        return api_errors.server_error_json(request)
    return defaults.server_error(request)

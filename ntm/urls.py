from django.contrib import admin
from django.urls import include, path

from ntm.web import urls as web_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("ntm.api.urls")),
    path("", include(web_urls)),
]

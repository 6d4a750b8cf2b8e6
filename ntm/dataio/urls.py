from django.urls import path

from . import views

app_name = "dataio"

urlpatterns = [
    path("", views.index, name="index"),
    path("template/", views.template_download, name="template"),
    path("export/", views.export_download, name="export"),
    path("import/", views.upload, name="upload"),
    path("import/<uuid:token>/", views.job_page, name="job"),
    path("import/<uuid:token>/status/", views.job_status, name="job_status"),
    path("import/<uuid:token>/confirm/", views.job_confirm, name="job_confirm"),
    path("import/<uuid:token>/recheck/", views.job_recheck, name="job_recheck"),
    path("import/<uuid:token>/cancel/", views.job_cancel, name="job_cancel"),
]

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<id:pk>/<str:fmt>/", views.plan_document, name="plan_document"),
    path("units/<id:pk>/progress/<str:fmt>/", views.unit_progress, name="unit_progress"),
    path("tables/", views.request_tables, name="request_tables"),
    path("progress/", views.request_progress, name="request_progress"),
    path("jobs/<uuid:token>/", views.job_detail, name="job"),
    path("jobs/<uuid:token>/status/", views.job_status, name="job_status"),
    path("jobs/<uuid:token>/download/", views.job_download, name="job_download"),
]

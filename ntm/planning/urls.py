from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<id:pk>/", views.plan_detail, name="detail"),
    path("<id:pk>/edit/", views.plan_edit, name="edit"),
    path("<id:pk>/targets/new/", views.target_form, name="target_create"),
    path("<id:pk>/targets/<id:target_id>/edit/", views.target_form, name="target_edit"),
    path("<id:pk>/targets/<id:target_id>/delete/", views.target_delete, name="target_delete"),
    path("<id:pk>/targets/<id:target_id>/actual/", views.target_actual, name="target_actual"),
    path("activities/", views.activities, name="activities"),
    path("activities/new/", views.activity_create, name="activity_create"),
]

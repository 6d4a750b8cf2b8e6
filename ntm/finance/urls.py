from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.budget_list, name="budgets"),
    path("budgets/new/", views.budget_create, name="budget_create"),
    path("budgets/<id:pk>/", views.budget_detail, name="budget"),
    path("budgets/<id:pk>/table/", views.budget_table, name="budget_table"),
    path("budgets/<id:pk>/allocate/", views.budget_allocate, name="budget_allocate"),
    path("budgets/<id:pk>/disburse/", views.budget_disburse, name="budget_disburse"),
    path("plans/<id:pk>/panel/", views.plan_panel, name="plan_panel"),
    path("works/", views.work_list, name="works"),
    path("works/new/", views.work_form, name="work_create"),
    path("works/<id:pk>/", views.work_form, name="work_edit"),
    path("contributions/", views.contribution_list, name="contributions"),
    path("contributions/new/", views.contribution_create, name="contribution_create"),
]

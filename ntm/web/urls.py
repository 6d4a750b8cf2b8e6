from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import (
    audit_views,
    catalog_views,
    classification_views,
    completion_views,
    dashboard_views,
    dossier_views,
    entry_views,
    evidence_views,
    matrix_views,
    ocop_views,
    procedure_views,
    recognition_views,
    views,
)

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("dashboard/", dashboard_views.my_dashboard, name="my_dashboard"),
    path("units/<id:pk>/dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("units/<id:pk>/completion/", completion_views.province_completion, name="province_completion"),
    path("units/<id:pk>/completion/wards/", completion_views.ward_origins, name="ward_origins"),
    path("ocop/", ocop_views.ocop_list, name="ocop_list"),
    path("ocop/products/<id:pk>/", ocop_views.ocop_product, name="ocop_product"),
    path("catalogs/", catalog_views.catalog_list, name="catalog_list"),
    path("catalogs/<str:code>/", catalog_views.catalog_detail, name="catalog_detail"),
    path("units/", views.unit_browser, name="unit_browser"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/<id:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<id:pk>/classification/", classification_views.classification, name="unit_classification"),
    path("units/<id:pk>/decisions/", recognition_views.unit_decisions, name="unit_decisions"),
    path("units/<id:pk>/matrix/<year:year>/", matrix_views.matrix, name="matrix"),
    path("units/<id:pk>/trend/", matrix_views.trend, name="trend"),
    path("national/matrix/<year:year>/", matrix_views.matrix, {"pk": None}, name="national_matrix"),
    path("national/trend/", matrix_views.trend, {"pk": None}, name="national_trend"),
    path("units/<id:pk>/data/<year:year>/", entry_views.data_entry, name="data_entry"),
    path("units/<id:pk>/data/<year:year>/evidence/", evidence_views.upload_evidence, name="upload_evidence"),
    path("evidence/<id:evidence_id>/", evidence_views.download_evidence, name="download_evidence"),
    path("units/<id:pk>/data/<year:year>/preview/", entry_views.entry_preview, name="entry_preview"),
    path(
        "units/<id:pk>/data/<year:year>/history/<str:code>/", entry_views.entry_history, name="entry_history"
    ),
    path("data/", include("ntm.dataio.urls")),
    path("plans/", include("ntm.planning.urls")),
    path("finance/", include("ntm.finance.urls")),
    path("reports/", include("ntm.reports.urls")),
]

urlpatterns += [
    path("units/<id:pk>/dossiers/", dossier_views.unit_dossiers, name="unit_dossiers"),
    path("dossiers/<id:pk>/", dossier_views.dossier_detail, name="dossier_detail"),
    path("dossiers/<id:pk>/advance/", dossier_views.dossier_advance, name="dossier_advance"),
    path("dossiers/<id:pk>/return/", dossier_views.dossier_return, name="dossier_return"),
    path("dossiers/<id:pk>/documents/", dossier_views.dossier_upload, name="dossier_upload"),
    path(
        "dossiers/<id:pk>/documents/<id:document_id>/",
        dossier_views.dossier_document,
        name="dossier_document",
    ),
    path("dossiers/<id:pk>/posting/", dossier_views.dossier_posting, name="dossier_posting"),
    path("dossiers/<id:pk>/opinions/", dossier_views.dossier_opinion, name="dossier_opinion"),
    path("dossiers/<id:pk>/signoff/", dossier_views.dossier_signoff, name="dossier_signoff"),
    path("procedures/", procedure_views.procedure_list, name="procedure_list"),
    path("procedures/steps/<id:pk>/", procedure_views.procedure_step_edit, name="procedure_step_edit"),
]

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api import account, views
from plans.converters import IsoDateConverter

register_converter(IsoDateConverter, "apidate")

v1 = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "schema/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"
    ),
    path("me/", views.MeView.as_view(), name="api_me"),
    path("plan/", views.PlanView.as_view(), name="api_plan"),
    path("today/", views.TodayView.as_view(), name="api_today"),
    path("sessions/", views.SessionsView.as_view(), name="api_sessions"),
    path("sessions/<apidate:day>/done/", views.DoneView.as_view(), name="api_done"),
    path("sessions/<apidate:day>/log/", views.LogView.as_view(), name="api_log"),
    path("sessions/<apidate:day>/ratings/", views.RatingsView.as_view(), name="api_ratings"),
    path(
        "sessions/<apidate:day>/morning-pain/",
        views.MorningPainView.as_view(),
        name="api_morning_pain",
    ),
    path("falls/", views.FallView.as_view(), name="api_falls"),
    path("progress/", views.ProgressView.as_view(), name="api_progress"),
    path("clients/", views.ClientsView.as_view(), name="api_clients"),
    path("clients/<uuid:public_id>/", views.ClientView.as_view(), name="api_client"),
    path(
        "clients/<uuid:public_id>/history/",
        views.ClientHistoryView.as_view(),
        name="api_client_history",
    ),
    path(
        "clients/<uuid:public_id>/notes/", views.ClientNotesView.as_view(), name="api_client_notes"
    ),
    path(
        "clients/<uuid:public_id>/tests/", views.ClientTestsView.as_view(), name="api_client_tests"
    ),
    path(
        "clients/<uuid:public_id>/tests/fhir/",
        views.ClientTestsFhirView.as_view(),
        name="api_client_tests_fhir",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    # The account page's token section (pages, not API).
    path("tokens/new/", account.new_token, name="api_token_new"),
    path("tokens/<int:pk>/revoke/", account.revoke_token, name="api_token_revoke"),
]

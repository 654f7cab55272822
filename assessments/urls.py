"""The person's functional tests (the coach's are in coaching/urls.py)."""

from django.urls import path

from assessments import views

urlpatterns = [
    path("tests/", views.index, name="tests"),
    path("tests/report/", views.report, name="progress_report"),
    path("tests/<slug:kind>/", views.test_page, name="test_page"),
]

"""Functional tests (domain §8): what a result means, recording one, and its pages."""

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Functional tests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The words of the codes a test stores on a plan (plans.said).
        from assessments import words  # noqa: F401

"""The person's sessions as a calendar: a secret feed link and a download."""

from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Calendar feeds"
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API at /api/v1/ (README: API): thin views over the plans' services and
    selectors. It reads the other apps; none of them imports it."""

    name = "api"
    verbose_name = "API"
    default_auto_field = "django.db.models.BigAutoField"

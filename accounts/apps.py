"""The person's account: the user model, sign-up and confirmation, the second step, privacy,
export and deletion."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

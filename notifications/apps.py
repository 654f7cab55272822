"""What the app sends: the outbox, composed mail and push, reminders, alerts, digests, the
worker and the scheduler."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Mail and reminders"
    default_auto_field = "django.db.models.BigAutoField"

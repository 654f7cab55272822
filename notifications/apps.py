"""What the app sends: the outbox, composed mail and push, reminders, alerts, digests, the
worker and the scheduler."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Mail and reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from notifications.receivers import alert_on_attention
        from plans.signals import plan_event_written

        plan_event_written.connect(alert_on_attention, dispatch_uid="notifications-coach-alert")

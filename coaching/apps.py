"""A coach and their clients: links, invites, notes, the dashboard and its read model."""

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from coaching import receivers
        from plans.signals import client_changed, day_passed, plan_event_written

        plan_event_written.connect(receivers.refresh_on_plan_event, dispatch_uid="coach-status")
        client_changed.connect(receivers.refresh_on_client_changed, dispatch_uid="coach-status")
        day_passed.connect(receivers.refresh_on_day_passed, dispatch_uid="coach-status")

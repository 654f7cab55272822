"""Planned sessions take their client from their plan (its own transaction: PostgreSQL will not
alter a table with pending trigger events from the same transaction)."""

from django.db import migrations


def backfill_session_client(apps, schema_editor):
    """Sessions take their client from their plan. Where an ended plan version left an unlogged
    session on a day the newer version also has one, the unlogged one goes: a session's
    identity is now (client, date). Logged sessions are never deleted."""
    PlannedSession = apps.get_model("plans", "PlannedSession")
    for session in (
        PlannedSession.objects.select_related("plan").filter(client__isnull=True).iterator()
    ):
        PlannedSession.objects.filter(pk=session.pk).update(client_id=session.plan.client_id)
    seen = {}
    rows = PlannedSession.objects.order_by("client_id", "date", "-plan__version").values_list(
        "pk", "client_id", "date", "log__id"
    )
    for pk, client_id, day, log_id in rows:
        key = (client_id, day)
        if key not in seen:
            seen[key] = (pk, log_id)
            continue
        kept_pk, kept_log = seen[key]
        if log_id is None:
            PlannedSession.objects.filter(pk=pk).delete()
        elif kept_log is None:
            PlannedSession.objects.filter(pk=kept_pk).delete()
            seen[key] = (pk, log_id)
        else:
            raise RuntimeError(f"Two logged sessions for client {client_id} on {day}: fix by hand.")


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_v2_plan_state")]

    operations = [migrations.RunPython(backfill_session_client, migrations.RunPython.noop)]

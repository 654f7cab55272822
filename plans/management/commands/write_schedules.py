"""Write the weeks ahead for every active plan: meant to run once a day (idempotent).

Page views never write sessions; plan changes write their own, and this command keeps every
active plan's sessions written WEEKS_AHEAD weeks ahead, each in its client's own time zone.
"""

from django.core.management.base import BaseCommand

from plans.models import Plan
from plans.services import schedule


class Command(BaseCommand):
    help = "Write planned sessions ahead for every active plan (safe to run any number of times)."

    def handle(self, *args, **options):
        ids = list(Plan.objects.filter(status=Plan.Status.ACTIVE).values_list("pk", flat=True))
        written = sum(schedule.extend_locked(pk, lambda client: client.local_today()) for pk in ids)
        self.stdout.write(f"Checked {len(ids)} active plans; wrote {written} sessions.")

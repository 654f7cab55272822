"""Write the weeks ahead for every active plan: meant to run once a day (idempotent).

Page views never write sessions; plan changes write their own, and this command keeps every
active plan's sessions written WEEKS_AHEAD weeks ahead, each in its client's own time zone.
Then it saves any long break (§9.9: 8 planned sessions missed in a row, or 28 days): the plan
waits for the health questions again, so no session reminders go out while they are due.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.models import Plan
from plans.services import breaks, schedule
from plans.signals import day_passed


class Command(BaseCommand):
    help = "Write planned sessions ahead for every active plan (safe to run any number of times)."

    def handle(self, *args, **options):
        plans = list(Plan.objects.filter(status=Plan.Status.ACTIVE).values_list("pk", "client_id"))
        written = sum(
            schedule.extend_locked(pk, lambda client: client.local_today()) for pk, _ in plans
        )
        walked = breaks.walked_recently(timezone.localdate())
        waiting = sum(
            breaks.save_long_break(pk, lambda client: client.local_today())
            for pk, client_id in plans
            if client_id not in walked
        )
        # The coach's read model (coaching) refreshes every client whose local day is over.
        refreshed = sum(
            count or 0 for _receiver, count in day_passed.send(sender=None, now=timezone.now())
        )
        self.stdout.write(
            f"Checked {len(plans)} active plans; wrote {written} sessions; {waiting} now wait "
            f"for the health questions after a long break; {refreshed} coach's rows refreshed "
            "for a new day."
        )

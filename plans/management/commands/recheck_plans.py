"""Check every current plan made under older rules against the current ones, once.

Plans the current rules would pause are paused, and plans on a stage that now needs
supervision move to one that does not, each with an event saying why. Safe to run again:
a re-checked plan carries the current rules version and is skipped.

First, whatever their rules version, plans whose client has no coach now lose the stages a
coach once confirmed as supervised (§9.1: supervision follows the link; links that ended
before that rule left them behind). A plan with none left is skipped next time.

Stored words are codes only (plans.said): reasons, flags, skipped stages, a pause's words and
a review's reason are read and written as {code, params}. No older rows hold English
sentences (there is no production database and the migrations start fresh), so nothing here
converts text; a row with a sentence instead of a code is not expected and is shown as its
code.
"""

from django.core.management.base import BaseCommand

from plans import rules
from plans.models import Plan
from plans.services.recheck import recheck
from plans.services.supervision import lapse_unlinked


class Command(BaseCommand):
    help = "Re-check current plans made under older rules (idempotent)."

    def handle(self, *args, **options):
        lapsed = lapse_unlinked()
        self.stdout.write(
            f"Supervision lapsed on {lapsed} plans whose client has no coach any more."
        )
        plans = (
            Plan.objects.current()
            .exclude(rules_version=rules.RULES_VERSION)
            .select_related("client")
        )
        checked = changed = 0
        for plan in plans:
            checked += 1
            changed += recheck(plan.pk, plan.client.local_today())
        self.stdout.write(f"Re-checked {checked} plans; {changed} changed under the new rules.")

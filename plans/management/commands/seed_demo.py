"""Demo people for trying the app: clients at each stage with weeks of logs, and a coach.

Idempotent: a person who already exists is left as they are.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from coaching.models import CoachLink
from plans.demo_data import (
    DEMO_PASSWORD,
    Habit,
    coach_link_ended,
    log_painful_session,
    new_rng,
    report_fall_at_home,
    simulate,
)
from plans.signals import client_changed_by

COACH = ("coach@example.com", "Dana Coach")
# email, name, profile, weeks of history, habit
CLIENTS = [
    ("client@example.com", "Alex Walker", "fit", 9, Habit(0.95, (4, 5), (0, 1))),
    ("pool@example.com", "Maria Pool", "careful", 3, Habit(0.85, (3, 4), (0, 2))),
    ("rail@example.com", "Tom Rail", "steady", 4, Habit(0.8, (3, 5), (0, 2))),
    ("treadmill@example.com", "Priya Treadmill", "fit", 3, Habit(0.9, (4, 6), (0, 1))),
    ("paused@example.com", "Sam Paused", "knee", 4, Habit(0.85, (4, 5), (1, 3))),
    ("doctor@example.com", "Lee Waiting", "chest_pain", 0, Habit()),
    # §9.1: her coach stopped; the supervised treadmill and track left her plan with the link.
    ("ended@example.com", "Ruth Alone", "oldest", 4, Habit(0.9, (3, 4), (0, 1))),
    # Told a fall at home yesterday with "I had a fall" (§9.7): paused for the 48-hour wait.
    ("fell@example.com", "Rosa Fell", "steady", 3, Habit(0.85, (3, 5), (0, 2))),
]


class Command(BaseCommand):
    help = (
        "Create demo clients (each stage, weeks of logs, one paused for pain, one who told "
        "a fall) and a coach."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-coach-clients", action="store_true", help="skip the coach's 30 generated clients"
        )

    def handle(self, *args, **options):
        coach, created = self._user(*COACH, role=User.Role.COACH)
        self.stdout.write(f"{'created' if created else 'kept'} coach {coach.email}")
        rng = new_rng()
        for email, name, profile, weeks, habit in CLIENTS:
            client, created = self._user(email, name, role=User.Role.CLIENT)
            if created:
                with transaction.atomic():
                    today = client.local_today()
                    paused = email.startswith("paused")
                    plan = simulate(
                        client, profile, weeks, today, habit, rng, stop_days=5 if paused else 0
                    )
                    if paused and plan is not None:
                        log_painful_session(client, plan, today)
                    if email.startswith("fell") and plan is not None:
                        report_fall_at_home(client)
                    if email.startswith("ended"):
                        coach_link_ended(coach, client)
                    else:
                        CoachLink.objects.get_or_create(coach=coach, client=client, ended_at=None)
                    client_changed_by(client.pk)  # the coach's row, with the link
            plan = client.plans.exclude(status="ended").first()
            where = f"{plan.stage} level {plan.level}, {plan.status}" if plan else "no plan"
            self.stdout.write(f"{'created' if created else 'kept'} client {email}: {where}")
        if not options["no_coach_clients"]:
            try:
                call_command("seed_coach_demo", stdout=self.stdout)
            except Exception as error:  # noqa: BLE001 - the coach's extra clients are optional
                if "Unknown command" not in str(error):
                    raise
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  coach   {COACH[0]}  ({COACH[1]})")
        for email, name, profile, _, _ in CLIENTS:
            self.stdout.write(f"  client  {email}  ({name}, {profile})")

    def _user(self, email, name, role):
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user, created

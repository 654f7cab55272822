"""Demo accounts for trying the app. Idempotent: running it again changes nothing."""

from django.core.management.base import BaseCommand

from plans.models import User

DEMO_PASSWORD = "walk-backward-demo"  # noqa: S105 - printed on purpose, demo data only
DEMO_USERS = [
    ("coach@example.com", "Dana Coach", User.Role.COACH),
    ("client@example.com", "Alex Walker", User.Role.CLIENT),
]


class Command(BaseCommand):
    help = "Create demo accounts (a coach and clients) and print their logins."

    def handle(self, *args, **options):
        for email, name, role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"display_name": name, "role": role}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            self.stdout.write(f"{'created' if created else 'kept'} {role}: {email}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, name, role in DEMO_USERS:
            self.stdout.write(f"  {role:<7} {email}  ({name})")

"""Make a personal access token from the command line (README: API), as the account page
does: for trying the API against `make run`, or for a clinic's system set up by staff."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.validators import normalise_email
from api import tokens
from api.models import SCOPES_FOR_ROLE


class Command(BaseCommand):
    help = "Make an API token for a person and print it (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--scope", help="read, log, coach_read or coach_write")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, scope, name, **options):
        user = User.objects.filter(email=normalise_email(email)).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        scope = scope or SCOPES_FOR_ROLE[user.role][-1].value
        try:
            made = tokens.make_token(user, name, scope)
        except tokens.TokenRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(made.secret)

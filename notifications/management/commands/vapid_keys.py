"""Make a VAPID key pair for Web Push (reminders on the phone; README: Worker).

    python manage.py vapid_keys                      prints a new pair, to put in the environment
    python manage.py vapid_keys --file .vapid-dev.env   writes one there, unless the file exists

`make run` uses the second form and reads the file, so a development server can push. Keep
production's pair for good: a new pair stops every phone's reminders until it subscribes again.
"""

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management.base import BaseCommand

from backward_walk.env import vapid_public_key


def new_vapid_pair() -> tuple[str, str]:
    """(public, private), base64url: the 65-byte public point and the 32-byte private number."""
    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    private = base64.urlsafe_b64encode(number.to_bytes(32, "big")).rstrip(b"=").decode()
    return vapid_public_key(private), private


def env_lines(public: str, private: str) -> str:
    return f"VAPID_PUBLIC_KEY={public}\nVAPID_PRIVATE_KEY={private}\n"


class Command(BaseCommand):
    help = "Make a VAPID key pair for Web Push: print it, or write it to --file if that is new."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="write the pair here, unless the file already exists")

    def handle(self, *args, **options):
        if not options["file"]:
            self.stdout.write(env_lines(*new_vapid_pair()), ending="")
            return
        path = Path(options["file"])
        if path.exists():
            self.stdout.write(f"Kept the VAPID keys in {path}.")
            return
        # Only the owner may read the private key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(env_lines(*new_vapid_pair()))
        self.stdout.write(f"Wrote a new VAPID key pair to {path}.")

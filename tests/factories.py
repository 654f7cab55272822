"""Small factories for tests and the benchmark: explicit arguments, no magic ids."""

from plans.models import User

PASSWORD = "correct horse battery staple"  # noqa: S105


def make_user(email: str, name: str = "Test Person", role: str = "client", **extra) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, display_name=name, role=role, **extra
    )

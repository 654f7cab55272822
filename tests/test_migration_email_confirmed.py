"""Migration 0024 (issue 25): email_confirmed now defaults to False. Accounts that log in today
count as confirmed; a sign-up still waiting for its mailed link keeps waiting. Runs the real
migrations on the test database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0018_fall_report")]
AFTER = [("plans", "0024_email_confirmed_default_and_signup_invite")]

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_accounts_stay_confirmed_and_waiting_sign_ups_keep_waiting():
    old = _migrate(BEFORE)
    User = old.get_model("plans", "User")
    User.objects.create(email="active@example.com", password="x", display_name="A")
    User.objects.create(
        email="waiting@example.com", password="x", display_name="W", is_active=False,
        email_confirmed=False,
    )  # fmt: skip
    User.objects.create(
        email="off@example.com", password="x", display_name="O", is_active=False,
        email_confirmed=True,
    )  # fmt: skip
    User.objects.create(
        email="odd@example.com", password="x", display_name="D", is_active=True,
        email_confirmed=False,
    )  # fmt: skip

    new = _migrate(AFTER)
    NewUser = new.get_model("plans", "User")
    confirmed = dict(NewUser.objects.values_list("email", "email_confirmed"))
    assert confirmed == {
        "active@example.com": True,
        "waiting@example.com": False,
        "off@example.com": True,
        "odd@example.com": True,
    }
    assert NewUser(email="new@example.com").email_confirmed is False
    assert NewUser.objects.get(email="waiting@example.com").signup_invite_id is None

    executor = MigrationExecutor(connection)
    _migrate(executor.loader.graph.leaf_nodes())

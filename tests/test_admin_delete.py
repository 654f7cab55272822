"""Staff deleting a person in the admin goes through the same service as "Delete my account"."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from coaching.models import CoachLink, Note
from tests.factories import make_user


@pytest.fixture
def staff(client, db):
    admin = User.objects.create_superuser(email="staff@example.com", password="x" * 12)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.way_in("accounts.admin.UserAdmin.delete_model")
@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False)
def test_deleting_a_coach_in_the_admin_ends_their_links_like_the_account_page(
    staff, client_user, coach_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    url = reverse("admin:accounts_user_delete", args=[coach_user.pk])
    response = staff.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=coach_user.pk).exists()
    # The client is told (the service writes a note) rather than silently losing the link.
    assert Note.objects.filter(client=client_user, author=None).exists()


@pytest.mark.way_in("accounts.admin.UserAdmin.delete_queryset")
@time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False)
def test_deleting_people_in_bulk_in_the_admin_uses_the_same_service(staff, client_user, coach_user):
    other = make_user("second-coach@example.com", "Second Coach", role="coach")
    CoachLink.objects.create(coach=coach_user, client=client_user)
    response = staff.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [coach_user.pk, other.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[coach_user.pk, other.pk]).exists()
    assert Note.objects.filter(client=client_user, author=None).exists()

"""A deleted coach is "your former coach" in notes (issue 25, point 5): the notes they wrote
stay with each client they were written to, without their name; the note that tells current
clients the coach left does not name them either, so nothing of the coach is kept."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.services import account as accounts
from coaching.models import CoachLink, Note
from coaching.services import links as coaching
from tests.factories import make_plan

BACKEND = "django.contrib.auth.backends.ModelBackend"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def thread(client_user, other_client_user, coach_user):
    """A current client and a former one, each with a note from the coach and a reply."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    make_plan(client_user, date(2026, 11, 23))
    coaching.write_note(coach_user, client_user, "Lovely work on Monday.")
    coaching.reply_note(client_user, "Thank you, Cora!")
    make_plan(other_client_user, date(2026, 11, 23))
    former = CoachLink.objects.create(coach=coach_user, client=other_client_user)
    coaching.write_note(coach_user, other_client_user, "Keep the bouts short.")
    coaching.end_link(former, by=coach_user)
    return client_user, other_client_user


def notes_page(client, person) -> str:
    client.force_login(person, backend=BACKEND)
    return client.get(reverse("client_notes")).content.decode()


@pytest.mark.django_db
def test_a_deleted_coachs_notes_read_your_former_coach(client, coach_user, thread):
    current, former = thread
    accounts.delete_account(coach_user)
    for person, body in ((current, "Lovely work on Monday."), (former, "Keep the bouts short.")):
        page = notes_page(client, person)
        assert body in page
        assert "Your former coach" in page
        assert "Cora Coach" not in page
        assert "coach@example.com" not in page
    assert not Note.objects.filter(author_id=coach_user.pk).exists()
    assert Note.objects.get(body="Keep the bouts short.").by_former_coach


@pytest.mark.django_db
def test_the_note_saying_the_coach_left_names_nobody(client, coach_user, thread):
    current, former = thread
    accounts.delete_account(coach_user)
    told = Note.objects.get(client=current, author__isnull=True, by_coach=False)
    assert told.body.startswith("Your coach closed their backward-walk account")
    assert "Cora" not in told.body
    # The former client had no link to end, so no such note.
    assert not Note.objects.filter(client=former, by_coach=False, author__isnull=True).exists()


@pytest.mark.django_db
def test_today_shows_the_latest_note_from_your_former_coach(client, coach_user, thread):
    _current, former = thread
    accounts.delete_account(coach_user)
    client.force_login(former, backend=BACKEND)
    page = client.get(reverse("today")).content.decode()
    assert "A note from your former coach" in page
    assert "Cora Coach" not in page


@pytest.mark.django_db
def test_a_coach_in_the_thread_is_named_while_their_account_lives(client, coach_user, thread):
    current, _former = thread
    page = notes_page(client, current)
    assert "Cora Coach</strong> (coach)" in page
    assert "Your former coach" not in page


@pytest.mark.django_db
def test_a_deleted_client_takes_their_own_replies(client_user, coach_user, thread):
    accounts.delete_account(client_user)
    assert not Note.objects.filter(body="Thank you, Cora!").exists()

"""Notes between a coach and a client: the coach writes, the client reads and replies."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink, Note
from coaching.services import links as coaching

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(coach_user, client_user):
    return CoachLink.objects.create(coach=coach_user, client=client_user)


@pytest.mark.django_db
def test_coach_writes_a_note(coach_logged_in, coach_user, client_user, link):
    url = reverse("coach_note", args=[client_user.public_id])
    response = coach_logged_in.post(url, {"body": "  Great week, keep it up!  "})
    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    note = Note.objects.get()
    assert (note.client, note.author, note.body) == (
        client_user,
        coach_user,
        "Great week, keep it up!",
    )
    page = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    assert "Great week, keep it up!" in page.content.decode()


@pytest.mark.django_db
def test_an_empty_note_is_refused_with_a_message(coach_logged_in, client_user, link):
    url = reverse("coach_note", args=[client_user.public_id])
    response = coach_logged_in.post(url, {"body": "   "})
    assert response.status_code == 400
    assert "Please write something before sending." in response.content.decode()
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_a_note_over_2000_characters_is_refused(coach_logged_in, client_user, link):
    url = reverse("coach_note", args=[client_user.public_id])
    response = coach_logged_in.post(url, {"body": "x" * 2001})
    assert response.status_code == 400
    assert "2000 characters or fewer" in response.content.decode()
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_a_note_of_exactly_2000_characters_is_kept(coach_logged_in, client_user, link):
    url = reverse("coach_note", args=[client_user.public_id])
    coach_logged_in.post(url, {"body": "x" * 2000})
    assert len(Note.objects.get().body) == 2000


@pytest.mark.django_db
def test_client_sees_all_notes_and_replies(logged_in, coach_user, client_user, link):
    coaching.write_note(coach_user, client_user, "First note")
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        coaching.write_note(coach_user, client_user, "Second note")
    page = logged_in.get(reverse("client_notes")).content.decode()
    assert page.index("Second note") < page.index("First note")  # newest first
    response = logged_in.post(reverse("note_reply"), {"body": "Thank you!"})
    assert response.status_code == 302
    reply = Note.objects.filter(author=client_user).get()
    assert reply.client == client_user
    page = logged_in.get(reverse("client_notes")).content.decode()
    assert "Thank you!" in page


@pytest.mark.django_db
def test_reply_goes_back_to_a_safe_next_page(logged_in, link):
    response = logged_in.post(reverse("note_reply"), {"body": "Hi", "next": "/plan/#notes"})
    assert response["Location"] == "/plan/#notes"


@pytest.mark.django_db
def test_reply_never_goes_to_another_site(logged_in, link):
    response = logged_in.post(
        reverse("note_reply"), {"body": "Hi", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("client_notes") + "#notes"


@pytest.mark.django_db
def test_a_client_without_a_coach_cannot_reply(logged_in, client_user):
    response = logged_in.post(reverse("note_reply"), {"body": "Anyone there?"})
    assert response.status_code == 400
    assert "You have no coach at the moment" in response.content.decode()
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_a_former_clients_reply_is_refused(logged_in, client_user, coach_user, link):
    coaching.end_link(link, by=coach_user)
    response = logged_in.post(reverse("note_reply"), {"body": "Hello?"})
    assert response.status_code == 400
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_an_empty_reply_is_refused(logged_in, link):
    response = logged_in.post(reverse("note_reply"), {"body": ""})
    assert response.status_code == 400
    assert "Please write something before sending." in response.content.decode()
    assert Note.objects.count() == 0


@pytest.mark.django_db
def test_client_notes_page_without_a_coach_has_no_form(logged_in, client_user):
    page = logged_in.get(reverse("client_notes")).content.decode()
    assert "You have no coach at the moment" in page
    assert reverse("note_reply") not in page


@pytest.mark.django_db
def test_clients_see_only_their_own_notes(logged_in, coach_user, other_client_user, link):
    CoachLink.objects.create(coach=coach_user, client=other_client_user)
    coaching.write_note(coach_user, other_client_user, "For Otto only")
    assert "For Otto only" not in logged_in.get(reverse("client_notes")).content.decode()


@pytest.mark.django_db
def test_a_new_coach_does_not_see_the_old_coachs_notes(
    client, coach_user, other_coach_user, client_user, link
):
    coaching.write_note(coach_user, client_user, "Private words from Cora")
    coaching.end_link(link, by=client_user)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        CoachLink.objects.create(coach=other_coach_user, client=client_user)
        client.force_login(other_coach_user, backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(reverse("coach_client", args=[client_user.public_id])).content.decode()
    assert "Private words from Cora" not in page
    assert Note.objects.filter(client=client_user).count() == 1  # kept with the client


@pytest.mark.django_db
def test_the_service_refuses_a_note_to_someone_elses_client(other_coach_user, client_user, link):
    with pytest.raises(coaching.CoachingError):
        coaching.write_note(other_coach_user, client_user, "Hello")
    assert Note.objects.count() == 0

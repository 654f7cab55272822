"""Deleting from two tabs at once lands on the "deleted" page both times (issue 25, point 5): it
answered 500 when the second request found the account gone."""

import pytest
from django.urls import reverse

from accounts.forms.account import DeleteAccountForm
from accounts.models import User
from accounts.services import account as accounts
from tests.factories import PASSWORD

DELETE = {"current_password": PASSWORD, "confirm": "on"}


@pytest.mark.django_db
def test_the_second_tab_lands_on_the_deleted_page(logged_in, client_user):
    """Both tabs share the browser's cookies: the second sends its form after the first
    deleted the account and signed out."""
    assert logged_in.get(reverse("account_delete")).status_code == 200  # tab 2 opens the form
    first = logged_in.post(reverse("account_delete"), DELETE)  # tab 1
    assert first["Location"] == reverse("account_deleted")
    second = logged_in.post(reverse("account_delete"), DELETE, follow=True)  # tab 2
    assert second.redirect_chain == [(reverse("account_deleted"), 302)]
    assert "Your account is deleted" in second.content.decode()
    assert not User.objects.filter(pk=client_user.pk).exists()


@pytest.mark.django_db
def test_two_deletions_at_the_same_moment_both_land_on_the_deleted_page(
    logged_in, client_user, monkeypatch
):
    """The other tab's deletion commits while this request checks the password: the account
    this request was signed in with is gone by the time it deletes."""
    checked = DeleteAccountForm.clean

    def other_tab_deletes_first(form):
        accounts.delete_account(User.objects.get(pk=client_user.pk))
        return checked(form)

    monkeypatch.setattr(DeleteAccountForm, "clean", other_tab_deletes_first)
    response = logged_in.post(reverse("account_delete"), DELETE)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_deleted")
    assert "_auth_user_id" not in logged_in.session
    assert not User.objects.filter(pk=client_user.pk).exists()


@pytest.mark.django_db
def test_a_signed_out_post_without_a_deletion_goes_to_the_login(client, client_user):
    """An expired session is never told its account was deleted."""
    response = client.post(reverse("account_delete"), DELETE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert User.objects.filter(pk=client_user.pk).exists()


@pytest.mark.django_db
def test_the_delete_page_still_needs_a_login(client):
    response = client.get(reverse("account_delete"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('account_delete')}"


@pytest.mark.django_db
def test_deleting_an_account_that_is_already_gone_does_nothing(client_user):
    stale = User.objects.get(pk=client_user.pk)
    assert accounts.delete_account(client_user) is True
    assert accounts.delete_account(stale) is False

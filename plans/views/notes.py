"""The client's side of coaching: the notes thread, a reply, and ending the link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plans.forms.coaching import NoteForm
from plans.models import Note
from plans.services import coaching
from plans.views.access import client_only


def notes_context(user, form=None, next_url: str = "") -> dict:
    """The thread and, while the client has a coach, the reply form (for `_notes.html`)."""
    link = coaching.current_link(user)
    return {
        "coach_link": link,
        "notes": list(Note.objects.filter(client=user).select_related("author")[:100]),
        "note_form": (form or NoteForm()) if link else None,
        "note_action": reverse("note_reply"),
        "note_next": next_url,
    }


@login_required
@client_only
@require_GET
def notes(request):
    return render(request, "coach/my_coach.html", notes_context(request.user))


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(reverse("client_notes") + "#notes")


@login_required
@client_only
@require_POST
def reply(request):
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            coaching.reply_note(request.user, form.cleaned_data["body"])
        except coaching.CoachingError as problem:
            form.add_error(None, str(problem))
    if form.errors:
        messages.error(request, _("Your reply was not sent. Please check it below."))
        return render(request, "coach/my_coach.html", notes_context(request.user, form), status=400)
    messages.success(request, _("Reply sent to your coach."))
    return _back(request)


@login_required
@client_only
@require_POST
def end_coaching(request):
    link = coaching.current_link(request.user)
    if link is None:
        messages.info(request, _("You have no coach at the moment."))
    else:
        coaching.end_link(link, by=request.user)
        messages.success(
            request,
            _("You no longer work with %(coach)s. Your plan and notes stay here.")
            % {"coach": link.coach.display_name},
        )
    return redirect("client_notes")

"""The client's side of coaching: the notes thread, a reply, what the coach sees, and ending
the link (asked first, and undone within a day)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coaching.forms import NoteForm, SharingForm
from coaching.models import Note
from coaching.services import links as coaching
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
    return render(request, "coach/my_coach.html", _my_coach_context(request.user))


def _my_coach_context(user, form=None) -> dict:
    context = notes_context(user, form)
    ended = None if context["coach_link"] else coaching.last_ended_by_client(user)
    # A link the client stopped less than a day ago: the page offers the undo.
    context["undo_link"] = ended if ended and coaching.can_undo_end(ended) else None
    return context


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
        return render(
            request, "coach/my_coach.html", _my_coach_context(request.user, form), status=400
        )
    messages.success(request, _("Reply sent to your coach."))
    return _back(request)


@login_required
@client_only
@require_GET
def end_coaching_confirm(request):
    """Stopping asks first: this page says what happens and holds the one button."""
    link = coaching.current_link(request.user)
    if link is None:
        messages.info(request, _("You have no coach at the moment."))
        return redirect("client_notes")
    return render(request, "coach/client_end_confirm.html", {"coach_link": link})


@login_required
@client_only
@require_POST
def end_coaching(request):
    link = coaching.current_link(request.user)
    if link is None:
        messages.info(request, _("You have no coach at the moment."))
        return redirect("client_notes")
    coaching.end_link(link, by=request.user)
    messages.success(
        request,
        _("You no longer work with %(coach)s. Your plan and notes stay here.")
        % {"coach": link.coach.display_name},
    )
    return redirect("client_link_ended")


def _ended_by_me(client):
    """The client's latest link that they ended themselves, or 404."""
    link = coaching.last_ended_by_client(client)
    if link is None:
        raise Http404("No link you ended.")
    return link


@login_required
@client_only
@require_GET
def coaching_ended(request):
    link = _ended_by_me(request.user)
    context = {
        "ended_link": link,
        # Not after another coach's invite: the undo would be refused.
        "can_undo": coaching.can_undo_end(link) and coaching.current_link(request.user) is None,
        "undo_until": link.ended_at + coaching.UNDO_END_WINDOW,
    }
    return render(request, "coach/client_link_ended.html", context)


@login_required
@client_only
@require_POST
def undo_end_coaching(request):
    link = _ended_by_me(request.user)
    try:
        coaching.undo_end(request.user, link)
    except coaching.CoachingError as problem:
        messages.error(request, str(problem))
        return redirect("client_link_ended")
    messages.success(
        request,
        _(
            "%(coach)s is your coach again. Stages they had confirmed as needing someone with "
            "you did not come back: they confirm them again if someone trained will be there."
        )
        % {"coach": link.coach.display_name},
    )
    return redirect("client_notes")


@login_required
@client_only
@require_POST
def sharing(request):
    """The client changes what their coach sees from before the link began (account page)."""
    link = coaching.current_link(request.user)
    if link is None:
        messages.info(request, _("You have no coach at the moment."))
        return redirect("account")
    form = SharingForm(request.POST, since=link.history_start())
    if not form.is_valid():
        messages.error(request, _("Nothing was changed. Please choose one of the answers."))
        return redirect(reverse("account") + "#coach")
    coaching.share_history(request.user, form.cleaned_data["shares_history"])
    if form.cleaned_data["shares_history"]:
        done = _("%(coach)s now also sees what you logged before you started together.")
    else:
        done = _("%(coach)s now sees only what you logged since you started together.")
    messages.success(request, done % {"coach": link.coach.display_name})
    return redirect(reverse("account") + "#coach")

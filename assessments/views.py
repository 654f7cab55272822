"""The functional tests' pages: the person's own (/tests/), and their coach's in clinic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import User
from assessments import readings as assessments
from assessments.forms import FORMS
from assessments.selectors import all_trends, trend
from assessments.services import ResultRefused, record_result, value_words
from coaching.models import CoachLink
from plans.said import render_all, sentences
from plans.selectors.report import report_for
from plans.views.access import client_only, coach_only, linked_client


def _kind(kind: str) -> str:
    if kind not in assessments.KINDS:
        raise Http404(_("There is no such test."))
    return kind


def _saved_message(recorded, client: User, by: User) -> str:
    words = _("Saved: %(value)s.") % {"value": value_words(recorded.result)}
    reading = recorded.reading
    if not reading.at_risk:
        return sentences(words, reading.words)
    # §9.13: the stages ahead that now wait for a coach, as the event says it.
    reasons = recorded.event.reasons if recorded.event else []
    ahead = render_all(r for r in reasons if r["code"] == "test_supervision")
    if by.pk != client.pk:
        review = _("The plan is marked for your review; its stage has not changed.")
        return sentences(words, reading.words, review, ahead)
    has_coach = CoachLink.objects.has_coach(client)
    told = (
        _("Your coach has been told.")
        if has_coach
        else _("It would help to show this to a physiotherapist.")
    )
    return sentences(words, reading.words, told, _("Your stage stays as it is."), ahead)


def _test_page(
    request, client: User, kind: str, *, by: User, done_url: str, action: str, since=None
):
    """GET: the test page; POST: check and save a result, then back to the page (or 400).
    `since`: the results shown start that day (a coach the client did not share with)."""
    today = client.local_today()
    form_class = FORMS[kind]
    form = form_class(today=today)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, today=today)
        if form.is_valid():
            try:
                recorded = record_result(
                    client,
                    kind,
                    form.values(),
                    by=by,
                    today=today,
                    taken_on=form.cleaned_data["taken_on"],
                )
            except ResultRefused as problem:
                form.add_error(form.field_for(problem.field), str(problem))
            else:
                messages.success(request, _saved_message(recorded, client, by))
                return redirect(done_url)
        messages.error(request, _("Nothing was saved. Please check the answer marked below."))
        status = 400
    context = {
        "kind": kind,
        "name": assessments.KIND_NAMES[kind],
        "form": form,
        "trend": trend(client, kind, since=since),
        "client": client,
        "for_coach": by.pk != client.pk,
        "action": action,
        "stances": assessments.STANCES,
    }
    return render(request, "tests/test_page.html", context, status=status)


@login_required
@client_only
@require_GET
def index(request):
    return render(request, "tests/index.html", {"trends": all_trends(request.user)})


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def test_page(request, kind):
    kind = _kind(kind)
    url = reverse("test_page", args=[kind])
    return _test_page(
        request, request.user, kind, by=request.user, done_url=url + "#results", action=url
    )


@login_required
@client_only
@require_GET
def report(request):
    return render(request, "tests/report.html", report_for(request.user))


@login_required
@coach_only
@require_http_methods(["GET", "POST"])
def coach_test_page(request, public_id, kind):
    kind = _kind(kind)
    link: CoachLink = linked_client(request.user, public_id)
    client = link.client
    return _test_page(
        request,
        client,
        kind,
        by=request.user,
        done_url=reverse("coach_client", args=[client.public_id]) + "#tests",
        action=reverse("coach_test", args=[client.public_id, kind]),
        since=link.history_from(),
    )


@login_required
@coach_only
@require_GET
def coach_report(request, public_id):
    link = linked_client(request.user, public_id)
    return render(
        request,
        "tests/report.html",
        report_for(link.client, for_coach=True, since=link.history_from()),
    )

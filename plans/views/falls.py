""" "I had a fall" (domain §9.7): tell us about a fall any day, then see what to do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plans.forms.falls import FallReportForm, prefill
from plans.selectors.after_a_fall import after_a_fall
from plans.services import falls
from plans.views.access import client_only


@login_required
@client_only
@require_http_methods(["GET", "POST"])
def report_fall(request):
    user, now = request.user, timezone.now()
    if request.method == "GET":
        initial = prefill(request.GET, tz=user.tz, now=now)
        form = FallReportForm(initial=initial, tz=user.tz, now=now)
        return render(request, "client/report_fall.html", {"form": form})
    form = FallReportForm(request.POST, tz=user.tz, now=now)
    if form.is_valid():
        try:
            result = falls.report_fall(user, **form.report(), now=now)
        except falls.FallRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if result.created:
                messages.success(request, _("Your fall is saved. Thank you for telling us."))
            else:
                messages.info(request, _("This fall was already saved. Your first report is kept."))
            return redirect("fall_reported")
    # A refused form says so; nothing was saved.
    return render(request, "client/report_fall.html", {"form": form}, status=400)


@login_required
@client_only
@require_GET
def fall_reported(request):
    page = after_a_fall(request.user)
    if page is None:
        return redirect("report_fall")
    return render(request, "client/fall_reported.html", {"page": page, "plan": page.plan})

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plans.progress import parse_month
from plans.selectors.cache_keys import fragment_context
from plans.services.progress_data import progress_for
from plans.views.access import client_only


@login_required
@client_only
@require_GET
def progress(request):
    today = request.user.local_today()
    # A bad ?month= quietly shows this month: it is only a link someone edited.
    month = parse_month(request.GET.get("month"), today)
    data = progress_for(request.user, today, month=month)
    context = {"progress": data, **fragment_context(request.user, data.plan, today)}
    return render(request, "client/progress.html", context)

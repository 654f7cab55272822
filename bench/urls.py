"""The app's URLs plus one the benchmark alone routes: /bench/blank/.

A logged-in page with nothing on it (the session and user lookups, the middleware, base.html)
is the cheapest page a signed-in person can get. The benchmark measures it beside the real
pages as a yardstick: the ratio floors are read against /healthz, and this row shows how much
of that ratio Django's fixed cost per signed-in request already takes.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from backward_walk.urls import urlpatterns as app_urlpatterns


@login_required
def blank(request):
    return render(request, "base.html", {})


urlpatterns = [path("bench/blank/", blank), *app_urlpatterns]

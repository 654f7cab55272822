"""Installable and offline: the web app manifest, the service worker, and signing out.

The worker is served from the site's root (not /static/) so its scope covers every page;
templates/app/sw.js gets the static files' real (hashed) names from {% static %}.
"""

import hashlib
import json

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from plans.middleware import OWNER_COOKIE, OWNER_HEADER
from plans.pictures import PICTURES

# What the worker keeps for use without a connection (besides the pages themselves).
OFFLINE_STATIC = (
    "vendor/bootstrap-5.3.8/css/bootstrap.min.css",
    "css/site.css",
    "css/plan.css",
    "css/progress.css",
    "css/guide.css",
    "js/offline.js",
    "js/player.js",
    "js/print.js",
    "js/install.js",
    "img/install/iphone-add-to-home-screen.svg",  # Today's install card
    "favicon.svg",
    "img/icons/icon-192.png",
    *dict.fromkeys(picture["file"] for picture in PICTURES.values()),  # addAll refuses duplicates
)
THEME_COLOUR = "#0b4f6c"


def manifest_data() -> dict:
    icons = [
        {
            "src": static(f"img/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("img/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    return {
        "name": _("backward-walk: backward walking, safely"),
        "short_name": "backward-walk",
        "description": _("Your backward-walking plan, a guided session, and your progress."),
        "id": "/",
        "start_url": reverse("today"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }


@require_GET
def manifest(request):
    # Browsers fetch the manifest without cookies, so it is public and the same for everyone.
    response = HttpResponse(
        json.dumps(manifest_data(), ensure_ascii=False),
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response


def worker_source() -> str:
    files = [static(path) for path in OFFLINE_STATIC]
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:12]
    return render_to_string(
        "app/sw.js",
        {
            "version": version,
            "files_json": json.dumps(files),
            "today": reverse("today"),
            "login": reverse("login"),
            "queue": reverse("queued_log"),
            "owner_cookie": OWNER_COOKIE,
            "owner_header": OWNER_HEADER,
            "not_saved_page": json.dumps(render_to_string("app/offline_not_saved.html")),
            "icon": static("img/icons/icon-192.png"),
        },
    )


@require_GET
def service_worker(request):
    response = HttpResponse(worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on each visit: never serve it from a cache.
    response["Cache-Control"] = "no-cache"
    return response


class LogoutView(auth_views.LogoutView):
    """Django's sign-out, and the browser is told to forget what this site kept offline
    (pages with health details, queued logs) and to drop the service worker."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


logout = LogoutView.as_view()

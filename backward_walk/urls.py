from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "backward-walk support"

# Each app brings its own pages; the addresses are the ones people already have.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("", include("accounts.urls")),
    path("", include("coaching.urls")),
    path("", include("assessments.urls")),
    path("", include("feeds.urls")),
    path("", include("notifications.urls")),
    path("api/", include("api.urls")),
]

handler500 = "plans.views.errors.server_error_or_outage"

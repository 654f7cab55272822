from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "backward-walk support"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("plans.urls")),
    path("api/", include("api.urls")),
]

handler500 = "plans.views.errors.server_error_or_outage"

"""The calendar: the feed needs no session, only its link."""

from django.urls import path

from feeds import views

urlpatterns = [
    path("account/calendar/new-link/", views.new_link, name="calendar_new_link"),
    path("account/calendar/sessions.ics", views.download, name="calendar_download"),
    path("calendar/<slug:key>/<slug:token>.ics", views.feed, name="calendar_feed"),
]

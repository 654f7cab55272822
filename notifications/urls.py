"""Mail choices, the one-click unsubscribe, reminders on this phone, and the dev mail page."""

from django.urls import path

from notifications.views import mail, push

urlpatterns = [
    path("account/mail/", mail.mail_choices, name="mail_choices"),
    # Reminders on this phone (notifications/views/push.py): JSON from static/js/push.js.
    path("account/phone/on/", push.subscribe, name="push_subscribe"),
    path("account/phone/off/", push.unsubscribe, name="push_unsubscribe"),
    path("unsubscribe/<str:token>/", mail.unsubscribe, name="unsubscribe"),
    path("dev/mail/", mail.dev_mail_page, name="dev_mail"),
]

"""Forms for email: the person's mail choices, and a password reset that goes via the worker."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts.time_zones import zone_words
from notifications import outbox
from notifications.models import MailPreferences, Notification
from plans.forms.fields import EmailAddressField


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail is queued for the worker, not sent in the request.

    The worker makes the link's token when it sends, so no token waits in the database."""

    email = EmailAddressField(label=_("Email"))

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        outbox.queue_one(
            Notification.Kind.PASSWORD_RESET,
            to=to_email,
            key=f"reset:{uuid.uuid4()}",
            user=context["user"],
        )


def _name_the_zone(field, user, *, digest: bool = False) -> None:
    """'at this time (London time)': the zone the time is read in, by name."""
    zone = {"zone": zone_words(user.time_zone)}
    if digest:
        field.label = _("Daily list at this time (%(zone)s)") % zone
    else:
        field.label = _("At this time (%(zone)s)") % zone


class TimeInput(forms.TimeInput):
    input_type = "time"


class ReminderForm(forms.ModelForm):
    """A client's reminders and weekly summary."""

    class Meta:
        model = MailPreferences
        fields = ["reminders", "reminder_time", "weekly_summary"]
        widgets = {"reminder_time": TimeInput(format="%H:%M")}
        # By email, or on the phone when it is turned on there (services/push.py).
        labels = {"reminders": _("Remind me on session days")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_the_zone(self.fields["reminder_time"], self.instance.user)
        self.helper = FormHelper()
        self.helper.form_id = "reminder-form"
        # The partial has its own <form> (for the "next" field): no second one inside it.
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save my email choices")))


class CoachMailForm(forms.ModelForm):
    """A coach's alerts and daily list."""

    class Meta:
        model = MailPreferences
        fields = ["coach_alerts", "coach_digest", "digest_time"]
        widgets = {"digest_time": TimeInput(format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _name_the_zone(self.fields["digest_time"], self.instance.user, digest=True)
        self.helper = FormHelper()
        self.helper.form_id = "coach-mail-form"
        # The partial has its own <form> (for the "next" field): no second one inside it.
        self.helper.form_tag = False
        self.helper.add_input(Submit("save", _("Save my email choices")))


def form_for(user, data=None):
    prefs = MailPreferences.objects.filter(user=user).first() or MailPreferences(user=user)
    form_class = CoachMailForm if user.is_coach else ReminderForm
    return form_class(data, instance=prefs)

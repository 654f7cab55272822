"""Forms for email: the person's mail choices, and a password reset that goes via the worker."""

import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from plans.models import MailPreferences, Notification
from plans.services import outbox


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the mail is queued for the worker, not sent in the request.

    The worker makes the link's token when it sends, so no token waits in the database."""

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


class TimeInput(forms.TimeInput):
    input_type = "time"


class ReminderForm(forms.ModelForm):
    """A client's reminders and weekly summary."""

    class Meta:
        model = MailPreferences
        fields = ["reminders", "reminder_time", "weekly_summary"]
        widgets = {"reminder_time": TimeInput(format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "reminder-form"
        self.helper.form_tag = False  # templates/partials/_mail_choices.html writes the <form>
        self.helper.add_input(Submit("save", _("Save my email choices")))


class CoachMailForm(forms.ModelForm):
    """A coach's alerts and daily list."""

    class Meta:
        model = MailPreferences
        fields = ["coach_alerts", "coach_digest", "digest_time"]
        widgets = {"digest_time": TimeInput(format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_id = "coach-mail-form"
        self.helper.form_tag = False  # templates/partials/_mail_choices.html writes the <form>
        self.helper.add_input(Submit("save", _("Save my email choices")))


def form_for(user, data=None):
    prefs = MailPreferences.objects.filter(user=user).first() or MailPreferences(user=user)
    form_class = CoachMailForm if user.is_coach else ReminderForm
    return form_class(data, instance=prefs)

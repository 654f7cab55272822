""" "I had a fall" (domain §9.7): the same follow-ups as a fall on a session log, and when."""

import zoneinfo
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.services.falls import DAYS_BACK, time_problem

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
# As the browser's date-and-time box sends it (and as `?when=` may prefill it).
WHEN_FORMAT = "%Y-%m-%dT%H:%M"
# A link may prefill the answers (a fall the offline queue could not save): ?injury=1&head=1
# &when=YYYY-MM-DDTHH:MM. Each value is checked like a typed answer; a bad one is left out.
PREFILL = {"injury": "injury", "head": "head_strike", "when": "when"}
PREFILL_CHOICES = {"1": "yes", "0": "no"}


class FallReportForm(forms.Form):
    when = forms.DateTimeField(
        label=_("When did it happen?"),
        help_text=_("Your best guess is fine."),
        input_formats=[WHEN_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=WHEN_FORMAT),
        error_messages={
            "required": _("Tell us roughly when it happened."),
            "invalid": _("Type the date and time like 2026-11-25 14:30."),
        },
    )
    injury = forms.ChoiceField(
        label=_("Were you hurt?"),
        help_text=_("Any pain, a cut, a bruise or swelling counts."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )
    head_strike = forms.ChoiceField(
        label=_("Did you hit your head?"),
        help_text=_("If you are not sure, choose yes."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )

    def __init__(self, *args, tz: zoneinfo.ZoneInfo, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.tz = tz
        self.now = now
        latest = timezone.localtime(now, tz)
        earliest = timezone.localtime(now - timedelta(days=DAYS_BACK), tz)
        self.fields["when"].widget.attrs.update(
            max=latest.strftime(WHEN_FORMAT), min=earliest.strftime(WHEN_FORMAT)
        )
        self.fields["when"].initial = latest.strftime(WHEN_FORMAT)

    def clean_when(self) -> datetime:
        # The field reads the time in the active zone; it was typed in the person's own.
        typed = timezone.make_naive(self.cleaned_data["when"])
        when = typed.replace(tzinfo=self.tz)
        problem = time_problem(when, self.now)
        if problem:
            raise forms.ValidationError(problem)
        return when

    def report(self) -> dict:
        """The service's keyword arguments."""
        data = self.cleaned_data
        return {
            "happened_at": data["when"],
            "injury": data["injury"] == "yes",
            "head_strike": data["head_strike"] == "yes",
        }


def prefill(query, *, tz: zoneinfo.ZoneInfo, now: datetime) -> dict:
    """The form's starting answers from a link's query, each kept only if the form accepts it."""
    data = {field: query.get(param, "") for param, field in PREFILL.items()}
    for field in ("injury", "head_strike"):
        data[field] = PREFILL_CHOICES.get(data[field], "")
    probe = FallReportForm(data, tz=tz, now=now)
    probe.is_valid()
    return {field: value for field, value in data.items() if value and field not in probe.errors}

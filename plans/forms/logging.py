from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms.scale import ScaleButtons, scale_choices, scale_field
from plans.models import SessionLog

RPE_SCALE = scale_choices(_("0 – resting"), _("10 – the hardest you can imagine"))
PAIN_SCALE = scale_choices(_("0 – no pain"), _("10 – the worst pain you can imagine"))
# Borg CR10 anchors (domain §4 v2).
RPE_HELP = _(
    "0 = resting, 3 = moderate, 5 = hard, 7 = very hard, 10 = the hardest you can imagine."
)
PAIN_HELP = _("0 = no pain, 5 = clear pain, 10 = the worst pain you can imagine.")


class SessionLogForm(forms.Form):
    """How a session went. Every answer the plan's rules read is on this one form."""

    status = forms.ChoiceField(
        label=_("How did it go?"),
        choices=SessionLog.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose done, partly done or skipped.")},
    )
    minutes = forms.IntegerField(
        label=_("Minutes in total"),
        min_value=0,
        max_value=300,
        required=False,
        help_text=_("Warm-up, walking and cool-down together."),
        error_messages={
            "invalid": _("Type the minutes as a number, like 20."),
            "min_value": _("Minutes cannot be below 0."),
            "max_value": _("That is more than 5 hours; please check the minutes."),
        },
    )
    rpe = scale_field(_("Effort (0–10)"), RPE_SCALE, help_text=RPE_HELP)
    pain_during = scale_field(_("Pain during the session (0–10)"), PAIN_SCALE, help_text=PAIN_HELP)
    pain_next_morning = scale_field(
        _("Pain the next morning (0–10), if you know it yet"),
        PAIN_SCALE,
        help_text=_("You can add this tomorrow morning."),
    )
    fall = forms.BooleanField(label=_("I fell"), required=False)
    fall_injury = forms.BooleanField(label=_("If you fell: were you hurt?"), required=False)
    fall_head_strike = forms.BooleanField(
        label=_("If you fell: did you hit your head?"), required=False
    )
    near_fall = forms.BooleanField(
        label=_("I nearly fell (caught myself or grabbed something)"), required=False
    )
    red_flag = forms.BooleanField(
        label=(
            _(
                "I had a warning sign: chest pain or pressure, dizziness, unusual breathlessness, "
                "a racing or uneven heartbeat, sudden weakness or numbness, or trouble speaking "
                "or seeing"
            )
        ),
        required=False,
    )
    health_changed = forms.BooleanField(
        label=(
            _(
                "Anything new with your health since you answered the questions: a new diagnosis, "
                "a new medicine, or a hospital visit?"
            )
        ),
        required=False,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Please keep the note under 2,000 characters.")},
    )

    def __init__(self, *args, planned=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.planned = planned

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        minutes = cleaned.get("minutes")
        if status == SessionLog.Status.PARTIAL and not minutes:
            self.add_error("minutes", _("Tell us how many minutes you managed."))
        if (cleaned.get("fall_injury") or cleaned.get("fall_head_strike")) and not cleaned.get(
            "fall"
        ):
            self.add_error("fall", _("Tick “I fell” too, so we know what happened."))
        if status == SessionLog.Status.SKIPPED:
            cleaned["minutes"] = 0
        elif status == SessionLog.Status.DONE and minutes is None and self.planned is not None:
            cleaned["minutes"] = self.planned.total_minutes
        return cleaned


class MorningPainForm(forms.Form):
    pain_next_morning = scale_field(
        _("Pain this morning (0–10)"),
        PAIN_SCALE,
        help_text=PAIN_HELP,
        required=True,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )


class RatingsForm(forms.Form):
    """The two one-tap questions after "I did it as planned" (domain §3 v2): each number is a
    button, so one tap answers one question (issue 24: two taps for both)."""

    rpe = scale_field(
        _("How hard did it feel?"), RPE_SCALE, help_text=RPE_HELP, widget=ScaleButtons
    )
    pain_during = scale_field(
        _("Any pain while walking?"), PAIN_SCALE, help_text=PAIN_HELP, widget=ScaleButtons
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rpe") is None and cleaned.get("pain_during") is None:
            raise forms.ValidationError(_("Choose a number for effort or for pain."))
        return cleaned

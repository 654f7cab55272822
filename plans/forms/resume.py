from django import forms

YES_NO = [("no", "No"), ("yes", "Yes")]


class ResumeForm(forms.Form):
    """A short re-check before a paused plan starts again."""

    pain_ok = forms.ChoiceField(
        label="Is your pain now 3 out of 10 or less, at rest and when you walk normally?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Please answer yes or no."},
    )
    warning_signs = forms.ChoiceField(
        label=(
            "Since the pause, have you had chest pain, dizziness, fainting, unusual "
            "breathlessness, or sudden weakness or numbness?"
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Please answer yes or no."},
    )
    new_fall = forms.ChoiceField(
        label="Have you fallen since the pause?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Please answer yes or no."},
    )
    physician_name = forms.CharField(label="Your doctor's name", max_length=120, required=False)
    cleared_on = forms.DateField(
        label="Date your doctor cleared you",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Type the date like 2026-11-25."},
    )

    def __init__(self, *args, needs_physician: bool = False, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_physician = needs_physician
        self.today = today
        if not needs_physician:
            del self.fields["physician_name"]
            del self.fields["cleared_on"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pain_ok") == "no":
            self.add_error(
                "pain_ok", "Please rest until the pain settles to 3 or less, or see your doctor."
            )
        if cleaned.get("warning_signs") == "yes":
            self.add_error(
                "warning_signs",
                "Please see a doctor before walking backward again. If it is happening now, "
                "call your local emergency number.",
            )
        if cleaned.get("new_fall") == "yes":
            self.add_error(
                "new_fall", "Please tell your doctor about the fall and get checked first."
            )
        if self.needs_physician:
            if not cleaned.get("physician_name"):
                self.add_error("physician_name", "Type the name of the doctor who cleared you.")
            day = cleaned.get("cleared_on")
            if day is None and "cleared_on" not in self.errors:
                self.add_error("cleared_on", "Type the date your doctor cleared you.")
            elif day and self.today and day > self.today:
                self.add_error("cleared_on", "The date cannot be in the future.")
        return cleaned

    def note(self) -> str:
        if self.needs_physician:
            day = self.cleaned_data["cleared_on"]
            return f"Cleared by Dr {self.cleaned_data['physician_name']} on {day:%d %b %Y}."
        return "The client's own re-check: pain settled, no warning signs, no new fall."

"""Number scales (0–10 effort or pain, 0–100 balance confidence) as rows of large radio buttons.

Radios, not a dropdown: one tap instead of three, and easier for older hands. The two ends carry
words ("0 – no pain"), so the numbers mean something without reading the help text.
"""

from django import forms


class ScaleRadioSelect(forms.RadioSelect):
    """A RadioSelect that templates wrap in `.scale` (see partials/_field.html and site.css)."""

    scale = True


class ScaleButtons(forms.widgets.ChoiceWidget):
    """A scale whose numbers are submit buttons: one tap answers and sends, no script needed
    (the two ratings after "I did it as planned"). Crispy renders it like any field: the
    question as the fieldset's legend, then the buttons, the help text and any error. Each
    button shows its number; the help text gives the words of the ends."""

    template_name = "widgets/scale_buttons.html"
    use_fieldset = True
    scale = True

    def id_for_label(self, id_, index=None):
        """As RadioSelect: the legend names the group, it is no label of the first button."""
        return "" if index is None else super().id_for_label(id_, index)


def scale_choices(lowest, highest, top: int = 10, step: int = 1) -> list[tuple[str, object]]:
    """The numbers 0 to `top` as choices; the ends take the labels given (with their words)."""
    middle = [(str(n), str(n)) for n in range(step, top, step)]
    return [("0", lowest), *middle, (str(top), highest)]


def scale_field(
    label, choices, *, help_text="", required=False, widget=ScaleRadioSelect, **kwargs
) -> forms.TypedChoiceField:
    """One question on a scale: an int, or None when it is optional and left unanswered."""
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        required=required,
        empty_value=None,
        widget=widget,
        help_text=help_text,
        **kwargs,
    )

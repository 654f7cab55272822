"""The one button that makes (or replaces) a person's calendar link."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CalendarLinkForm(forms.Form):
    """No fields: a POST with the CSRF token is the whole request."""

    def __init__(self, *args, has_link: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.form_action = reverse("calendar_new_link")
        self.helper.form_id = "calendar-new-link"
        label = _("Make a new link") if has_link else _("Make my calendar link")
        button = Submit("make_link", label)
        # Replacing a link is the lesser action once one exists (crispy's css_class would
        # only add to its own btn-primary).
        button.field_classes = "btn btn-outline-primary" if has_link else "btn btn-primary"
        self.helper.add_input(button)

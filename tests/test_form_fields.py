"""`bs_field` (plans/templatetags/form_extras.py) renders what crispy-forms' bootstrap5
`as_crispy_field` rendered, and its widgets are Django's own markup byte for byte: for every form
in plans.forms, unbound, bound with errors and bound with values."""

import datetime
import inspect
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.utils.datastructures import MultiValueDict

from plans.forms import accounts, coaching, logging, questionnaire, resume
from plans.models import User
from plans.templatetags.form_extras import _widget

CRISPY = Template(
    "{% load crispy_forms_filters %}"
    "{% for f in form.visible_fields %}{{ f|as_crispy_field }}{% endfor %}"
)
FAST = Template(
    "{% load form_extras %}{% for f in form.visible_fields %}{{ f|bs_field }}{% endfor %}"
)
pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 1, 5)
# Forms that take arguments; each set of arguments is rendered (ResumeForm's fields follow the
# need: the person's own re-check, a review, a physician; and the first clearance, no re-check).
KWARGS = {
    "ResumeForm": [
        {"needs": "self", "today": DAY},
        {"needs": "coach", "today": DAY},
        {"needs": "physician", "today": DAY},
        {"needs": "physician", "today": DAY, "recheck": False},
    ],
    "CurrentPasswordForm": [{"user": User(email="a@example.com")}],
    "EmailChangeForm": [{"user": User(email="a@example.com")}],
    "DeleteAccountForm": [{"user": User(email="a@example.com")}],
}


class _Dom(HTMLParser):
    """Tags, first-seen attributes (as a browser keeps them) and whitespace-collapsed text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_starttag(self, tag, attrs):
        seen = {}
        for name, value in attrs:
            seen.setdefault(name, " ".join((value or "").split()) if name == "class" else value)
        self.out.append(("<", tag, tuple(sorted(seen.items()))))

    def handle_endtag(self, tag):
        self.out.append(("/", tag))

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.out and self.out[-1][0] == "t":
            self.out[-1] = ("t", self.out[-1][1] + " " + text)
        elif text:
            self.out.append(("t", text))


def dom(html):
    parser = _Dom()
    parser.feed(html)
    return parser.out


def _forms():
    for module in (accounts, coaching, logging, questionnaire, resume):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                label = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"
                for n, kwargs in enumerate(KWARGS.get(name, [{}])):
                    yield pytest.param(cls, kwargs, id=f"{label}-{n}" if n else label)


def _filled(form):
    data = MultiValueDict()
    for name, field in form.fields.items():
        choices = [key for key, _label in getattr(field, "choices", []) if key != ""]
        if isinstance(field, forms.MultipleChoiceField):
            data.setlist(name, [str(c) for c in choices[:2]])
        elif choices:
            data[name] = str(choices[0])
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        elif isinstance(field, forms.IntegerField):
            data[name] = "5"
        else:
            data[name] = 'a <b>"c"</b>'
    return data


@pytest.mark.parametrize(("cls", "kwargs"), list(_forms()))
def test_fast_fields_match_crispy(cls, kwargs):
    datas = [None, {}, _filled(cls(**kwargs))]
    if cls is accounts.EmailLoginForm:
        datas.pop()  # a filled login form authenticates, and axes wants a request for that
    for data in datas:
        made = []
        for _ in range(2):
            form = cls(data=data, **kwargs) if data is not None else cls(**kwargs)
            if data is not None:
                form.is_valid()
            made.append(form)
        assert dom(FAST.render(Context({"form": made[0]}))) == dom(
            CRISPY.render(Context({"form": made[1]}))
        )
        for field in made[0].visible_fields():
            for attrs in ({}, {"class": "form-control is-invalid"}):
                assert str(_widget(field, dict(attrs))) == str(field.as_widget(attrs=dict(attrs)))

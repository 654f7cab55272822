"""Every form page renders its fields through crispy-forms (bootstrap5), and each field is tied
together for a screen reader: a label (or a fieldset's legend for choices), and its help text and
errors named by `aria-describedby`. Pages are checked empty and after a refused POST."""

from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from plans.services.intake import start_plan
from plans.services.sessions import record_log
from tests.factories import make_plan
from tests.test_password_pages import reset_confirm_url
from tests.test_questionnaire import PERSONA_1, PERSONA_7, answer_steps, step_url

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday: a session day
MONDAY = date(2026, 11, 23)
CONTROLS = {"input", "select", "textarea"}
NOT_FIELDS = {"hidden", "submit", "button"}
VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "wbr", "base"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        for node in [self.current, *self.current.ancestors()]:
            if node.tag == tag:
                self.current = node.parent
                return


def tree(html: str) -> Node:
    parser = _Tree()
    parser.feed(html)
    return parser.root


def fields_problems(html: str) -> list[str]:
    """What is wrong with the page's form fields, in words; an empty list when all is well."""
    root = tree(html)
    nodes = list(root.walk())
    ids = {n.attrs["id"] for n in nodes if n.attrs.get("id")}
    labelled = {n.attrs.get("for") for n in nodes if n.tag == "label"}
    described = set()
    for n in nodes:
        described.update((n.attrs.get("aria-describedby") or "").split())
    problems = [f"aria-describedby names a missing id: {ref}" for ref in described - ids]
    controls = [
        n
        for n in nodes
        if n.tag in CONTROLS
        and n.attrs.get("type") not in NOT_FIELDS
        and any(a.tag == "form" for a in n.ancestors())
    ]
    if not controls:
        problems.append("no form fields on the page")
    for control in controls:
        name = control.attrs.get("name")
        wrappers = [a for a in control.ancestors() if a.attrs.get("id", "").startswith("div_id_")]
        if not wrappers:
            problems.append(f"{name}: not inside crispy's div_<id> wrapper")
        if control.attrs.get("id") not in labelled:
            problems.append(f"{name}: no <label for> of its own")
        if (
            control.attrs.get("type") in ("radio", "checkbox")
            and control.attrs.get("id", "").rsplit("_", 1)[-1].isdigit()
        ):
            fieldset = next((a for a in control.ancestors() if a.tag == "fieldset"), None)
            if fieldset is None or not any(c.tag == "legend" for c in fieldset.children):
                problems.append(f"{name}: a choice outside a fieldset with a legend")
    # Every help text and every error crispy printed for a field is read with that field.
    for n in nodes:
        ident = n.attrs.get("id", "")
        if (ident.endswith("_helptext") or ident.endswith("_error")) and ident not in described:
            problems.append(f"{ident} is not named by any aria-describedby")
    for n in nodes:
        if n.tag in CONTROLS and "is-invalid" in n.attrs.get("class", ""):
            if n.attrs.get("type") in ("radio", "checkbox"):
                continue  # the fieldset carries the description; Django marks only the group
            if n.attrs.get("aria-invalid") != "true":
                problems.append(f"{n.attrs.get('name')}: shown invalid but not aria-invalid")
    return problems


def check(response, *, errors: bool = False) -> str:
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    assert fields_problems(html) == []
    assert ("invalid-feedback" in html) is errors
    return html


@pytest.fixture
def client_with_plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["login", "signup", "password_reset"])
def test_visitor_form_pages_are_crispy_and_linked(client, name):
    check(client.get(reverse(name)))


@pytest.mark.django_db
def test_password_change_is_crispy_and_linked_empty_and_with_errors(logged_in):
    check(logged_in.get(reverse("password_change")))
    check(logged_in.post(reverse("password_change"), {"new_password1": "1"}), errors=True)


@pytest.mark.django_db
def test_new_password_after_a_reset_link_is_crispy_and_linked(client, client_user):
    response = client.get(reset_confirm_url(client_user), follow=True)
    check(response)
    check(client.post(response.redirect_chain[-1][0], {"new_password1": "1"}), errors=True)


@pytest.mark.django_db
def test_signup_errors_are_linked_to_their_fields(client):
    html = check(client.post(reverse("signup"), {"email": "not-an-email"}), errors=True)
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 3])
def test_questionnaire_steps_are_crispy_and_linked_empty_and_with_errors(logged_in, number):
    answer_steps(logged_in, PERSONA_1, through=number - 1)
    check(logged_in.get(step_url(number)))
    check(logged_in.post(step_url(number), {}), errors=True)


@pytest.mark.django_db
def test_todays_log_form_has_large_scales_in_fieldsets(logged_in, client_with_plan):
    html = check(logged_in.get(reverse("today")))
    for name in ("rpe", "pain_during", "pain_next_morning"):
        assert f'<div id="div_id_{name}" class="mb-3">' in html
        assert f'name="{name}" value="10"' in html
        assert f'<select name="{name}"' not in html
    assert "0 – no pain" in html
    assert "10 – the worst pain you can imagine" in html
    # The log form's three, and the two ratings kept hidden for a one-tap log queued offline.
    assert html.count('class="scale"') == 5


@pytest.mark.django_db
def test_todays_rating_rows_after_one_tap_are_the_forms_own_scale_fields(
    logged_in, client_user, client_with_plan
):
    session = client_with_plan.sessions.get(date=MONDAY)
    record_log(client_user, session, {"status": "done", "minutes": 20})
    response = logged_in.get(reverse("today"))
    assert response.status_code == 200
    html = response.content.decode()
    # Buttons, not fields, so nothing to label; their help texts are still each read with
    # their question (aria-describedby on the fieldset).
    assert fields_problems(html) == ["no form fields on the page"]
    assert "Two quick questions" in html
    # One form, both crispy scale fields under the names the rate view reads, with ids of
    # their own beside any other form on the page; each number a submit button (issue 24).
    rate_url = reverse("rate_session", args=[MONDAY.isoformat()])
    assert html.count(f'action="{rate_url}"') == 1
    for name, legend in (
        ("rpe", "How hard did it feel?"),
        ("pain_during", "Any pain while walking?"),
    ):
        assert f'<div id="div_id_rate_{name}" class="mb-3">' in html
        assert html.count(f'<button type="submit" class="btn scale-button" name="{name}"') == 11
        assert f'<select name="{name}"' not in html
        assert legend in html
    assert html.count('<div class="scale">') == 2
    assert "0 = resting" in html
    assert "10 = the worst pain you can imagine" in html
    assert 'class="btn-check"' not in html  # no hand-made radios left


@pytest.mark.django_db
def test_log_form_errors_are_linked(logged_in, client_with_plan):
    url = reverse("log_day", args=[MONDAY.isoformat()])
    check(logged_in.post(url, {"status": "partial", "rpe": "11"}), errors=True)


@pytest.mark.django_db
def test_account_pages_are_crispy_and_linked(logged_in, client_with_plan):
    check(logged_in.get(reverse("account")))
    check(logged_in.get(reverse("account_delete")))
    response = logged_in.post(reverse("email_change"), {"new_email": "no"})
    response.status_code = 200  # a refused change answers 400 with the page and its errors
    check(response, errors=True)


@pytest.mark.django_db
def test_routine_form_is_crispy_and_linked_empty_and_with_errors(logged_in, client_with_plan):
    check(logged_in.get(reverse("routine")))
    response = logged_in.post(reverse("routine"), {"minutes": "5"})
    response.status_code = 200  # a refused change answers 400 with the form and its errors
    check(response, errors=True)


@pytest.mark.django_db
def test_result_page_clearance_form_is_crispy_and_linked(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())
    check(logged_in.get(reverse("screening_result")))
    check(logged_in.post(reverse("record_clearance"), {"name": ""}), errors=True)


@pytest.mark.django_db
def test_coach_forms_are_crispy_and_linked(coach_logged_in, coach_user, client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    make_plan(client_user, MONDAY)
    check(coach_logged_in.get(reverse("coach_client", args=[client_user.public_id])))
    check(coach_logged_in.get(reverse("coach_invites")))
    check(coach_logged_in.get(reverse("coach_dashboard")))  # the filters are crispy fields too

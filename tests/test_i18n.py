"""Every string a person sees is marked for translation, and `makemessages` collects them.

`makemessages` runs once on a copy of the source (the repository stays clean) for Spanish and for
a pseudo-language "xx". The pseudo catalogue's every translation is its message wrapped in ⟦ ⟧
(placeholders and plural forms kept), compiled with `compilemessages`; pages rendered in "xx"
must then show no text outside ⟦ ⟧ except the person's own data, numbers and what Django
translates itself (month and day names).
"""

import re
import shutil
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import dates, translation
from django.utils.translation import trans_real

from accounts import languages
from coaching.models import CoachLink, Invite, Note
from tests.factories import log_session, make_plan
from tests.test_password_pages import reset_confirm_url
from tests.test_questionnaire import PERSONA_1, answer_steps, step_url

ROOT = Path(settings.BASE_DIR)
SOURCES = ("backward_walk", "templates", *settings.PROJECT_APPS)
PSEUDO = "xx"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
OPEN, CLOSE = "⟦", "⟧"


# --- The catalogue ---------------------------------------------------------------------------


def _po_entries(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.strip().split("\n\n")]


def _strings(lines: list[str], key: str) -> str | None:
    """The raw (still escaped) text of `msgid`, `msgid_plural`… in an entry, lines joined."""
    out, inside = [], False
    for line in lines:
        if line.startswith(key + " "):
            inside = True
            out.append(line[len(key) + 1 :].strip()[1:-1])
        elif inside and line.startswith('"'):
            out.append(line[1:-1])
        else:
            inside = False
    return "".join(out) if out else None


def _wrap(raw: str) -> str:
    """⟦raw⟧, with a leading or trailing "\\n" kept outside (msgfmt checks they match)."""
    head = "\\n" if raw.startswith("\\n") else ""
    tail = "\\n" if raw.endswith("\\n") and len(raw) > len(head) else ""
    core = raw[len(head) : len(raw) - len(tail)]
    return f"{head}{OPEN}{core}{CLOSE}{tail}"


def pseudo_po(text: str) -> str:
    """The catalogue with every msgstr set to ⟦msgid⟧ (plural forms: ⟦msgid⟧, ⟦msgid_plural⟧)."""
    out = []
    for lines in _po_entries(text):
        msgid = _strings(lines, "msgid")
        kept = [line for line in lines if line.startswith(("#:", "#."))]
        kept += [line for line in lines if line.startswith("#,") and "fuzzy" not in line]
        kept += [line for line in lines if line.startswith("msgctxt")]  # after the comments
        if msgid is None:
            continue
        if msgid == "":  # the header: UTF-8 and English-style plurals
            out.append(
                'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
            )
            continue
        body = [f'msgid "{msgid}"']
        plural = _strings(lines, "msgid_plural")
        if plural is None:
            body.append(f'msgstr "{_wrap(msgid)}"')
        else:
            body += [
                f'msgid_plural "{plural}"',
                f'msgstr[0] "{_wrap(msgid)}"',
                f'msgstr[1] "{_wrap(plural)}"',
            ]
        out.append("\n".join(kept + body))
    return "\n\n".join(out) + "\n"


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory):
    """makemessages for es and xx on a copy of the source; xx filled and compiled."""
    tmp = tmp_path_factory.mktemp("i18n")
    src = tmp / "src"
    for name in SOURCES:
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    locale = src / "locale"
    with override_settings(LOCALE_PATHS=[locale]), pytest.MonkeyPatch.context() as patch:
        patch.chdir(src)
        call_command("makemessages", locale=["es", PSEUDO], verbosity=0)
        po = locale / PSEUDO / "LC_MESSAGES" / "django.po"
        po.write_text(pseudo_po(po.read_text(encoding="utf-8")), encoding="utf-8")
        call_command("compilemessages", locale=[PSEUDO], verbosity=0)
    return locale


def test_makemessages_collects_strings_from_templates_and_python(catalogues):
    po = (catalogues / "es" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    samples = [
        'msgid "Today"',  # a page title (template)
        'msgid "Log in"',  # a page title and button (template)
        'msgid "I did it as planned"',  # the one-tap button (template)
        'msgid "How did it go?"',  # a form label (Python)
        'msgid "0 – no pain"',  # a scale's end (Python)
        'msgid "Please answer this question."',  # a form error (Python)
        'msgid "Done as planned"',  # a model choice (Python)
    ]
    missing = [sample for sample in samples if sample not in po]
    assert missing == []
    assert "msgid_plural" in po  # at least one count is said with ngettext


def test_pseudo_catalogue_is_compiled(catalogues):
    assert (catalogues / PSEUDO / "LC_MESSAGES" / "django.mo").stat().st_size > 10_000


# --- The pages ------------------------------------------------------------------------------


SKIP_TEXT = {"script", "style"}
ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "data-label")
DATA_SELECTS = {"time_zone"}  # its options are time-zone names: data, not words


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.attrs, self.skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIP_TEXT or (tag == "select" and attrs.get("name") in DATA_SELECTS):
            self.skip += 1
        for name in ATTRIBUTES:
            if attrs.get(name):
                self.attrs.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.attrs.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SKIP_TEXT or tag == "select":
            self.skip = max(0, self.skip - 1)

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def _unwrapped(text: str) -> str:
    """The text with every ⟦…⟧ removed, innermost first (a value can sit inside a sentence)."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    return text


def _date_words() -> set[str]:
    """Day and month names: the date filter translates them with Django's own catalogue."""
    words = {"a.m.", "p.m.", "noon", "midnight"}
    with translation.override("en"):
        for names in (dates.WEEKDAYS, dates.WEEKDAYS_ABBR, dates.MONTHS, dates.MONTHS_3):
            words.update(str(name) for name in names.values())
            words.update(str(name).title() for name in names.values())  # "M" is "Nov"
        for names in (dates.MONTHS_AP, dates.MONTHS_ALT):
            words.update(str(name) for name in names.values())
    return words


def unmarked(html: str, data: tuple[str, ...]) -> list[str]:
    """Visible text (and announced attributes) outside ⟦ ⟧, the person's data and numbers."""
    parser = _Text()
    parser.feed(html)
    allowed = _date_words()
    found = []
    for chunk in ["\n".join(parser.text), *parser.attrs]:
        rest = re.sub(r"https?://\S+", " ", _unwrapped(chunk))  # links are data
        for value in sorted(data, key=len, reverse=True):
            rest = rest.replace(value, " ")
        for line in rest.splitlines():
            words = [
                w
                for w in re.findall(r"[^\W\d_][\w'’.-]*", line)
                if w not in allowed and w.rstrip(".") not in allowed
            ]
            if words:
                found.append(" ".join(line.split()))
    return sorted(set(found))


@pytest.fixture
def pseudo(catalogues):
    """Every page in "xx": a visitor's (the site's default language, as no browser asks for
    one) and a signed-in person's (as if each account had chosen it)."""
    with (
        override_settings(LANGUAGES=[("en", "English"), (PSEUDO, "Pseudo")]),
        override_settings(LOCALE_PATHS=[catalogues], LANGUAGE_CODE=PSEUDO),
        translation.override(PSEUDO),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(languages, "of", lambda user: PSEUDO)
        trans_real._translations = {}
        yield
    trans_real._translations = {}


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(frozen, client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))
    log_session(plan.sessions.get(date=MONDAY), pain=2)
    Note.objects.create(client=client_user, author=coach_user, body="Nice work on Monday.")
    Invite.objects.create(coach=coach_user, email="new@example.com")
    return plan


DATA = (
    "Wendy Walker",
    "walker@example.com",
    "Cora Coach",
    "coach@example.com",
    "Nice work on Monday.",
    "new@example.com",
    "backward-walk",
    "Steady start.",  # the plan's reason as the test factory stores it
    "English",  # the footer's language choice: each language named in its own words
    "Pseudo",
)


def assert_marked(client, path, *, status=200, data=DATA, method="get", payload=None):
    response = getattr(client, method)(path, payload or {})
    assert response.status_code == status, f"{path} answered {response.status_code}"
    html = response.content.decode()
    assert OPEN in html, f"{path}: nothing translated at all"
    left = unmarked(html, data)
    assert left == [], f"{path} shows text not marked for translation:\n" + "\n".join(left)


VISITOR_PAGES = [
    "home",
    "login",
    "signup",
    "privacy",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "signup_sent",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", VISITOR_PAGES)
def test_visitor_pages_are_all_marked(client, pseudo, name):
    assert_marked(client, reverse(name))


@pytest.mark.django_db
def test_password_pages_behind_a_link_or_a_lock_are_marked(client, client_user, pseudo):
    response = client.get(reset_confirm_url(client_user), follow=True)
    assert_marked(client, response.redirect_chain[-1][0])
    assert_marked(client, response.redirect_chain[-1][0], method="post")  # the errors too
    assert_marked(client, reverse("password_reset_confirm", args=["MQ", "1-nope"]))
    for _ in range(5):
        client.post(reverse("login"), {"username": client_user.email, "password": "wrong"})
    login = {"username": client_user.email, "password": "wrong"}
    assert_marked(client, reverse("login"), status=429, method="post", payload=login)


@pytest.mark.django_db
def test_not_found_page_is_marked(client, pseudo):
    assert_marked(client, "/no-such-page/", status=404)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [1, 2, 3])
def test_questionnaire_steps_are_all_marked(logged_in, pseudo, number):
    with translation.override("en"):
        answer_steps(logged_in, PERSONA_1, through=number - 1)
    assert_marked(logged_in, step_url(number))
    assert_marked(logged_in, step_url(number), method="post")  # every error message too


@pytest.mark.django_db
def test_result_page_is_marked(logged_in, pseudo):
    # Reasons are stored as text in the language of the day they were made: answer in "xx".
    answer_steps(logged_in, PERSONA_1, through=3)
    assert_marked(logged_in, reverse("screening_result"))
    assert_marked(logged_in, reverse("physician_letter"))


CLIENT_PAGES = [
    "today",
    "plan",
    "progress",
    "account",
    "account_delete",
    "install_help",
    "client_notes",
    "routine",
    "password_change",
    "password_change_done",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CLIENT_PAGES)
def test_client_pages_are_all_marked(logged_in, world, pseudo, name):
    assert_marked(logged_in, reverse(name))


@pytest.mark.django_db
def test_the_guided_session_is_marked(logged_in, world, pseudo):
    """The player's screen, its no-voice notice and its choices (issue 24)."""
    assert_marked(logged_in, reverse("session_player", args=["2026-11-25"]))


@pytest.mark.django_db
def test_log_form_with_errors_is_marked(logged_in, world, pseudo):
    url = reverse("log_day", args=[MONDAY.isoformat()])
    assert_marked(logged_in, reverse("log_day", args=["2026-11-25"]))
    assert_marked(logged_in, url)


@pytest.mark.django_db
def test_routine_form_with_errors_and_its_refusal_are_marked(logged_in, world, pseudo):
    assert_marked(logged_in, reverse("routine"), status=400, method="post")
    refused = {"places": ["none"], "days": ["mon"], "minutes": "30", "row_version": "1"}
    assert_marked(logged_in, reverse("routine"), status=400, method="post", payload=refused)


@pytest.mark.django_db
def test_fall_report_pages_and_errors_are_marked(logged_in, world, pseudo):
    """§9.7 "I had a fall": the form, its errors and the page after it."""
    url = reverse("report_fall")
    assert_marked(logged_in, url)
    assert_marked(logged_in, url, status=400, method="post")
    fell = {"when": "2026-11-25T08:30", "injury": "yes", "head_strike": "yes"}
    assert_marked(
        logged_in, url, status=400, method="post", payload={**fell, "when": "2030-01-01T08:00"}
    )
    # What the fall did is stored in the words of the day it was told: tell it in "xx".
    logged_in.post(url, fell)
    assert_marked(logged_in, reverse("fall_reported"))


@pytest.mark.django_db
def test_coach_pages_are_all_marked(coach_logged_in, client_user, world, pseudo):
    assert_marked(coach_logged_in, reverse("coach_dashboard"))
    assert_marked(coach_logged_in, reverse("coach_client", args=[client_user.public_id]))
    assert_marked(coach_logged_in, reverse("coach_invites"))


@pytest.mark.django_db
def test_what_happened_words_are_marked(client, client_user, coach_logged_in, world, pseudo):
    """Issue 23: the dashboard's line under a filter that matches nobody while a client has a
    flag, and the report's record of falls and pauses, for the coach and for the person."""
    from plans.services import sessions

    today = world.sessions.get(date=NOW.date())
    data = {"status": "done", "minutes": 20, "fall": True, "fall_head_strike": True}
    sessions.record_log(client_user, today, data)
    for query in ("?stage=pool", "?q=Wendy", "?flag=any"):
        assert_marked(coach_logged_in, reverse("coach_dashboard") + query)
    assert_marked(coach_logged_in, reverse("coach_progress_report", args=[client_user.public_id]))
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    assert_marked(client, reverse("progress_report"))


@pytest.mark.django_db
def test_coach_consent_and_stopping_pages_are_marked(
    logged_in, client_user, other_coach_user, world, pseudo
):
    """Issue 25: the invite's sharing choice, the account page's, and the client's stop."""
    invite = Invite.objects.create(coach=other_coach_user)
    data = (*DATA, "Sam Stranger")
    assert_marked(logged_in, reverse("invite", args=[invite.code]), data=data)
    assert_marked(logged_in, reverse("client_end_link_confirm"))
    logged_in.post(reverse("client_end_link"))
    assert_marked(logged_in, reverse("client_link_ended"))
    assert_marked(logged_in, reverse("client_notes"))

"""Journey (issue 27): a visitor whose browser speaks Spanish signs up, answers the questions,
reads the plan and its safety copy in Spanish, logs a session, gets the day's reminder email in
Spanish, switches to English in the footer and back. `<html lang>` follows each switch, axe is
clean at 1280 and 390 px, and the printed report is Spanish too.

Every Spanish text is the catalogue's translation of the English the code marks (`es()`), so
the journey checks what a Spanish reader is shown, not one wording of it; a few literal
Spanish words make sure the catalogue is really there.
"""

import io
import re
from datetime import time

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from notifications import reminders
from notifications.models import MailPreferences
from plans.demo_data import PROFILES
from plans.questionnaire_steps import STEPS
from tests.browser.conftest import DESKTOP
from tests.browser.pages import (
    SITE,
    WIDTHS,
    check_a11y,
    days_from_today,
    fill_answers,
    use_size,
)
from tests.factories import PASSWORD
from tests.worker import send_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def es(english: str) -> str:
    with translation.override("es"):
        return translation.gettext(english)


def expect_title(page, where: str) -> None:
    expect(page).to_have_title(re.compile(rf"^{re.escape(where)}.*{re.escape(SITE)}$"))


def expect_lang(page, code: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)


def menu_link(page, name: str, menu: str = "Main"):
    """A link of the main menu (named in the page's language); on a phone, unfolded first."""
    folded = page.locator("details.nav-folded")
    if folded.is_visible() and folded.get_attribute("open") is None:
        folded.locator("summary").click()
    nav = page.get_by_role("navigation", name=menu)
    return nav.get_by_role("link", name=name, exact=True)


def spanish_sign_up(page, name: str, email: str) -> None:
    page.get_by_label(es("your name")).fill(name)  # the field's own name, capitalised
    page.get_by_label(es("Email address")).fill(email)
    page.get_by_label(es("Choose a password")).fill(PASSWORD)
    page.get_by_label(es("Type the password again")).fill(PASSWORD)
    page.locator('[name="accept_disclaimer"]').check()
    page.locator('[name="accept_health_data"]').check()
    page.get_by_role("button", name=es("Create my account")).click()
    expect_title(page, es("Check your email"))
    send_queued_mail()
    (sent,) = [m for m in mail.outbox if m.to == [email]]
    assert "backward-walk" in sent.subject and sent.subject != "Confirm your email address"
    assert "Hola" in sent.body and "Hello" not in sent.body
    link = re.search(r"https?://\S+(/signup/confirm/\S+/)", sent.body).group(1)
    page.goto(link)
    expect_title(page, es("Finish making your account"))
    page.get_by_role("button", name=es("Switch on my account")).click()


def spanish_questionnaire(page, answers: dict, a11y: bool) -> None:
    with translation.override("es"):
        titles = [str(step.title) for step in STEPS]
    for number, title in enumerate(titles, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect_lang(page, "es")
        if a11y:
            check_a11y(page)
        fill_answers(page, answers)
        last = number == len(titles)
        page.get_by_role("button", name=es("Finish and see my plan" if last else "Next")).click()
    expect_title(page, es("Your result"))


def reminder_mail_for(email: str):
    """The scheduler's pass and the worker's batch now; the reminder mailed to `email`."""
    now = timezone.now()
    reminders.queue_due(now)
    send_queued_mail()
    sent = [m for m in mail.outbox if m.to == [email] and "List-Unsubscribe" in m.extra_headers]
    assert sent, "no reminder was mailed"
    return sent[-1]


@WIDTHS
def test_a_spanish_speaker_goes_through_it_all_in_spanish(open_page, size):
    page = open_page(locale="es-ES")  # navigator.language and Accept-Language: es-ES
    use_size(page, size)
    a11y = size == DESKTOP
    email = "lucia@example.com"
    answers = {**PROFILES["fit"], "days": days_from_today("UTC")}

    # A visitor: the browser's language, before any choice.
    page.goto("/")
    expect_lang(page, "es")
    expect_title(page, es("Backward walking, safely"))
    assert es("Backward walking, safely") != "Backward walking, safely"
    check_a11y(page)
    menu_link(page, es("Sign up"), es("Main")).click()
    expect_title(page, es("Create an account"))
    check_a11y(page)
    spanish_sign_up(page, "Lucía López", email)
    assert User.objects.get(email=email).language == "es"

    # The questions, then the plan with its safety copy.
    spanish_questionnaire(page, answers, a11y)
    expect(page.get_by_role("heading", name=es("Your plan in short"))).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=es("See my whole plan")).click()
    expect_title(page, es("Your plan"))
    safety = page.locator("section[aria-labelledby=safety-h]")
    expect(safety.get_by_role("heading", name=es("Staying safe"))).to_be_visible()
    expect(safety).to_contain_text(es("Before each session"))
    expect(safety).not_to_contain_text("Before each session")
    check_a11y(page)

    # Reminders on from the account page, due now: the email is Spanish.
    page.goto("/account/")
    expect_title(page, es("Your account"))
    page.get_by_label(es("Remind me on session days")).check()
    page.locator('[name="reminder_time"]').fill("00:00")
    page.get_by_role("button", name=es("Save my email choices")).click()
    expect(page.get_by_text(es("Your email choices are saved."))).to_be_visible()
    assert MailPreferences.objects.get(user__email=email).reminder_time == time(0, 0)
    check_a11y(page)
    reminder = reminder_mail_for(email)
    assert reminder.subject == es("Your backward walking session is today")
    assert reminder.subject == "Hoy tiene su sesión de caminar hacia atrás"
    assert "Hoy es día de caminar" in reminder.body
    assert reminder.extra_headers["Content-Language"] == "es"
    html = reminder.alternatives[0][0]
    assert '<html lang="es">' in html and "Today is a walking day" not in html

    # Today: the stop rule in Spanish, then one tap logs the session.
    menu_link(page, es("Today"), es("Main")).click()
    expect_title(page, es("Today"))
    expect(page.locator("main")).to_contain_text("Pare de inmediato")  # the stop rule
    check_a11y(page)
    page.get_by_role("button", name=es("I did it as planned")).click()
    expect(page.get_by_role("status").first).to_contain_text(es("Saved. Well done for logging it."))
    check_a11y(page)

    # English from the footer: the page, <html lang> and the account change together.
    page.get_by_role("contentinfo").get_by_role("button", name="English").click()
    expect_lang(page, "en")
    expect_title(page, "Today")
    expect(page.get_by_role("contentinfo").locator("[aria-current=true]")).to_have_text("English")
    assert User.objects.get(email=email).language == "en"
    check_a11y(page)
    page.goto("/plan/")
    expect_lang(page, "en")
    expect_title(page, "Your plan")

    # ...and back to Spanish.
    page.get_by_role("contentinfo").get_by_role("button", name="Español").click()
    expect_lang(page, "es")
    expect_title(page, es("Your plan"))
    assert User.objects.get(email=email).language == "es"
    check_a11y(page)

    if a11y:  # the printed report, once: Spanish headings and dates in the PDF
        page.goto("/tests/report/")
        expect_lang(page, "es")
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        text = " ".join(" ".join((sheet.extract_text() or "").split()) for sheet in pdf.pages)
        printed_on = es("Printed on %(day)s. For a physiotherapist or doctor.")
        assert printed_on.split("%(day)s")[0].strip() in text
        assert re.search(r"\d{1,2} de [a-zñ]+ de \d{4}", text), text[:300]
        assert "Printed on" not in text

"""The person's sessions as an iCalendar (.ics) file: a secret feed link and a download.

The link is /calendar/<key>/<token>.ics. `key` is a random UUID kept in CalendarFeed; `token`
is an HMAC of it under SECRET_KEY, so the database holds nothing that opens a feed, the page
can show the same link again, and a wrong token is refused in constant time before any query.
"Make a new link" draws a new key: the old link then finds no row and gets 404.

Each planned day is one event whose UID comes from the person and the date, so a calendar
updates the event in place when the plan changes (SEQUENCE is the session's `sequence`) and
removes it when the session is cancelled (STATUS:CANCELLED), never duplicating it.

The project has no chosen time of day for sessions yet, so events are all-day by default
(they do not block time); `build_calendar(..., at=time)` makes timed events in the person's
own time zone, with its VTIMEZONE, for when one is added.
"""

import hashlib
import uuid
from datetime import date, datetime, time, timedelta

import icalendar
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts import languages
from accounts.models import User
from feeds.models import CalendarFeed
from notifications import limits
from plans.models import PlannedSession
from plans.services.schedule import WEEKS_AHEAD
from plans.services.state import cues_for

# Sessions shown ahead (the schedule is written this far), and a short look back so that a
# calendar does not drop yesterday's session the moment the day is over.
DAYS_AHEAD = WEEKS_AHEAD * 7
DAYS_BACK = 14
# The host part of every UID: fixed, so a download and the feed (or two host names of the
# site) give the same UIDs and a calendar never shows a session twice.
UID_DOMAIN = "backward-walk"
PRODID = "-//backward-walk//Calendar feed//EN"
# How often calendar clients are asked to fetch again (Outlook and Apple read these).
REFRESH = timedelta(hours=1)
_TOKEN_SALT = "plans.calendar_feed.token"  # noqa: S105 (an HMAC salt, not a secret)


# --- The link ------------------------------------------------------------------------------


def _token(key: str, secret: str) -> str:
    return salted_hmac(_TOKEN_SALT, key, secret=secret, algorithm="sha256").hexdigest()


def feed_token(feed: CalendarFeed) -> str:
    """The secret half of the feed's link."""
    return _token(feed.key.hex, settings.SECRET_KEY)


def token_matches(key: str, token: str) -> bool:
    """Whether `token` was made for `key`, compared in constant time.

    Keys in SECRET_KEY_FALLBACKS are accepted too, so rotating the secret the Django way does
    not break everyone's calendar at once.
    """
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    matched = False
    for secret in secrets:
        # Every secret is tried, match or not: the time taken says nothing about the token.
        matched |= constant_time_compare(_token(key, secret), token)
    return matched


def feed_path(feed: CalendarFeed) -> str:
    return reverse("calendar_feed", args=[feed.key.hex, feed_token(feed)])


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def new_link(user: User) -> CalendarFeed:
    """Give the person a feed link, or a new one in place of the old (which stops working)."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.key = uuid.uuid4()
        feed.created_at = timezone.now()
        feed.save(update_fields=["key", "created_at"])
    return feed


def feed_for_link(key: str, token: str) -> CalendarFeed | None:
    """The current feed (with its active person) this link opens; None for a wrong or old link.

    The token is checked first, so a guessed link costs no query.
    """
    if not token_matches(key, token):
        return None
    try:
        parsed = uuid.UUID(hex=key)
    except ValueError:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(key=parsed).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def count_fetch(feed: CalendarFeed) -> None:
    """Count one fetch of this link; limits.LimitReached past the daily limit. Counted per
    link, so a new link is not held back by an old one that leaked."""
    limits.spend((limits.CALENDAR_FEED_PER_LINK, feed.key.hex))


# --- The calendar --------------------------------------------------------------------------


def event_uid(user: User, day: date) -> str:
    """The same for the same person and day forever: from the person's random public id (not
    the email, not the row id, not a secret that could be rotated) and the date."""
    digest = hashlib.sha256(f"session:{user.public_id}:{day.isoformat()}".encode()).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


def sessions_for_feed(user: User, today: date) -> list[PlannedSession]:
    """The person's planned days from DAYS_BACK ago through DAYS_AHEAD from today, cancelled
    ones included (so calendars remove them). One query, however many sessions."""
    return list(
        PlannedSession.objects.filter(
            client=user,
            date__gte=today - timedelta(days=DAYS_BACK),
            date__lte=today + timedelta(days=DAYS_AHEAD),
        )
        .select_related("log")
        .order_by("date")
    )


def _is_logged(session: PlannedSession) -> bool:
    return getattr(session, "log", None) is not None


def is_cancelled(session: PlannedSession) -> bool:
    """A logged session always stays: it happened."""
    return session.cancelled and not _is_logged(session)


def event_for(
    user: User,
    session: PlannedSession,
    *,
    stamp: datetime,
    at: time | None = None,
    link: str = "",
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(user, session.date))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    cancelled = is_cancelled(session)
    place = session.get_stage_display()
    if cancelled:
        summary = _("Cancelled: backward walking")
    else:
        summary = _("Backward walking: %(place)s, %(minutes)s minutes") % {
            "place": place,
            "minutes": session.total_minutes,
        }
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("location", place)
    if at is None:
        event.add("dtstart", session.date)
        event.add("dtend", session.date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # an all-day reminder, not a busy day
    else:
        event.add("dtstart", datetime.combine(session.date, at, tzinfo=user.tz))
        event.add("duration", timedelta(minutes=session.total_minutes))
    event.add("description", description_for(session, owner=user, cancelled=cancelled, link=link))
    if link:
        event.add("url", link)
    return event


def description_for(
    session: PlannedSession, *, owner: User, cancelled: bool = False, link: str = ""
) -> str:
    """What to do, in the words Today uses (the bouts partial and the stage's safety cues).

    A feed is read with no one signed in, so speeds take the feed owner's unit."""
    context = {
        "session": session,
        "owner": owner,
        "cancelled": cancelled,
        "logged": _is_logged(session),
        "cues": cues_for(session.stage, seated_rest=session.seated_rest),
        "link": link,
    }
    text = render_to_string("calendar/event_description.txt", context)
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def build_calendar(
    user: User,
    sessions: list[PlannedSession],
    *,
    stamp: datetime,
    at: time | None = None,
    link: str = "",
) -> icalendar.Calendar:
    """The sessions as one calendar; timed events (`at`) carry the person's VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Backward walking"))
    calendar.add("x-wr-timezone", user.time_zone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH).to_ical().decode())
    for session in sessions:
        calendar.add_component(event_for(user, session, stamp=stamp, at=at, link=link))
    if at is not None and sessions:
        calendar.add_missing_timezones(
            first_date=sessions[0].date - timedelta(days=1),
            last_date=sessions[-1].date + timedelta(days=2),
        )
    return calendar


def calendar_bytes(
    user: User, *, now: datetime | None = None, at: time | None = None, link: str = ""
) -> bytes:
    """The person's .ics file as it stands now, in their language (a calendar app reads the
    feed with no one signed in, so the account says which)."""
    now = now or timezone.now()
    today = user.local_today(now)
    sessions = sessions_for_feed(user, today)
    with languages.speaking(user):
        return build_calendar(user, sessions, stamp=now, at=at, link=link).to_ical()


def etag_for(body: bytes) -> str:
    """The ETag of a feed body, ignoring DTSTAMP (the time it was made), so an unchanged
    calendar answers 304 to a client that has it."""
    lines = [line for line in body.splitlines() if not line.startswith(b"DTSTAMP")]
    return hashlib.sha256(b"\n".join(lines)).hexdigest()[:32]

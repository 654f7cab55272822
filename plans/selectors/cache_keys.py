"""The one version every cached page fragment is keyed on.

A fragment is cached under `fragment_version(...)` and never invalidated: when anything it
shows changes, the version changes, and the old entry is simply never read again (the cache
culls it). So the version must cover everything a fragment shows that can change:

- the plan's state: `row_version`, which `services/transitions.py` (the one writer) bumps on
  every change, and the plan's id and creation time (a new version after re-screening);
- the person's sessions and logs: `User.records_version`, bumped in the same transaction by
  every writer of them: record_log, add_ratings, add_morning_pain (services/sessions.py) and
  write_schedule (services/schedule.py: transitions, the daily write_schedules/extend, new
  plans); a logged session the rules "hold" on changes no plan field but does change this;
- the local date (adherence, "today" and "missed" markers) and the time zone it comes from;
- the language the page is rendered in;
- the code itself (`CODE_VERSION`), so a deploy with new templates does not serve old markup.

Kept under the same version besides fragments: the break rule's answer a page shows
(selectors/dose.py `break_for_page`); empty forms' fields are keyed on the language and the
code alone (templatetags/forms_once.py). The default cache is each process's memory, so a
read costs no query, hit or miss (settings.CACHES).

Not in any fragment, so not in the key: notes, plan history, forms, anything else about the
viewer (the coach's own data) than the speed unit, which `fragment_context` adds. A new
writer of sessions or logs calls `User.objects.records_changed`.
"""

import hashlib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import translation

from accounts.models import User
from plans.models import Plan

# Fragments live a day at most: each is cheap to rebuild and its key moves on anyway.
FRAGMENT_SECONDS = 60 * 60 * 24


@lru_cache(maxsize=1)
def code_version() -> str:
    """A short digest of the templates and the app's Python, read once per process."""
    digest = hashlib.blake2b(digest_size=6)
    root = Path(settings.BASE_DIR)
    for folder in ("templates", *settings.PROJECT_APPS):
        for pattern in ("*.html", "*.py"):
            for path in sorted((root / folder).rglob(pattern)):
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp(moment) -> str:
    return f"{moment.timestamp():.6f}" if moment else "-"


def fragment_version(
    client_id: int,
    records_version: int,
    plan_id: int | None,
    plan_row_version: int | None,
    plan_created_at: datetime | None,
    today: date,
    time_zone: str,
    *extra: object,
) -> str:
    """The version of what a person's cached fragments show on their local `today`.

    The arguments are columns of the person's row and of their plan (None without one), so a
    page that has the objects and the dashboard that has only columns build the same key;
    `extra` adds what one kind of fragment shows besides (a dashboard row: name and email).
    """
    parts = [
        code_version(),
        translation.get_language() or "-",
        str(client_id),
        str(records_version),
        f"{plan_id}.{plan_row_version}.{_stamp(plan_created_at)}",
        today.isoformat(),
        time_zone,
        *(str(value) for value in extra),
    ]
    return ":".join(parts)


def version_for(client: User, plan: Plan | None, today: date) -> str:
    """`fragment_version` for a person's own row, as their pages and the coach's page have."""
    return fragment_version(
        client.pk,
        client.records_version,
        plan.pk if plan else None,
        plan.row_version if plan else None,
        plan.created_at if plan else None,
        today,
        client.time_zone,
    )


def fragment_context(
    client: User,
    plan: Plan | None,
    today: date,
    *,
    viewer: User | None = None,
    since: date | None = None,
) -> dict:
    """What a template's `{% cache cache_seconds "name" cache_version %}` needs.

    The week table shows speeds in the viewer's unit (the client's, or their coach's), so the
    viewer's unit is part of the key too; and a coach's first visible day (`since`, when the
    client does not share their history), since the fragments then leave out what came before."""
    unit = (viewer or client).speed_unit
    version = f"{version_for(client, plan, today)}:{unit}:{since or '-'}"
    return {"cache_version": version, "cache_seconds": FRAGMENT_SECONDS}

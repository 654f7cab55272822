"""What "Level 1 of 4" and the tier mean (issue 17), in the rules' own words and numbers."""

import html
import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from plans import engine, progression, rules
from plans.demo_data import PROFILES
from plans.services.intake import start_plan
from tests.factories import make_user

START = date(2026, 3, 2)  # a Monday: "careful" and "fit" have a session that day


@pytest.mark.parametrize(
    ("tier", "effort", "weeks"),
    [
        pytest.param("low", "effort up to 6", "2 weeks in a place", id="low"),
        pytest.param("mod", "effort up to 5", "2 weeks in a place", id="mod"),
        pytest.param("high", "effort up to 4", "3 weeks in a place", id="high-stays-longer"),
    ],
)
def test_levels_are_explained_with_the_advance_rules_numbers(tier, effort, weeks):
    words = progression.levels_explained(tier)
    assert "Each place has 4 levels" in words
    assert "3 good sessions in a row" in words
    assert "pain up to 3" in words
    assert "at least 7 days at your level" in words
    assert effort in words
    assert weeks in words


def test_level_words_follow_a_changed_rule(monkeypatch):
    monkeypatch.setattr(rules, "MIN_DAYS_AT_LEVEL", 10)
    assert "at least 10 days at your level" in progression.levels_explained("mod")


@pytest.mark.parametrize(
    ("tier", "shown"),
    [
        pytest.param("low", "at most 4 sessions a week, at an effort of 4 to 6", id="low"),
        pytest.param("mod", "at most 3 sessions a week, at an effort of 3 to 5", id="mod"),
        pytest.param("high", "at most 3 sessions a week, at an effort of 3 to 4", id="high"),
    ],
)
def test_the_tier_is_explained_with_its_own_dose(tier, shown):
    words = engine.tier_explained(tier)
    assert str(engine.TIER_WORDS[tier]) in words
    assert shown in words


def _text(response) -> str:
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.mark.parametrize(
    ("persona", "group"),
    [
        pytest.param("fit", "Ready to build", id="low"),
        pytest.param("careful", "Extra care", id="high"),
    ],
)
@time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False)
def test_today_and_the_plan_say_what_the_level_and_the_tier_mean(client, db, persona, group):
    user = make_user(f"{persona}@example.com")
    plan = start_plan(user, dict(PROFILES[persona]), START)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    today = _text(client.get("/today/"))
    plan_page = _text(client.get("/plan/"))
    level_words = progression.levels_explained(plan.tier)
    assert "Level 1 of 4" in today
    assert "What does the level mean?" in today
    assert level_words in today
    assert f"What does “{group} start” mean?" in plan_page
    assert f"put you in the “{group}” group" in plan_page
    assert engine.tier_explained(plan.tier) in plan_page
    assert level_words in plan_page

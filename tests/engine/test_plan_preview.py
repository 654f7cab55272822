"""plan_preview prints the screening result and the plan for an answers file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parent.parent / "data"


def preview(*args: str) -> str:
    out = StringIO()
    call_command("plan_preview", *args, stdout=out)
    return out.getvalue()


def test_persona_1_gets_a_low_tier_treadmill_plan():
    text = preview(str(DATA / "persona_1.json"), "--start", "2026-03-02")
    assert "Outcome:  ready" in text
    assert "Tier:     low" in text
    assert "STEADI:   0 / 14" in text and "ABC-6:    95.0" in text
    assert "start: treadmill" in text
    assert "4 a week on mon, tue, thu, sat, 40 minutes available" in text
    assert "Skipped:  pool" in text
    assert "Mon 02 Mar  treadmill  1     5    10    5     3     23  120s:60s  4-6  1.5" in text
    assert text.count("Week ") == 4


def test_persona_5_is_paused_and_shows_the_plan_once_cleared():
    text = preview(str(DATA / "persona_5.json"), "--start", "2026-03-02", "--weeks", "1")
    assert "Outcome:  paused_physician" in text
    assert "Tier:     high" in text
    assert "start: handrail" in text
    assert "Skipped:  treadmill: After a stroke" in text
    assert "[S12] parq_heart" in text


def test_clearance_lifts_a_review_pause():
    text = preview(str(DATA / "persona_6.json"), "--start", "2026-03-02", "--clearance", "coach")
    assert "Outcome:  ready" in text
    assert "Mon 02 Mar  handrail   1     5     4    8     3     20" in text


def test_bad_answers_name_the_key(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"age": 12}')
    with pytest.raises(CommandError, match="age"):
        preview(str(bad))

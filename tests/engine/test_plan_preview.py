"""plan_preview prints the screening result and the plan for an answers file (personas of §5)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DATA = Path(__file__).resolve().parent.parent / "data"


def preview(*args: str) -> str:
    out = StringIO()
    call_command("plan_preview", *args, stdout=out)
    return out.getvalue()


def persona(number: int, *args: str) -> str:
    return preview(str(DATA / f"persona_{number}.json"), "--start", "2026-03-02", *args)


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
    assert (
        "Skipped:  treadmill: With the health condition you told us about, this stage needs "
        "someone with you" in text
    )
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


def test_persona_9_v2_stays_in_the_pool_with_seated_rest_and_the_track_waits():
    text = persona(9, "--weeks", "12")
    assert "Tier:     high" in text and "Stages:   pool; start: pool" in text
    assert "Because:  [S11] You told us you fell once in the last year." in text
    assert "Seated rest: yes" in text
    # v3 §9.2: with no rail or treadmill, the plan ends at the pool (a coach cannot add it).
    assert (
        "Skipped:  track: For you, the open track comes only after three weeks on a handrail "
        "or a treadmill" in text
    )
    week_12 = text.split("Week 12")[1]
    assert "pool       4" in week_12 and "track" not in week_12.split("\n", 2)[2]


def test_persona_10_v2_treadmill_once_the_coach_confirms_it():
    text = persona(10, "--clearance", "coach", "--supervised", "treadmill")
    assert "Outcome:  ready" in text and "Tier:     high" in text
    assert "Stages:   handrail > treadmill; start: handrail" in text
    assert "Confirmed by a coach: treadmill" in text
    assert "Skipped:  track:" in text and "needs someone with you" in text
    plain = persona(10, "--clearance", "coach")
    assert "Stages:   handrail; start: handrail" in plain


def test_persona_11_v2_prints_its_mod_pool_start():
    text = persona(11)
    assert "Tier:     mod" in text and "start: pool" in text


def test_persona_12_v2_answering_again_with_all_no_stays_paused_for_the_doctor(tmp_path):
    text = persona(12)
    assert "Outcome:  paused_physician" in text and "Needs:    physician" in text
    assert "Dose:     not shown" in text
    again = tmp_path / "again.json"
    data = json.loads((DATA / "persona_12.json").read_text()) | {"parq_chest_pain": False}
    again.write_text(json.dumps(data))
    text = preview(str(again), "--start", "2026-03-02", "--paused", "physician")
    assert "Outcome:  ready" in text
    assert "Paused:   stays paused, needs physician" in text


def test_persona_13_v2_prints_its_treadmill_start():
    text = persona(13)
    assert "Tier:     low" in text and "start: treadmill" in text


def test_persona_14_v2_walking_pain_7_is_paused_for_review():
    text = persona(14)
    assert "Outcome:  paused_review" in text and "Needs:    coach" in text
    assert "[S13] walking_pain_severe" in text
    assert "Because:  [S13] Walking hurts: you rated it 7 out of 10." in text


def test_old_answers_show_the_unanswered_questions():
    assert "Unanswered (read as no): anticoagulants" in persona(1)


def test_unknown_supervised_stage_is_refused():
    with pytest.raises(CommandError, match="stairs"):
        persona(1, "--supervised", "treadmill,stairs")

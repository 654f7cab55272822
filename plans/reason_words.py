"""The words of the plan rules' stored codes (plans.said): the reasons of a decision, a plan's
"why", a screening's flags, a skipped stage's reason and what to do while paused.

One whole sentence per code (or per case of a code, chosen by its parameters), in the reader's
language; the numbers a sentence needs are stored with the code. The rules (engine, screening,
progression, pauses) keep the sentences they also show directly; this module reads them from
there, and the plans app registers it when it is ready.
"""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from plans import engine, pauses, progression, screening
from plans.said import Entry, register, render, said, sentences

# The same words as plans.models.choices.Stage's labels (the rules do not import the models).
STAGE_LABELS = {
    "pool": _("Pool"),
    "handrail": _("Handrail"),
    "treadmill": _("Treadmill"),
    "track": _("Open track"),
}


def _resume(params) -> str:
    how = params.get("how")
    if how == "as_planned":
        return str(_("Cleared to go on. We restart as planned."))
    if how == "stage_easier":
        return str(_("Cleared to go on. We restart one stage easier."))
    return str(_("Cleared to go on. We restart one level easier."))


def _break_long(params) -> str:
    if "count" in params:
        return _("You missed %(count)s or more planned sessions in a row.") % {
            "count": params["count"]
        }
    return str(_("Four weeks or more since your last session."))


def _dated_before(params) -> str:
    day = date_format(date.fromisoformat(params["day"]), "j F Y")
    return _(
        "The clearance must be dated on or after %(day)s. An older clearance does not "
        "cover what happened since."
    ) % {"day": day}


def _cleared_some(params) -> str:
    return _("Thank you: that clears %(what)s.") % {"what": pauses.names_of(params["causes"])}


def _still_open(params) -> str:
    return _("Your plan stays paused until %(what)s is cleared too.") % {
        "what": pauses.names_of(params["causes"])
    }


def _next_stage(params) -> str:
    # The stage's own label ("Treadmill"), after a colon: no grammar around it.
    label = STAGE_LABELS.get(params["stage"], params["stage"])
    return _("Ready for the next stage: %(stage)s.") % {"stage": label}


def _start(stage: str) -> Entry:
    """The person's own answer (a stored code), then why that puts them on this place."""

    def words(params) -> str:
        return sentences(render(params.get("because")), engine.STAGE_WORDS[stage])

    return Entry(words, {"because": said("tier_knee_oa")})


def _needs_supervision(params) -> str:
    first = _(
        "Some stages need someone with you every time: %(stages)s. Your coach can add "
        "them once that is arranged; without a coach, your plan keeps to the stages you can do "
        "on your own."
    ) % {"stages": engine.stage_names(params.get("stages") or ())}
    helper = _(
        "You told us someone could walk with you: your coach will see that, but only your "
        "coach can add these stages."
    )
    return sentences(first, helper if params.get("helper") else "")


def _effort(params) -> str:
    # One whole sentence per talk-test band (v3 §9.17), then the scale.
    if params["low"] >= 4:
        first = _(
            "Aim for an effort of %(low)s to %(high)s out of 10: hard enough that you can speak "
            "only in short sentences."
        )
    else:
        first = _(
            "Aim for an effort of %(low)s to %(high)s out of 10: you can still talk in full "
            "sentences."
        )
    return sentences(first % {"low": params["low"], "high": params["high"]}, engine.EFFORT_WORDS)


def _no_track_first(params) -> str:
    if params.get("later"):
        return str(_("You do not start on the open track; your plan works up to it."))
    return str(
        _("You do not start on the open track, and the track is not part of your plan for now.")
    )


def _walking_pain_severe(params) -> str:
    if "rest" in params:
        return _(
            "Walking hurts a lot (%(walking)s out of 10), and so does resting (%(rest)s out of 10)."
        ) % {"walking": params["walking"], "rest": params["rest"]}
    return _("Walking hurts a lot: you rated it %(pain)s out of 10.") % {"pain": params["walking"]}


def _ago(key: str, words, sentence) -> callable:
    def render_it(params) -> str:
        values = {**params, "ago": words(params[key])}
        return sentence % values

    return render_it


# --- A decision's reasons and a plan's "why" ------------------------------------------------------

REASONS: dict = {
    "needs_review": _("Your plan needs a fresh look from a coach or a physiotherapist."),
    "rescreen": _("Health answers go out of date when health changes."),
    "break_level": _("After four or more missed sessions in a row, we go one level easier."),
    "illness_check": _("If you were unwell, check with your doctor or coach first."),
    "fall": _("You had a fall."),
    "fall_head_strike": _("You hit your head when you fell."),
    "fall_injury": _("You were hurt when you fell."),
    "fall_anticoagulants": _(
        "You take blood thinners, so a doctor should check you after any fall."
    ),
    "fall_second": _(
        "This is your second fall within 12 months, so a doctor should check you before you go on."
    ),
    "red_flag": _("You noticed a warning sign, like chest pain or dizziness."),
    "health_change": _("You told us your health has changed."),
    "pain_severe": _("You had strong pain (7 or more out of 10)."),
    "still_paused": _("Your plan is paused until you are cleared."),
    "pain_during": _("You had pain above 5 out of 10 while walking."),
    "pain_next_morning": _("Your pain the morning after was 2 or more above your usual."),
    "rpe_high": _("Two sessions felt very hard (8 or more)."),
    "near_falls": _("You nearly fell more than once."),
    "at_floor": _("This is already the easiest dose in your plan, so it cannot go lower."),
    "step_backs_28_days": _("Three step-backs within four weeks."),
    "pain_some": _("You had some pain (4 or 5 out of 10)."),
    "morning_pain_up": _("Your pain was a little up next morning."),
    "pain_trend": _("Your pain this week is up on last week."),
    "rpe_above_target": _("Some sessions felt harder than planned."),
    "few_done": _("Fewer than 2 of the last 3 sessions were done."),
    "too_soon": _("Each level gets at least a week."),
    "missing_ratings": _(
        "Please add how hard each session felt and any pain (0 to 10); without them we "
        "keep your level as it is."
    ),
    "not_three_done": _("We move up after 3 sessions in a row."),
    "not_easy_yet": _("It is not quite comfortable yet."),
    "near_fall": _("You had a near-fall, so we wait."),
    "held_28_days": _("Four weeks at the same level."),
    "top": _("You are at the top of your plan. Keep it up!"),
    "advance": _("Three good sessions in a row, and at least a week at it."),
    "not_paused": _("Your plan is not paused."),
    "fall_wait": _(
        "After a fall, wait 48 hours before you restart, in case something shows up late."
    ),
    "illness_wait": _(
        "After an illness, wait 7 days from when you told us, and restart only when you "
        "feel back to normal."
    ),
    "needs_rescreen": _(
        "Please answer the health questions again; your new answers are what restart your plan."
    ),
    "break_long": Entry(_break_long, {"count": 8}),
    "break_missed": Entry(
        ngettext_lazy(
            "You missed your last planned session, so we trim your minutes a little.",
            "You missed your last %(count)s planned sessions, so we trim your minutes a little.",
            "count",
        ),
        {"count": 3},
    ),
    "next_stage": Entry(_next_stage, {"stage": "treadmill"}),
    "cleared_some": Entry(_cleared_some, {"causes": ["fall", "pain"]}),
    "still_open": Entry(_still_open, {"causes": ["red_flag"]}),
    "resume": Entry(_resume, {"how": "stage_easier"}),
    "needs_clearance": Entry(
        lambda params: pauses.who_can_clear(params.get("needs", "physician")),
        {"needs": "coach"},
    ),
    "dated_before": Entry(_dated_before, {"day": "2026-03-02"}),
    # The plan's "why" (engine._reasons).
    **{f"tier_start_{tier}": words for tier, words in engine.TIER_WORDS.items()},
    **{f"start_{stage}": _start(stage) for stage in engine.STAGE_WORDS},
    "dose": Entry(
        ngettext_lazy(
            "To begin: %(minutes)s minute of backward walking per session. It rises by about a "
            "minute, or a little more, each week, up to %(most)s minutes.",
            "To begin: %(minutes)s minutes of backward walking per session. It rises by about a "
            "minute, or a little more, each week, up to %(most)s minutes.",
            "minutes",
        ),
        {"minutes": 5, "most": 30},
    ),
    "effort": Entry(_effort, {"low": 4, "high": 6}),
    "warm_up": _(
        "Each session starts with easy walking, then leg swings and ankle circles while you "
        "hold the rail, a counter or the pool edge."
    ),
    "track_start": _(
        "The open track is the only place you can use, and your answers show you are fit "
        "and steady, so you may start there (most people start somewhere with a hand on "
        "support)."
    ),
    "no_track_first": Entry(_no_track_first, {"later": True}),
    "treadmill_speed": engine.TREADMILL_SPEED_STORED,
    "needs_supervision": Entry(
        _needs_supervision, {"stages": ["treadmill", "track"], "helper": True}
    ),
    "seated_rest": _(
        "After each backward bout you sit down for 1 minute, on a chair at the end of the "
        "rail or on the pool steps, and you never walk more than 5 minutes without sitting: "
        "your warm-up ends with a minute sitting down too."
    ),
    "walking_aid": Entry(lambda params: engine.aid_cue(params.get("aid", "")), {"aid": "cane"}),
    "sessions_per_week": Entry(
        ngettext_lazy(
            "%(count)s session a week on your chosen days; studies used 3.",
            "%(count)s sessions a week on your chosen days; studies used 3.",
            "count",
        ),
        {"count": 3},
    ),
    "cut_to_fit": _(
        "We shortened the session to fit your %(minutes)s minutes; it never runs longer than that."
    ),
    # Why a stage is not in the plan (a plan's `skipped`, engine._skipped_reason).
    **{f"access_{stage}": words for stage, words in engine.ACCESS_REASONS.items()},
    "pregnancy_stages": engine.PREGNANCY_REASON,
    "no_land_before_track": engine.NO_LAND_REASON,
    "supervision_seizure_pool": _(
        "After a seizure in the last year, the pool (a lifeguard or helper in the water) "
        "needs someone with you every time; your coach can add it once that is arranged."
    ),
    "supervision_condition": _(
        "With the health condition you told us about, this stage needs someone with you "
        "every time; your coach can add it once that is arranged."
    ),
    "supervision_tests": _(
        "A walking or balance test showed a higher chance of a fall, so this stage needs "
        "someone with you every time; your coach can add it once that is arranged."
    ),
    "supervision_high": _(
        "With your higher chance of a fall, this stage needs someone with you every time; "
        "your coach can add it once that is arranged."
    ),
}

# --- The answers behind the tier (screening.tier_and_reasons) -------------------------------------

TIER_REASONS: dict = {
    "tier_parkinsons": _("You have Parkinson's."),
    "tier_cannot_walk_10_min": _("You cannot walk for 10 minutes without stopping."),
    "tier_vision_uncorrected": _("You have a sight problem that glasses do not put right."),
    "tier_age_85": _("You are 85 or older."),
    "tier_anticoagulants": _("You take blood thinners, so a fall could do more harm."),
    "tier_osteoporosis": _(
        "You have osteoporosis, or broke a bone in a minor fall, so bones need extra care."
    ),
    "tier_vestibular": _("You have an inner-ear balance problem."),
    "tier_memory_problems": _("Memory problems can make new instructions harder to follow."),
    "tier_seizures_12m": _("You had a seizure in the last year."),
    "tier_knee_oa": _("You have knee arthritis."),
    "tier_age_75": _("You are 75 or older."),
    "tier_low": _("None of your answers point to a higher chance of a fall."),
    "tier_steadi_at_risk": _(
        "Your falls checklist adds up to %(score)s of 14 points; 4 or more means a higher "
        "chance of a fall."
    ),
    "tier_fall_12m": Entry(lambda params: screening.falls_words(params["count"]), {"count": 2}),
    "tier_walking_aid": Entry(
        lambda params: str(screening.AID_REASONS.get(params.get("aid"), "")), {"aid": "walker"}
    ),
    "tier_abc6_low": _("You told us you often feel unsure of your balance (%(abc)s out of 100)."),
    "tier_stroke": Entry(
        _ago("months", screening.months_ago_words, _("You had a stroke %(ago)s.")), {"months": 7}
    ),
    "tier_walking_pain": _("Walking hurts: you rated it %(pain)s out of 10."),
    "tier_abc6_moderate": _(
        "You feel fairly sure of your balance, but not fully (%(abc)s out of 100)."
    ),
    "tier_steadi_some": _("Your falls checklist adds up to %(score)s of 14 points."),
    "tier_walking_pain_some": _("Walking hurts a little: you rated it %(pain)s out of 10."),
    "tier_replacement": Entry(
        _ago("weeks", screening.weeks_ago_words, _("You had a hip or knee replaced %(ago)s.")),
        {"weeks": 14},
    ),
}

# --- A screening's flags (stored with the rules' own codes; read from "flag.") --------------------

FLAGS: dict = {
    "flag.pregnant": _("You told us you are pregnant."),
    "flag.fall_injury": _("You were hurt in a fall this year."),
    "flag.pain_now_severe": _("You are in a lot of pain right now."),
    "flag.dizzy_on_standing": _(
        "You feel light-headed when you stand up. A drop in blood pressure on standing "
        "can tip you backward, so a doctor should check it first."
    ),
    "flag.acute_illness": _(
        "You are unwell right now. Rest up; you can start a week from now once you feel "
        "back to normal."
    ),
    "flag.wheelchair": _("You use a wheelchair."),
    "flag.cannot_stand": _("You need help to stand up."),
    "flag.steadi_at_risk": _("Your answers show a higher chance of a fall."),
    "flag.abc6_low": _("You told us you often feel unsure of your balance."),
    **{f"flag.{key}": words for key, words in screening.PARQ_MESSAGES.items()},
    "flag.recent_surgery": Entry(
        _ago(
            "ago_weeks",
            screening.weeks_ago_words,
            _("You had an operation %(ago)s (less than %(weeks)s weeks)."),
        ),
        {"ago_weeks": 3, "weeks": 12},
    ),
    "flag.recent_replacement": Entry(
        _ago(
            "ago_weeks",
            screening.weeks_ago_words,
            _("Your hip or knee was replaced %(ago)s (less than %(weeks)s weeks)."),
        ),
        {"ago_weeks": 3, "weeks": 12},
    ),
    "flag.recent_stroke": Entry(
        _ago(
            "ago_months",
            screening.months_ago_words,
            _("You had a stroke %(ago)s (less than %(months)s months)."),
        ),
        {"ago_months": 2, "months": 6},
    ),
    "flag.falls_repeated": Entry(
        lambda params: screening.falls_words(params["count"]), {"count": 3}
    ),
    "flag.walking_pain_severe": Entry(_walking_pain_severe, {"walking": 7, "rest": 6}),
    "flag.needs_more_time": Entry(
        lambda params: screening.more_time_words(params["minutes"]), {"minutes": 14}
    ),
    "flag.needs_support": screening.OUTCOME_MESSAGES["paused_support"],
    "flag.needs_supervision": screening.SUPERVISION_MESSAGE,
}

# --- What to do: a decision's words, a paused plan's words (progression, screening) ---------------

TODO: dict = {
    **{f"do.{key}": words for key, words in progression.WHAT_TO_DO.items()},
    **{
        code: progression.WHAT_TO_DO_PAUSED[cause]
        for cause, code in progression.PAUSED_TODO.items()
    },
    "do.fall_see_doctor": progression.FALL_SEE_DOCTOR,
    "do.fall_wait": progression.FALL_WAIT,
    "do.review_with_coach": progression.NEEDS_REVIEW_WITH_COACH,
    "do.review_no_coach": progression.NEEDS_REVIEW_NO_COACH,
    **{f"outcome.{key}": words for key, words in screening.OUTCOME_MESSAGES.items()},
    "outcome.supervision": screening.SUPERVISION_MESSAGE,
    "outcome.more_time": Entry(
        lambda params: screening.more_time_words(params["needed"]), {"needed": 14}
    ),
}

register(REASONS)
register(TIER_REASONS)
register(FLAGS)
register(TODO)

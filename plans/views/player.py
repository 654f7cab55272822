"""The session player (/today/<date>/go/): today's own session, step by step, out loud."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backward_walk.formats import local_date
from plans import player
from plans.models import Plan
from plans.pictures import picture_for
from plans.selectors.dose import break_for_page, session_to_do
from plans.views.access import client_only, own_planned_session

MAX_SPEED = 600


def refusal(plan: Plan, planned, today: date, *, after_break: dict) -> str | None:
    """Why this session has no player now, in the person's words; None when it has one."""
    if planned.cancelled:
        return _("This session was called off while your plan was paused.")
    if plan.status != Plan.Status.ACTIVE or plan.rescreen_due:
        return _("Your plan is paused, so there is no session to play right now.")
    if planned.date > today:
        return _("This session is for a later day. The guided session opens on the day.")
    if planned.date < today:
        return _("This day has passed. You can still log it from Today.")
    if getattr(planned, "log", None) is not None:
        return _("You have already logged today's session. Well done.")
    if after_break.get("break_rescreen"):
        return _("Please answer the health questions again before your next session.")
    return None


def speed_factor(request) -> int:
    """A test-only speed-up (?speed=60 plays a minute a second): ignored unless allowed."""
    if not (settings.DEBUG or getattr(settings, "PLAYER_ALLOW_SPEED", False)):
        return 1
    try:
        return max(1, min(MAX_SPEED, int(request.GET.get("speed", "1"))))
    except ValueError:
        return 1


def _minutes(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return _("1 minute") if minutes == 1 else _("%(count)s minutes") % {"count": minutes}
    if seconds < 60:
        return _("%(count)s seconds") % {"count": seconds}
    return _("%(minutes)s min %(seconds)s s") % {"minutes": seconds // 60, "seconds": seconds % 60}


WALK_BACKWARD = gettext_lazy("Walk backward")
WALK_BACKWARD_SAY = gettext_lazy("Walk backward now, for %(length)s. %(bout)s.")
EASY_WALKING = gettext_lazy("Easy walking forward")
STOP_AND_TURN = (  # handrail and track: the stage's own turn (domain §1 v2)
    EASY_WALKING,
    gettext_lazy("Stop, turn to face forward, then walk back to the start, gently."),
    gettext_lazy("Stop, and turn to face forward. Easy walking forward for %(length)s."),
    "warmup",
)
# (phase kind, stage) -> (title, hint, spoken words, picture); stage "" is any other stage.
# On a treadmill nobody turns round (§9.3): the warm-up and cool-down are on the floor, and
# between bouts the person stays facing the back, resting with the belt slowed or stopped.
PHASE_WORDS = {
    (player.WARMUP, ""): (
        gettext_lazy("Warm up"),
        gettext_lazy("Easy walking forward, then leg swings and ankle circles, holding on."),
        gettext_lazy("Warm up for %(length)s. Easy walking forward, holding on for the swings."),
        "warmup",
    ),
    (player.WARMUP, "treadmill"): (
        gettext_lazy("Warm up"),
        gettext_lazy(
            "Off the treadmill: easy walking forward on the floor, then leg swings and ankle "
            "circles, holding on."
        ),
        gettext_lazy(
            "Warm up for %(length)s, off the treadmill. Easy walking forward on the floor, "
            "holding on for the swings."
        ),
        "warmup",
    ),
    (player.BACKWARD, "pool"): (
        WALK_BACKWARD,
        gettext_lazy("Keep a hand on the pool edge."),
        WALK_BACKWARD_SAY,
        "pool",
    ),
    (player.BACKWARD, ""): (
        WALK_BACKWARD,
        gettext_lazy("Slide one hand along the rail."),
        WALK_BACKWARD_SAY,
        "handrail",
    ),
    (player.BACKWARD, "treadmill"): (
        WALK_BACKWARD,
        gettext_lazy(
            "Face the back of the treadmill, both hands on the rails, safety key clipped on."
        ),
        WALK_BACKWARD_SAY,
        "treadmill",
    ),
    (player.BACKWARD, "track"): (
        WALK_BACKWARD,
        gettext_lazy("Look over your shoulder often, or walk beside your spotter."),
        WALK_BACKWARD_SAY,
        "track",
    ),
    (player.FORWARD, ""): (
        EASY_WALKING,
        gettext_lazy("Turn round and walk forward, gently."),
        gettext_lazy("Turn round. Easy walking forward for %(length)s."),
        "warmup",
    ),
    (player.FORWARD, "handrail"): STOP_AND_TURN,
    (player.FORWARD, "track"): STOP_AND_TURN,
    (player.BELT_REST, ""): (
        gettext_lazy("Slow the belt and rest"),
        gettext_lazy(
            "Keep both hands on the rails. Slow the belt, or stop it, and rest; while it moves, "
            "keep stepping gently. Step off only once it has stopped."
        ),
        gettext_lazy(
            "Slow the belt, or stop it, and rest for %(length)s. Keep both hands on the rails."
        ),
        "treadmill",
    ),
    (player.SEATED, ""): (
        gettext_lazy("Sit down and rest"),
        gettext_lazy("Sit on your chair or the pool steps."),
        gettext_lazy("Sit down and rest for %(length)s."),
        "seated",
    ),
    (player.SEATED, "treadmill"): (
        gettext_lazy("Stop the belt and sit down"),
        gettext_lazy(
            "Stop the belt. Once it has stopped, step off to the side and sit on your chair "
            "beside the treadmill."
        ),
        gettext_lazy(
            "Stop the belt, then sit down and rest for %(length)s. Step off only once it has "
            "stopped."
        ),
        "seated_treadmill",
    ),
    (player.COOLDOWN, ""): (
        gettext_lazy("Cool down"),
        gettext_lazy("Easy walking forward, slowing down."),
        gettext_lazy("Cool down. Easy walking forward for %(length)s."),
        "warmup",
    ),
    (player.COOLDOWN, "treadmill"): (
        gettext_lazy("Cool down"),
        gettext_lazy(
            "Off the treadmill, with the belt stopped: easy walking on the floor, slowing down."
        ),
        gettext_lazy(
            "Cool down. Stop the belt and step off once it has stopped. Easy walking on the "
            "floor for %(length)s."
        ),
        "warmup",
    ),
}


def phase_words(kind: str, stage: str) -> tuple[str, str, str, str]:
    """(title, hint, spoken words with %(length)s and %(bout)s, picture) of one phase."""
    words = PHASE_WORDS.get((kind, stage)) or PHASE_WORDS[(kind, "")]
    title, hint, say, picture = words
    return str(title), str(hint), str(say), picture


def phase_steps(planned) -> list[dict]:
    """The phases as the page shows and says them: title, spoken words, a hint, a picture."""
    phases = player.session_phases(planned)
    bouts = player.bouts_in(phases)
    steps = []
    for number, phase in enumerate(phases):
        length = _minutes(phase.seconds)
        bout = (
            _("Bout %(bout)s of %(bouts)s") % {"bout": phase.bout, "bouts": bouts}
            if phase.bout
            else ""
        )
        title, hint, say, picture = phase_words(phase.kind, planned.stage)
        shown = picture_for(picture)
        steps.append(
            {
                "number": number + 1,
                "kind": phase.kind,
                "seconds": phase.seconds,
                "length": length,
                "title": title,
                "bout": bout,
                "hint": hint,
                "say": say % {"length": length, "bout": bout},
                "picture": static(shown["file"]),
                "alt": str(shown["alt"]),
            }
        )
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        step["next"] = (
            _("Next: %(title)s") % {"title": following["title"]}
            if following
            else _("Next: the end")
        )
    return steps


@login_required
@client_only
@require_GET
def player_page(request, day):
    planned = own_planned_session(request.user, day)
    plan = planned.plan
    today = request.user.local_today()
    after_break = break_for_page(plan, request.user, today)
    why = refusal(plan, planned, today, after_break=after_break)
    if why is None:
        # After missed sessions (§9.9) it plays the shorter session Today shows.
        planned = session_to_do(plan, planned, after_break)
    context = {"session": planned, "day": day, "why_not": why, "plan": plan}
    context["steps_session"] = [planned]  # the safety partial shows seated-rest cues from it
    if why is None:
        steps = phase_steps(planned)
        context["steps"] = steps
        context["player_data"] = {
            "lang": get_language() or settings.LANGUAGE_CODE,
            "speed": speed_factor(request),
            "total_minutes": planned.total_minutes,
            "phases": steps,
            "words": {
                "paused": _("Paused. Press Carry on when you are ready."),
                "resumed": _("Carrying on."),
                "finished": _("Well done. Your session is finished."),
                "stopped": _("Stopped."),
                "pause": _("Pause"),
                "carry_on": _("Carry on"),
                "start": _("Start"),
                "time_left": _("Time left in this step"),
                "paused_label": _("Paused"),
            },
        }
        context["when"] = local_date(day, "WEEKDAY_DATE")
    return render(request, "client/player.html", context)

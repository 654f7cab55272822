"""The words of the codes a functional test stores on a plan (plans.said): the event's reason
and the plan's review reason after a result in the at-risk range (§9.13).

Whole sentences per test, in the reader's language; the parameters are the day (ISO text) and
the number measured.
"""

from django.utils.translation import gettext as _

from assessments import readings
from plans.said import Entry, listed, register, sentences
from plans.service_words import stage_label


def _result(kind: str):
    def words(params) -> str:
        values = {"day": params.get("day", ""), "value": params.get("value", "")}
        if kind == readings.BACKWARD_WALK:
            first = _("3-metre backward walk on %(day)s: %(value)s s.") % values
        elif kind == readings.TUG:
            first = _("Timed Up and Go on %(day)s: %(value)s s.") % values
        elif kind == readings.CHAIR_STAND:
            first = _("30-second chair stand on %(day)s: %(value)s stands.") % values
        else:
            first = _("4-stage balance test on %(day)s: tandem stance held %(value)s s.") % values
        return sentences(first, readings.at_risk_words())

    return Entry(words, {"day": "2026-03-02", "value": "13.5"})


def _supervision(params) -> str:
    names = listed(stage_label(stage).lower() for stage in params.get("stages") or ())
    return _(
        "After this result, these stages wait until a coach confirms someone trained "
        "will be with you: %(stages)s."
    ) % {"stages": names}


WORDS = {
    **{f"test_{kind}": _result(kind) for kind in readings.KINDS},
    "test_supervision": Entry(_supervision, {"stages": ["treadmill", "track"]}),
}

register(WORDS)

"""Functional tests (domain §8): what each result means, as plain functions over plain values.

A reading only says whether a result lies in the range where falls are more common. It never
moves a stage by itself (cut-offs vary by population); an at-risk reading asks the coach to
look and, from the next plan change, makes the treadmill and the track wait for a coach's
confirmation, as for HIGH (§9.13).
The chair stand reads the age from the questionnaire; a person who prefers not to say their sex
is read against the stricter column, and 95 or older against the 90-94 row (§9.13). Only an age
under 60 or none at all leaves a count above 0 with no reading.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

BACKWARD_WALK = "backward-walk"
TUG = "tug"
CHAIR_STAND = "chair-stand"
BALANCE = "balance"
KINDS = (BACKWARD_WALK, TUG, CHAIR_STAND, BALANCE)
KIND_NAMES = {
    BACKWARD_WALK: _("3-metre backward walk"),
    TUG: _("Timed Up and Go"),
    CHAIR_STAND: _("30-second chair stand"),
    BALANCE: _("4-stage balance test"),
}
KIND_SOURCES = {BACKWARD_WALK: "S18", TUG: "S11", CHAIR_STAND: "S11", BALANCE: "S11"}

# 3MBWT: community older adults, 5.5 s or more is at risk (S18). Earlier cut-offs (4.5 s, S19;
# 8 s in nursing homes, S20) are noted in §8; the app uses S18's, the one for people at home.
BACKWARD_WALK_AT_RISK_SECONDS = Decimal("5.5")
# TUG: 12 s or more is at risk (S11, STEADI).
TUG_AT_RISK_SECONDS = Decimal("12")
# 30-s chair stand (S11): below these counts is below average, by age band and sex.
# (first age, last age, men, women)
CHAIR_STAND_BELOW = (
    (60, 64, 14, 12),
    (65, 69, 12, 11),
    (70, 74, 12, 10),
    (75, 79, 11, 10),
    (80, 84, 10, 9),
    (85, 89, 8, 8),
    (90, 94, 7, 4),
)
MALE, FEMALE, NOT_SAID = "male", "female", "not_said"
SEXES = (FEMALE, MALE, NOT_SAID)
# 4-stage balance (S11): not holding the tandem stance (the third) for 10 s is at risk.
STANCE_SECONDS = 10
STANCES = (
    _("Feet side by side"),
    _("One foot half a step ahead (semi-tandem)"),
    _("One foot right in front of the other (tandem)"),
    _("Standing on one leg"),
)
TANDEM = 2  # index in STANCES

# Sane limits for entered values: anything outside is a typing or timing slip.
MAX_SECONDS = Decimal("120")
MIN_SECONDS = Decimal("0.5")
MAX_STANDS = 60

AT_RISK, TYPICAL, NO_READING = "at_risk", "typical", "no_reading"
READINGS = (AT_RISK, TYPICAL, NO_READING)
# An at-risk result keeps the treadmill and the track waiting for a coach for a year, as a
# fall in the last 12 months keeps someone HIGH (§2e, §9.13) [PD].
SUPERVISION_DAYS = 365


@dataclass(frozen=True)
class Reading:
    code: str  # AT_RISK, TYPICAL or NO_READING
    words: str
    source: str = ""

    @property
    def at_risk(self) -> bool:
        return self.code == AT_RISK


AT_RISK_WORDS = _("This is in the range where falls are more common.")


def at_risk_words() -> str:
    return str(AT_RISK_WORDS)


def _at_risk(kind: str) -> Reading:
    return Reading(AT_RISK, at_risk_words(), KIND_SOURCES[kind])


def _typical(kind: str) -> Reading:
    return Reading(
        TYPICAL,
        str(_("This is outside the range where falls are more common.")),
        KIND_SOURCES[kind],
    )


def backward_walk(seconds: Decimal) -> Reading:
    """The faster of two timed walks, in seconds."""
    if seconds >= BACKWARD_WALK_AT_RISK_SECONDS:
        return _at_risk(BACKWARD_WALK)
    return _typical(BACKWARD_WALK)


def timed_up_and_go(seconds: Decimal) -> Reading:
    if seconds >= TUG_AT_RISK_SECONDS:
        return _at_risk(TUG)
    return _typical(TUG)


def chair_stand_limit(age: int | None, sex: str | None) -> int | None:
    """The count below which the result is below average; None under 60 or without an age.

    95 and older read as the last row (90-94); without "male" or "female" the stricter
    (higher) of the two columns applies (§9.13).
    """
    if age is None:
        return None
    age = min(age, CHAIR_STAND_BELOW[-1][1])  # the table ends at 94
    for first, last, men, women in CHAIR_STAND_BELOW:
        if first <= age <= last:
            return {MALE: men, FEMALE: women}.get(sex or "", max(men, women))
    return None


def chair_stand(stands: int, age: int | None, sex: str | None) -> Reading:
    """Full stands in 30 s; pushing up with the hands scores 0, which is always at risk."""
    if stands == 0:
        return _at_risk(CHAIR_STAND)
    limit = chair_stand_limit(age, sex)
    if limit is None:
        if age is None:
            words = _("No reading: we need your age from the health questions.")
        else:
            words = _("No reading: the reference values start at age 60.")
        return Reading(NO_READING, str(words))
    if stands < limit:
        return _at_risk(CHAIR_STAND)
    return _typical(CHAIR_STAND)


def balance(held: Sequence[Decimal | int]) -> Reading:
    """Seconds each stance was held, in STANCES order (a stance not tried counts as 0)."""
    tandem = held[TANDEM] if len(held) > TANDEM else 0
    if tandem < STANCE_SECONDS:
        return _at_risk(BALANCE)
    return _typical(BALANCE)


def reading_for(kind: str, values: Mapping[str, Any]) -> Reading:
    """The reading of one stored result's values."""
    if kind == BACKWARD_WALK:
        return backward_walk(Decimal(str(values["seconds"])))
    if kind == TUG:
        return timed_up_and_go(Decimal(str(values["seconds"])))
    if kind == CHAIR_STAND:
        return chair_stand(int(values["stands"]), values.get("age"), values.get("sex") or None)
    if kind == BALANCE:
        return balance([Decimal(str(s)) for s in values["held"]])
    raise ValueError(f"unknown test {kind!r}")


def raises_supervision(results: Iterable[tuple[str, Mapping[str, Any]]]) -> bool:
    """Whether any of these (kind, values) results reads at risk: a TUG of 12 s or more, a
    chair stand of 0 or below average, a tandem stance not held 10 s, a 3MBWT of 5.5 s or more.
    Then the treadmill and the track need a coach's confirmation, as for HIGH (§9.13)."""
    return any(reading_for(kind, values).at_risk for kind, values in results)


def main_value(kind: str, values: Mapping[str, Any]) -> Decimal | int:
    """The one number a trend shows: seconds, stands, or seconds in the tandem stance."""
    if kind in (BACKWARD_WALK, TUG):
        return Decimal(str(values["seconds"]))
    if kind == CHAIR_STAND:
        return int(values["stands"])
    return Decimal(str(values["held"][TANDEM]))


def faster(walks: list[Decimal]) -> Decimal:
    """3MBWT keeps the faster of the timed walks."""
    return min(walks)


def number_words(value: Decimal | int | float | str) -> str:
    """6.40 -> "6.4" ("6,4" in Spanish), 10.00 -> "10"."""
    return number_format(f"{Decimal(value).normalize():f}")

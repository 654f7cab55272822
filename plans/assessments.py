"""Functional tests (domain §8): what each result means, as plain functions over plain values.

A reading only says whether a result lies in the range where falls are more common. It never
moves a stage (cut-offs vary by population); an at-risk reading asks the coach to look.
Where the reference needs something that was left out (sex, an age in the table), there is no
reading at all rather than a guess.
"""

from dataclasses import dataclass
from decimal import Decimal

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
MALE, FEMALE = "male", "female"
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


@dataclass(frozen=True)
class Reading:
    code: str  # AT_RISK, TYPICAL or NO_READING
    words: str
    source: str = ""

    @property
    def at_risk(self) -> bool:
        return self.code == AT_RISK


def _at_risk(kind: str) -> Reading:
    return Reading(
        AT_RISK,
        str(_("This is in the range where falls are more common.")),
        KIND_SOURCES[kind],
    )


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
    """The count below which the result is below average; None outside the table."""
    if age is None or sex not in (MALE, FEMALE):
        return None
    for first, last, men, women in CHAIR_STAND_BELOW:
        if first <= age <= last:
            return men if sex == MALE else women
    return None


def chair_stand(stands: int, age: int | None, sex: str | None) -> Reading:
    limit = chair_stand_limit(age, sex)
    if limit is None:
        if sex not in (MALE, FEMALE):
            words = _("No reading: the reference values differ for men and women.")
        else:
            words = _("No reading: the reference values cover ages 60 to 94.")
        return Reading(NO_READING, str(words))
    if stands < limit:
        return _at_risk(CHAIR_STAND)
    return _typical(CHAIR_STAND)


def balance(held: list[Decimal] | tuple) -> Reading:
    """Seconds each stance was held, in STANCES order (a stance not tried counts as 0)."""
    tandem = held[TANDEM] if len(held) > TANDEM else 0
    if tandem < STANCE_SECONDS:
        return _at_risk(BALANCE)
    return _typical(BALANCE)


def reading_for(kind: str, values: dict) -> Reading:
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


def main_value(kind: str, values: dict) -> Decimal | int:
    """The one number a trend shows: seconds, stands, or seconds in the tandem stance."""
    if kind in (BACKWARD_WALK, TUG):
        return Decimal(str(values["seconds"]))
    if kind == CHAIR_STAND:
        return int(values["stands"])
    return Decimal(str(values["held"][TANDEM]))


def faster(walks: list[Decimal]) -> Decimal:
    """3MBWT keeps the faster of the timed walks."""
    return min(walks)


def number_words(value) -> str:
    """6.40 -> "6.4", 10.00 -> "10"."""
    return f"{Decimal(value).normalize():f}"

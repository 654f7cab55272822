"""Invariants of the v2 progression rules over random sequences of client actions (hypothesis).

The little "service" here does what the app does around the rules: a new log or a next-morning
pain is marked `is_new` for one decision; a pause is stamped with the moment it was saved; the
person may try to lift a pause with any clearance a client can record, at any time.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from plans import rules
from plans.progression import LogEntry, PlanState, break_dose, decide, resume, stamped

START = date(2026, 3, 2)
CLIENT_CLEARANCES = (None, "self", "coach", "review")  # what a client can claim, never a doctor
pain = st.none() | st.integers(0, 10)
# Mostly no: a fall in every other log would leave the other rules little to do.
rarely = st.integers(0, 5).map(lambda n: n == 0)


@st.composite
def states(draw) -> PlanState:
    stages = tuple(s for s in rules.STAGES if draw(st.booleans())) or ("handrail",)
    stage = draw(st.sampled_from(stages))
    started = START - timedelta(days=draw(st.integers(0, 40)))
    return PlanState(
        tier=draw(st.sampled_from(rules.TIERS)),
        stages=stages,
        stage=stage,
        level=draw(st.integers(1, 4)),
        backward_minutes=draw(st.integers(rules.MIN_BACKWARD_MINUTES, rules.MAX_BACKWARD_MINUTES)),
        level_started=started,
        stage_started=started - timedelta(days=draw(st.integers(0, 30))),
        minutes_available=draw(st.none() | st.integers(rules.MINUTES_MIN, rules.MINUTES_MAX)),
        started_on=started,
        anticoagulants=draw(rarely),
        pain_now=draw(st.integers(0, 6)),
        step_backs=tuple(START - timedelta(days=d) for d in draw(st.lists(st.integers(0, 40)))),
    )


log_values = st.fixed_dictionaries(
    {
        "days_ago": st.integers(0, 20),
        "status": st.sampled_from(("done", "partial", "skipped", "missed")),
        "planned": st.integers(3, 30),
        "done": st.integers(0, 30),
        "rpe": pain,
        "pain_during": pain,
        "fall": rarely,
        "fall_injury": rarely,
        "fall_head_strike": rarely,
        "near_fall": rarely,
        "red_flag": rarely,
        "health_changed": rarely,
    }
)
actions = st.one_of(
    st.tuples(st.just("log"), log_values),
    st.tuples(st.just("morning"), st.tuples(st.integers(0, 50), st.integers(0, 10))),
    st.tuples(st.just("clear"), st.sampled_from(CLIENT_CLEARANCES)),
    st.tuples(st.just("wait"), st.integers(0, 120)),  # hours; the weekly check runs after it
)


class Service:
    """Just enough of the app around the rules to replay client actions."""

    def __init__(self, state: PlanState):
        self.state = state
        self.logs: list[LogEntry] = []
        self.now = datetime.combine(START, time(9), tzinfo=UTC)

    @property
    def today(self) -> date:
        return self.now.date()

    def _decide(self) -> None:
        seen = [log for log in self.logs if not log.is_new]
        morning = tuple(log.pain_next_morning for log in seen if log.pain_next_morning is not None)
        state = replace(self.state, morning_pains=morning)
        decision = decide(state, self.logs, self.today)
        new_state = decision.new_state
        if decision.code == "pause":
            new_state = stamped(new_state, self.now, self.today)
        self.state = new_state
        self.logs = [replace(log, is_new=False) for log in self.logs]

    def act(self, kind: str, value) -> None:
        if kind == "log":
            self.logs.append(
                LogEntry(
                    date=self.today - timedelta(days=value["days_ago"]),
                    status=value["status"],
                    planned_backward_minutes=value["planned"],
                    backward_minutes_done=value["done"],
                    rpe=value["rpe"],
                    pain_during=value["pain_during"],
                    fall=value["fall"],
                    fall_injury=value["fall_injury"],
                    fall_head_strike=value["fall_head_strike"],
                    near_fall=value["near_fall"],
                    red_flag=value["red_flag"],
                    health_changed=value["health_changed"],
                    is_new=True,
                )
            )
            self._decide()
        elif kind == "morning":
            index, entry = value
            open_logs = [i for i, log in enumerate(self.logs) if log.pain_next_morning is None]
            if open_logs:
                i = open_logs[index % len(open_logs)]
                self.logs[i] = replace(self.logs[i], pain_next_morning=entry, is_new=True)
                self._decide()
        elif kind == "clear":
            decision = resume(self.state, value, self.today, self.now)
            if decision.code == "resume":
                self.state = decision.new_state
        else:
            self.now += timedelta(hours=value)
            self._decide()


def assert_valid(state: PlanState) -> None:
    assert 1 <= state.level <= 4
    assert rules.MIN_BACKWARD_MINUTES <= state.backward_minutes <= rules.MAX_BACKWARD_MINUTES
    assert state.stage in state.stages
    assert state.status in ("active", "paused")
    if state.status == "paused":
        assert state.pause_needs in rules.CLEARANCE_RANK


@given(states(), st.lists(actions, max_size=30))
def test_client_actions_alone_never_lift_a_physician_pause(state, steps):
    service = Service(state)
    for kind, value in steps:
        before = service.state
        service.act(kind, value)
        after = service.state
        assert_valid(after)
        if before.status == "paused" and before.pause_needs == "physician":
            # Neither a log, a morning pain, waiting, nor any clearance a client can record.
            assert after.status == "paused" and after.pause_needs == "physician"
        if before.status == "paused" and after.status == "active":
            assert kind == "clear"
            rank = rules.CLEARANCE_RANK[value]
            assert rank >= rules.CLEARANCE_RANK[before.pause_needs]
            assert not before.rescreen_due
            assert before.paused_for not in ("health_change", "long_break")
            if before.paused_for == "fall":
                assert service.now - before.paused_at >= timedelta(hours=48)


@given(states(), st.lists(actions, max_size=30))
def test_a_fall_a_red_flag_or_strong_pain_never_goes_unpaused(state, steps):
    service = Service(state)
    for kind, value in steps:
        service.act(kind, value)
        if kind == "log" and (
            value["fall"] or value["red_flag"] or (value["pain_during"] or 0) >= 7
        ):
            assert service.state.status == "paused"
            if value["red_flag"] or value["fall_head_strike"] or value["fall_injury"]:
                assert service.state.pause_needs == "physician"


@given(states(), st.lists(st.tuples(st.just("log"), log_values), max_size=6), st.integers(0, 40))
def test_decide_keeps_the_dose_in_range_and_never_below_the_floor(state, steps, later):
    service = Service(state)
    for kind, value in steps:
        service.logs.append(
            LogEntry(
                date=service.today - timedelta(days=value["days_ago"]),
                status=value["status"],
                planned_backward_minutes=value["planned"],
                backward_minutes_done=value["done"],
                rpe=value["rpe"],
                pain_during=value["pain_during"],
                near_fall=value["near_fall"],
                is_new=kind == "log",
            )
        )
    today = START + timedelta(days=later)
    decision = decide(state, service.logs, today)
    assert decision.code in rules.DECISIONS
    assert_valid(decision.new_state)
    assert decision == decide(state, service.logs, today)
    shown, _ = break_dose(state, service.logs, today)
    assert_valid(shown)
    # Reading the dose again after it was decided changes nothing more.
    assert break_dose(shown, service.logs, today)[0] == shown


@given(
    states(),
    st.integers(0, 24 * 5 * 60),
    st.sampled_from((*CLIENT_CLEARANCES, "physician")),
    st.booleans(),
)
def test_an_unhurt_fall_lifts_only_after_48_hours_and_one_stage_down(state, minutes, who, head):
    # No blood thinners, and no long break to stack a re-screen on the fall.
    state = replace(state, anticoagulants=False, level_started=START, started_on=START)
    service = Service(state)
    fall = {"days_ago": 0, "status": "partial", "planned": 5, "done": 2, "rpe": 3}
    fall |= {"pain_during": 1, "fall": True, "fall_injury": False, "fall_head_strike": head}
    fall |= {"near_fall": False, "red_flag": False, "health_changed": False}
    service.act("log", fall)
    paused = service.state
    assert paused.paused_for == "fall"
    assert paused.pause_needs == ("physician" if head else "self")
    now = service.now + timedelta(minutes=minutes)
    decision = resume(paused, who, now.date(), now)
    rank_ok = (
        who is not None and rules.CLEARANCE_RANK[who] >= rules.CLEARANCE_RANK[paused.pause_needs]
    )
    waited = head or minutes >= 48 * 60
    assert (decision.code == "resume") is (rank_ok and waited)
    if decision.code == "resume":
        new = decision.new_state
        first = paused.stage == paused.stages[0]
        if first:
            assert new.stage == paused.stage
        else:
            assert paused.stages.index(new.stage) == paused.stages.index(paused.stage) - 1

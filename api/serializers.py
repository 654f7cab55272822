"""The API's shapes: what it answers (read from the plans' models, selectors and services)
and what it takes. Inputs are checked for their types here; the rules on the values are the
pages' own forms (plans.forms), run by the views, so there is one copy of each rule."""

from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from api.models import Scope
from assessments import readings as assessments
from plans.models import Plan, SessionLog, Stage
from plans.said import render

# --- What the API answers ----------------------------------------------------------------


class PauseCauseSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="fall, red_flag, pain, health_change, illness, …")
    name = serializers.CharField(help_text="The cause in words: “the fall”.")
    needs = serializers.CharField(help_text="Who lifts it: self, coach, review or physician.")
    opens = serializers.CharField(
        help_text="While its own wait runs (48 hours after a fall, 7 days after an illness): "
        "when it ends, in words; empty otherwise."
    )
    clear_from = serializers.DateField(
        allow_null=True, help_text="A doctor's or physio's clearance is dated on or after this."
    )


class PauseSerializer(serializers.Serializer):
    """What a paused plan waits for, cause by cause (domain §9.4)."""

    needs = serializers.CharField(help_text="The strongest need among the open causes.")
    causes = PauseCauseSerializer(many=True)
    can_check_in = serializers.BooleanField(
        help_text="The person's own check-in is open (every wait is over)."
    )
    check_in_opens = serializers.CharField(help_text="When it opens, in words, while waiting.")
    doctor_from = serializers.DateField(allow_null=True)
    after_fall = serializers.BooleanField(
        help_text="A fall is part of this pause: the plan restarts one stage easier."
    )


class ReasonSerializer(serializers.Serializer):
    """A stored reason: its code and parameters, and its words in the reader's language."""

    code = serializers.CharField()
    params = serializers.DictField(required=False, help_text="The code's parameters, if any.")
    message = serializers.SerializerMethodField(help_text="The reason in the reader's language.")
    source = serializers.CharField(help_text="The source in the domain brief (S1…S20, PD).")

    def get_message(self, reason) -> str:
        return render(reason)


class PlanSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    tier = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    level = serializers.IntegerField(help_text="1–4 within the stage.")
    backward_minutes = serializers.IntegerField(help_text="Backward minutes a session.")
    speed_kmh = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    days = serializers.ListField(child=serializers.CharField())
    minutes_available = serializers.IntegerField()
    stages = serializers.ListField(child=serializers.CharField(), help_text="Stages in order.")
    skipped = serializers.DictField(
        child=serializers.CharField(), help_text="Stage → why it is skipped."
    )
    supervised_stages = serializers.ListField(child=serializers.CharField())
    reasons = ReasonSerializer(many=True)
    start_date = serializers.DateField()
    needs_review = serializers.BooleanField()
    needs_review_reason = serializers.CharField()
    rescreen_due = serializers.BooleanField(
        help_text="The health questions must be answered again before the next log."
    )
    allowed_actions = serializers.ListField(child=serializers.CharField())
    pause = PauseSerializer(allow_null=True)
    row_version = serializers.IntegerField()


class LogSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=SessionLog.Status.choices)
    minutes = serializers.IntegerField()
    backward_minutes = serializers.IntegerField()
    rpe = serializers.IntegerField(allow_null=True)
    pain_during = serializers.IntegerField(allow_null=True)
    pain_next_morning = serializers.IntegerField(allow_null=True)
    fall = serializers.BooleanField()
    fall_injury = serializers.BooleanField()
    fall_head_strike = serializers.BooleanField()
    near_fall = serializers.BooleanField()
    red_flag = serializers.BooleanField()
    health_changed = serializers.BooleanField()
    note = serializers.CharField()
    logged_at = serializers.DateTimeField()


class SessionSerializer(serializers.Serializer):
    date = serializers.DateField()
    cancelled = serializers.BooleanField(help_text="Called off by a pause: never due.")
    stage = serializers.ChoiceField(choices=Stage.choices)
    level = serializers.IntegerField()
    warmup_minutes = serializers.IntegerField()
    backward_minutes = serializers.IntegerField()
    forward_minutes = serializers.IntegerField()
    cooldown_minutes = serializers.IntegerField()
    bout_backward_seconds = serializers.IntegerField()
    bout_forward_seconds = serializers.IntegerField()
    total_minutes = serializers.IntegerField()
    rpe_low = serializers.IntegerField()
    rpe_high = serializers.IntegerField()
    speed_kmh = serializers.DecimalField(max_digits=3, decimal_places=1, allow_null=True)
    seated_rest = serializers.BooleanField()
    log = serializers.SerializerMethodField()

    @extend_schema_field(LogSerializer(allow_null=True))
    def get_log(self, session):
        log = getattr(session, "log", None) if session.pk else None
        return LogSerializer(log).data if log is not None else None


class TodaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Today in the person's own time zone.")
    session = SessionSerializer(
        allow_null=True,
        help_text="Today's session as it is to be done (after a break, the shorter one); "
        "null on a rest day.",
    )
    cannot_log = serializers.CharField(
        allow_null=True, help_text="Why today's session cannot be logged now, or null."
    )
    break_reasons = serializers.ListField(child=serializers.CharField())
    pause = PauseSerializer(allow_null=True)


class AdherenceSerializer(serializers.Serializer):
    done = serializers.FloatField(help_text="Sessions done; a partly done one counts half.")
    planned = serializers.IntegerField(help_text="Sessions that were due.")
    percent = serializers.IntegerField(allow_null=True, help_text="null: nothing was due yet.")
    partial = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    today = serializers.DateField()
    last_7_days = AdherenceSerializer(allow_null=True)
    last_28_days = AdherenceSerializer(allow_null=True)
    whole_plan = AdherenceSerializer(allow_null=True)
    streak = serializers.IntegerField(help_text="Weeks in a row with every session done.")


class DecisionSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="advance, hold, step_back, pause, resume, …")
    words = serializers.CharField()
    reasons = ReasonSerializer(many=True)


class PlanStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Plan.Status.choices)
    stage = serializers.ChoiceField(choices=Stage.choices)
    level = serializers.IntegerField()
    backward_minutes = serializers.IntegerField()
    pause_needs = serializers.CharField()


class LogResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(
        help_text="false: this session was already logged; the first entry is kept."
    )
    detail = serializers.CharField(help_text="What happened, in the person's words.")
    log = LogSerializer()
    decision = DecisionSerializer(allow_null=True, help_text="What the plan's rules decided.")
    plan = PlanStateSerializer(allow_null=True)


class FallResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(
        help_text="false: this fall was already saved; the first report is kept."
    )
    detail = serializers.CharField()
    happened_at = serializers.DateTimeField()
    injury = serializers.BooleanField()
    head_strike = serializers.BooleanField()
    decision = DecisionSerializer(allow_null=True)
    plan = PlanStateSerializer(allow_null=True)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="pain, fall, missed, no_sessions, clearance, paused, needs_review"
    )
    words = serializers.CharField()


class ClientRowSerializer(serializers.Serializer):
    """One client as the coach's dashboard shows them."""

    public_id = serializers.UUIDField()
    name = serializers.CharField()
    email = serializers.EmailField()
    today = serializers.DateField(help_text="The client's own date the numbers are counted on.")
    stage = serializers.CharField(help_text="In words; empty without a plan.")
    status = serializers.CharField(help_text="In words.")
    last_session = serializers.DateField(allow_null=True)
    last_rpe = serializers.IntegerField(allow_null=True)
    last_pain = serializers.IntegerField(allow_null=True)
    flags = FlagSerializer(many=True, help_text="New since the coach's “seen” mark.")
    seen_flags = FlagSerializer(many=True, help_text="Raised, but seen and nothing new since.")
    needs_review_reason = serializers.CharField()
    adherence_7 = serializers.IntegerField(allow_null=True)
    adherence_28 = serializers.IntegerField(allow_null=True)
    walk_test_seconds = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    walk_test_on = serializers.DateField(allow_null=True)
    walk_test_at_risk = serializers.BooleanField()


class ClientDetailSerializer(serializers.Serializer):
    client = ClientRowSerializer()
    history_from = serializers.DateField(
        allow_null=True,
        help_text="The first day shown: null when the client shares their history, else the "
        "day the link began.",
    )
    plan = PlanSerializer(allow_null=True)


class EventSerializer(serializers.Serializer):
    kind = serializers.CharField()
    words = serializers.CharField()
    source = serializers.CharField(help_text="rules, coach, client or system")
    effective_on = serializers.DateField()
    made_at = serializers.DateTimeField()
    reasons = ReasonSerializer(many=True)
    note = serializers.CharField()
    before = serializers.DictField()
    after = serializers.DictField()


class HistorySerializer(serializers.Serializer):
    history_from = serializers.DateField(allow_null=True)
    logs = LogSerializer(many=True)
    events = EventSerializer(many=True)


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    written_by = serializers.ChoiceField(
        choices=["coach", "client", "former_coach", "app"],
        help_text="Who wrote it, as the client's page signs it.",
    )


class TestResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=list(assessments.KINDS))
    name = serializers.CharField()
    taken_on = serializers.DateField()
    value = serializers.DecimalField(max_digits=5, decimal_places=2)
    value_words = serializers.CharField()
    values = serializers.DictField(help_text="Everything entered (each walk, each stance…).")
    reading = serializers.ChoiceField(choices=list(assessments.READINGS))
    reading_words = serializers.CharField()
    recorded_by = serializers.ChoiceField(choices=["client", "coach"])


class TestRecordedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    result = TestResultSerializer()
    decision = DecisionSerializer(allow_null=True)


class MeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=["client", "coach"])
    time_zone = serializers.CharField()
    today = serializers.DateField()
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=Scope.choices),
        help_text="What this request may do: the token's scope, or every scope of the role "
        "for a signed-in session.",
    )


# --- What the API takes ------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample("Done, with ratings", value={"status": "done", "rpe": 4, "pain_during": 1}),
        OpenApiExample(
            "A fall during the session",
            value={
                "status": "partial",
                "minutes": 10,
                "rpe": 5,
                "pain_during": 3,
                "fall": True,
                "fall_injury": False,
                "fall_head_strike": False,
            },
        ),
    ]
)
class LogInSerializer(serializers.Serializer):
    """The full log, as the page's form: every answer the plan's rules read."""

    status = serializers.ChoiceField(choices=SessionLog.Status.choices)
    minutes = serializers.IntegerField(
        required=False, allow_null=True, help_text="Minutes in total (0–300); needed for partial."
    )
    rpe = serializers.IntegerField(required=False, allow_null=True, help_text="Effort 0–10.")
    pain_during = serializers.IntegerField(required=False, allow_null=True, help_text="0–10.")
    pain_next_morning = serializers.IntegerField(
        required=False, allow_null=True, help_text="0–10, if known."
    )
    fall = serializers.BooleanField(required=False, default=False)
    fall_injury = serializers.BooleanField(required=False, default=False)
    fall_head_strike = serializers.BooleanField(required=False, default=False)
    near_fall = serializers.BooleanField(required=False, default=False)
    red_flag = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Chest pain or pressure, dizziness, unusual breathlessness, a racing or "
        "uneven heartbeat, sudden weakness or numbness, or trouble speaking or seeing.",
    )
    health_changed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="A new diagnosis, a new medicine or a hospital visit since the questions.",
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_serializer(examples=[OpenApiExample("Both", value={"rpe": 4, "pain_during": 1})])
class RatingsInSerializer(serializers.Serializer):
    rpe = serializers.IntegerField(required=False, allow_null=True, help_text="Effort 0–10.")
    pain_during = serializers.IntegerField(required=False, allow_null=True, help_text="0–10.")


@extend_schema_serializer(examples=[OpenApiExample("This morning", value={"pain_next_morning": 2})])
class MorningPainInSerializer(serializers.Serializer):
    pain_next_morning = serializers.IntegerField(help_text="0–10, this morning.")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "Unhurt",
            value={
                "happened_at": "2026-11-25T09:30:00+00:00",
                "injury": False,
                "head_strike": False,
            },
        )
    ]
)
class FallInSerializer(serializers.Serializer):
    """ "I had a fall" (domain §9.7): any day, with or without a session."""

    happened_at = serializers.DateTimeField(
        help_text="When it happened; without an offset, the person's own time zone."
    )
    injury = serializers.BooleanField(help_text="Any pain, a cut, a bruise or swelling counts.")
    head_strike = serializers.BooleanField(help_text="If not sure, send true.")


@extend_schema_serializer(
    examples=[OpenApiExample("A note", value={"body": "Well done this week. Keep the rail."})]
)
class NoteInSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="Up to 2,000 characters.")


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "3-metre backward walk",
            value={
                "kind": "backward-walk",
                "taken_on": "2026-11-25",
                "walk_1": "6.1",
                "walk_2": "5.8",
            },
        ),
        OpenApiExample("Timed Up and Go", value={"kind": "tug", "seconds": "11.2"}),
        OpenApiExample(
            "30-second chair stand",
            value={"kind": "chair-stand", "stands": 11, "used_hands": False, "sex": "female"},
        ),
        OpenApiExample(
            "4-stage balance",
            value={"kind": "balance", "stance_1": "10", "stance_2": "10", "stance_3": "6.5"},
        ),
    ]
)
class TestInSerializer(serializers.Serializer):
    """One functional test (domain §8), with the fields of its kind, as the test's page."""

    kind = serializers.ChoiceField(choices=list(assessments.KINDS))
    taken_on = serializers.DateField(required=False, help_text="Default: the client's today.")
    walk_1 = serializers.CharField(required=False, help_text="backward-walk: seconds.")
    walk_2 = serializers.CharField(required=False, help_text="backward-walk: seconds; optional.")
    seconds = serializers.CharField(required=False, help_text="tug: seconds.")
    stands = serializers.IntegerField(required=False, help_text="chair-stand: full stands.")
    used_hands = serializers.BooleanField(required=False, default=False)
    sex = serializers.ChoiceField(
        choices=list(assessments.SEXES), required=False, help_text="chair-stand."
    )
    stance_1 = serializers.CharField(required=False, help_text="balance: seconds held, 0–10.")
    stance_2 = serializers.CharField(required=False)
    stance_3 = serializers.CharField(required=False)
    stance_4 = serializers.CharField(required=False)

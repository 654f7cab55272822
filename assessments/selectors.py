"""Page reads for the functional tests: a person's results over time and what is due."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from assessments import readings as assessments
from assessments.models import AssessmentResult
from assessments.services import REPEAT_DAYS, number_words, value_words
from plans import charts

Y_LABELS = {
    assessments.BACKWARD_WALK: gettext_lazy("Seconds"),
    assessments.TUG: gettext_lazy("Seconds"),
    assessments.CHAIR_STAND: gettext_lazy("Stands"),
    assessments.BALANCE: gettext_lazy("Seconds"),
}


@dataclass(frozen=True)
class Trend:
    kind: str
    name: str
    results: tuple  # AssessmentResult, oldest first
    chart: SafeString | None = None
    rows: tuple = field(default=())  # (result, value words, reading words)

    @property
    def latest(self) -> AssessmentResult | None:
        return self.results[-1] if self.results else None

    @property
    def latest_words(self) -> str:
        """The latest result and its reading, in one sentence or two."""
        if not self.rows:
            return ""
        _result, value, reading = self.rows[-1]
        return f"{value}. {reading}"


def _reading_words(result: AssessmentResult) -> str:
    return assessments.reading_for(result.kind, result.values).words


def _chart(kind: str, results, chart_id: str) -> SafeString:
    name = str(assessments.KIND_NAMES[kind])
    points = [(r.taken_on, float(r.value)) for r in results]
    top = max((v for _, v in points), default=10)
    unit = str(Y_LABELS[kind]).lower()
    return charts.line_chart(
        {name: points},
        title=_("%(test)s over time") % {"test": name},
        desc=_("Line chart of each result of the %(test)s, in %(unit)s, by the date it was done.")
        % {"test": name, "unit": unit},
        y_label=str(Y_LABELS[kind]),
        y_max=max(10, charts.nice_max(top)[0]) if kind != assessments.BALANCE else 10,
        chart_id=chart_id,
        empty_text=_("No results yet."),
    )


def results_for(client: User, *, since: date | None = None):
    """The client's results, oldest first; with `since`, none taken before that day (a coach
    the client did not share their history with)."""
    results = AssessmentResult.objects.filter(client=client)
    if since is not None:
        results = results.filter(taken_on__gte=since)
    return results.select_related("recorded_by").order_by("taken_on", "created_at")


def trend(
    client: User, kind: str, *, chart_id: str = "test-chart", since: date | None = None
) -> Trend:
    """One test's results for `client`, oldest first, with a chart and a table's rows. One query."""
    results = tuple(results_for(client, since=since).filter(kind=kind))
    return Trend(
        kind=kind,
        name=str(assessments.KIND_NAMES[kind]),
        results=results,
        chart=_chart(kind, results, chart_id),
        rows=tuple((r, value_words(r), _reading_words(r)) for r in results),
    )


def all_trends(client: User, *, since: date | None = None) -> list[Trend]:
    """Every test's trend, one query for all of them."""
    results = list(results_for(client, since=since))
    trends = []
    for kind in assessments.KINDS:
        mine = tuple(r for r in results if r.kind == kind)
        trends.append(
            Trend(
                kind=kind,
                name=str(assessments.KIND_NAMES[kind]),
                results=mine,
                chart=_chart(kind, mine, f"test-chart-{kind}") if mine else None,
                rows=tuple((r, value_words(r), _reading_words(r)) for r in mine),
            )
        )
    return trends


def backward_walk_due(client: User, today: date) -> bool:
    """No 3-metre backward walk in the last four weeks (or ever): Today offers it."""
    since = today - timedelta(days=REPEAT_DAYS - 1)
    return not AssessmentResult.objects.filter(
        client=client, kind=assessments.BACKWARD_WALK, taken_on__gte=since
    ).exists()


__all__ = ["Trend", "all_trends", "backward_walk_due", "number_words", "results_for", "trend"]

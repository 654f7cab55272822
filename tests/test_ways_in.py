"""One list of the ways in (issue 23, point 2): plans/services/ways_in.py names every view,
service, command, task and admin action that can change what a person may do, and each has a
safety test marked `@pytest.mark.way_in("<name>")`."""

import textwrap

from plans.services.ways_in import WAYS_IN
from tests import ways_in as finder


def test_every_way_in_found_in_the_code_is_listed_beside_the_writer():
    found = finder.ways_in()
    unlisted = sorted(found - set(WAYS_IN))
    assert not unlisted, (
        "These reach the plan-state writer or write sessions, logs, links or clearances, but "
        "plans/services/ways_in.py does not list them: add each with a safety test marked "
        f"@pytest.mark.way_in(name): {unlisted}"
    )


def test_every_listed_way_in_still_exists():
    gone = sorted(set(WAYS_IN) - finder.ways_in())
    assert not gone, f"Listed in plans/services/ways_in.py but no longer a way in: {gone}"


def test_every_way_in_has_a_safety_test():
    marked = finder.marked_ways_in()
    untested = sorted(name for name in WAYS_IN if not marked.get(name))
    assert not untested, f"No test is marked @pytest.mark.way_in(...) for: {untested}"


def test_every_mark_names_a_listed_way_in():
    strays = sorted(set(finder.marked_ways_in()) - set(WAYS_IN))
    assert not strays, f"Marked tests name ways in that are not listed: {strays}"


def _package(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / "plans" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return finder.writers(finder.all_defs(tmp_path, ["plans"]))


def test_the_finder_sees_a_new_writer_two_calls_away(tmp_path):
    found = _package(
        tmp_path,
        {
            "services/transitions.py": "def transition(plan, change):\n    pass\n",
            "services/falls.py": """
                from plans.services import transitions

                def _pause(plan):
                    transitions.transition(plan, None)

                def report(plan):
                    _pause(plan)
            """,
            "views/falls.py": """
                from plans.services.falls import report

                def view(request):
                    return helper(report)

                def helper(fn):
                    return fn
            """,
        },
    )
    assert {"plans.services.falls.report", "plans.views.falls.view"} <= found


def test_the_finder_sees_a_direct_row_write_and_ignores_reads(tmp_path):
    found = _package(
        tmp_path,
        {
            "services/links.py": """
                def end(link):
                    CoachLink.objects.filter(pk=link.pk).update(ended_at=1)

                def read(client):
                    return CoachLink.objects.filter(client=client).first()

                def rate(request):
                    rate = 3  # a local name that shares a writer's name is not a call
                    return rate
            """,
        },
    )
    assert "plans.services.links.end" in found
    assert "plans.services.links.read" not in found
    assert "plans.services.links.rate" not in found

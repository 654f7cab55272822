"""Every way in that can change what a person may do, in one list beside the one writer.

A way in is a view, a public service, a management command, a worker task or an admin action
that reaches `transitions.transition`, writes the schedule, or writes a plan, a session, a log,
a link, a screening (with its clearance), an event, a fall report or a functional-test result.
Safety is a property of each of them, not of the rules module (domain §9): a path that meets the
rules on its own is where holes open.

tests/test_ways_in.py finds the ways in from the code itself and fails when one is missing here,
and when one listed here has no test marked `@pytest.mark.way_in("<name>")` beside it. A new way
in therefore arrives with a line here and a safety test, or the suite fails.
"""

# name -> what it can change, in a few words (the safety tests are found by their mark).
WAYS_IN: dict[str, str] = {
    # The person's pages.
    "plans.views.questionnaire.step": "answers the questions: a new plan version (re-screen)",
    "plans.views.questionnaire.record_clearance": "a doctor's or physio's clearance of a pause",
    "plans.views.plan.resume": "the person's own check-in that lifts a pause",
    "plans.views.routine.routine": "days, minutes and places without new health answers",
    "plans.views.today.mark_done": "one-tap 'I did it as planned'",
    "plans.views.today.log_day": "the full log form (falls, pain, effort, red flags)",
    "plans.views.today.rate": "effort and pain ratings after a one-tap log",
    "plans.views.today.morning_pain": "next-morning pain",
    "plans.views.today.correct": "a same-day correction of a log",
    "assessments.views.test_page": "a functional test the person records",
    "plans.views.falls.report_fall": "'I had a fall': a fall told on any day (§9.7)",
    "accounts.views.account.delete_account": "deleting the account (ends links)",
    "coaching.views.invites.accept": "accepting a coach's invite (a new link)",
    "accounts.views.account.signup_confirm": "opening the sign-up link: the invite signed up "
    "from is accepted (a new link)",
    "coaching.views.notes.end_coaching": "the person ends the coach link",
    "coaching.views.notes.undo_end_coaching": "the person takes back the end of their coach link",
    "coaching.views.notes.sharing": "what the person shares with their coach (a consent)",
    # The coach's pages.
    "coaching.views.coach.adjust": "a coach's plan change (dose, speed, supervision, clearance)",
    "coaching.views.coach.end_link": "the coach ends the link",
    "coaching.views.coach.undo_end_link": "the coach takes back an ended link",
    "coaching.views.coach.mark_seen": "the coach's 'seen' mark on the link",
    "assessments.views.coach_test_page": "a functional test the coach records",
    # The JSON API (api/, README: API): the same forms and services as the pages.
    "api.views.DoneView": "API: one-tap 'I did it as planned'",
    "api.views.LogView": "API: the full log (falls, pain, effort, red flags)",
    "api.views.RatingsView": "API: effort and pain ratings after a one-tap log",
    "api.views.MorningPainView": "API: next-morning pain",
    "api.views.FallView": "API: 'I had a fall' on any day (§9.7)",
    "api.views.ClientTestsView": "API: a functional test a coach records",
    # Services (called by the pages above, the worker and the commands).
    "plans.services.intake.start_plan": "a new plan version from answers",
    "plans.services.clearances.clear": "a clearance of a pause",
    "plans.services.routine.change_routine": "days, minutes and places",
    "plans.services.sessions.record_log": "a log",
    "plans.services.sessions.add_ratings": "ratings on a log",
    "plans.services.sessions.add_morning_pain": "next-morning pain on a log",
    "plans.services.sessions.correct_log": "a correction of a log",
    "plans.services.sessions.run_rules": "the rules after a log",
    "plans.services.falls.report_fall": "a fall told on its own: saved once, the log's rules",
    "plans.services.falls.hand_over_told_falls": "falls told with no plan pause the next plan",
    "plans.services.supervision.lapse_supervision": "a coach's confirmations lapse (§9.1)",
    "plans.services.supervision.lapse_unlinked": "old plans lose unlinked confirmations (§9.1)",
    "assessments.services.record_result": "a functional-test result",
    "plans.services.adjustments.adjust_plan": "a coach's plan change",
    "coaching.services.links.end_link": "a link ends",
    "coaching.services.links.undo_end": "an ended link comes back",
    "coaching.services.links.share_history": "the link's sharing choice",
    "coaching.services.links.mark_seen": "the coach's 'seen' mark",
    "coaching.services.invites.accept_invite": "a new link",
    "accounts.services.account.delete_account": "an account and its links go",
    "plans.services.breaks.save_long_break": "a long break pauses for the questions (§9.9)",
    "plans.services.recheck.recheck": "a plan re-checked under new rules",
    # The admin (a support tool).
    "accounts.admin.UserAdmin.delete_model": "a person deleted by staff",
    "accounts.admin.UserAdmin.delete_queryset": "people deleted by staff",
    # Commands.
    "plans.management.commands.recheck_plans.Command.handle": "plans re-checked after new rules",
    "plans.management.commands.write_schedules.Command.handle": "writes sessions ahead",
    "plans.management.commands.seed_demo.Command.handle": "demo people and plans",
    "coaching.management.commands.seed_coach_demo.Command.handle": "a coach's demo clients",
}

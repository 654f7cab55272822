"""The person's plan: the questionnaire, Today, the session player, the plan and progress."""

from django.urls import path, register_converter

from plans.converters import IsoDateConverter
from plans.views import (
    app,
    falls,
    home,
    install,
    plan,
    player,
    progress,
    questionnaire,
    queue,
    routine,
    today,
)

register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("", home.home, name="home"),
    # The questionnaire and its result (plans/views/questionnaire.py).
    path("start/", questionnaire.start, name="questionnaire"),
    path("start/step/<int:number>/", questionnaire.step, name="questionnaire_step"),
    path("start/result/", questionnaire.result, name="screening_result"),
    path("start/for-your-doctor/", questionnaire.physician_letter, name="physician_letter"),
    path("start/clearance/", questionnaire.record_clearance, name="record_clearance"),
    path("start/again/", questionnaire.start_again, name="start_again"),
    # The client's day and plan.
    path("today/", today.today, name="today"),
    # "I had a fall", any day (plans/views/falls.py); before the dated paths.
    path("today/fall/", falls.report_fall, name="report_fall"),
    path("today/fall/saved/", falls.fall_reported, name="fall_reported"),
    # The offline queue (plans/views/queue.py): JSON in, an explicit outcome out.
    path("today/queue/", queue.queued_log, name="queued_log"),
    path("today/<isodate:day>/", today.log_day, name="log_day"),
    path("today/<isodate:day>/done/", today.mark_done, name="mark_done"),
    path("today/<isodate:day>/morning/", today.morning_pain, name="morning_pain"),
    path("today/<isodate:day>/rate/", today.rate, name="rate_session"),
    path("today/<isodate:day>/change/", today.correct, name="correct_log"),
    path("today/<isodate:day>/go/", player.player_page, name="session_player"),
    # Installable and offline (plans/views/app.py): served from the root, so the worker's
    # scope is the whole site.
    path("manifest.webmanifest", app.manifest, name="manifest"),
    path("sw.js", app.service_worker, name="service_worker"),
    path("plan/", plan.plan_page, name="plan"),
    path("plan/resume/", plan.resume, name="resume_plan"),
    path("plan/routine/", routine.routine, name="routine"),
    path("plan/versions/<int:version>/", plan.plan_version, name="plan_version"),
    # Progress (plans/views/progress.py).
    path("progress/", progress.progress, name="progress"),
    path("logout/", app.logout, name="logout"),
    # Putting the app on the phone's home screen (plans/views/install.py).
    path("account/phone/", install.install_help, name="install_help"),
    path("account/phone/hide-tip/", install.hide_install_tip, name="hide_install_tip"),
]

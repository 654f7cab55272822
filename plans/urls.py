from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter, reverse_lazy

from accounts.forms.passwords import PlainPasswordChangeForm, PlainSetPasswordForm
from accounts.views import account as accounts
from assessments import views as assessments
from feeds import views as calendar_feed
from notifications.views import mail, push
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
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", accounts.signup_confirm, name="signup_confirm"),
    path("signup/resend/", accounts.signup_resend, name="signup_resend"),
    path("privacy/", accounts.privacy, name="privacy"),
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
    # Functional tests (assessments/views.py).
    path("tests/", assessments.index, name="tests"),
    path("tests/report/", assessments.report, name="progress_report"),
    path("tests/<slug:kind>/", assessments.test_page, name="test_page"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", app.logout, name="logout"),
    path("account/", accounts.account, name="account"),
    path("account/email/", accounts.change_email, name="email_change"),
    path("account/mail/", mail.mail_choices, name="mail_choices"),
    # Reminders on this phone (notifications/views/push.py): JSON from static/js/push.js.
    path("account/phone/on/", push.subscribe, name="push_subscribe"),
    path("account/phone/off/", push.unsubscribe, name="push_unsubscribe"),
    path("unsubscribe/<str:token>/", mail.unsubscribe, name="unsubscribe"),
    path("dev/mail/", mail.dev_mail_page, name="dev_mail"),
    path("account/email/confirm/<str:token>/", accounts.confirm_email, name="email_confirm"),
    # Putting the app on the phone's home screen (plans/views/install.py).
    path("account/phone/", install.install_help, name="install_help"),
    path("account/phone/hide-tip/", install.hide_install_tip, name="hide_install_tip"),
    path("account/export/", accounts.export, name="account_export"),
    path("account/delete/", accounts.delete_account, name="account_delete"),
    path("account/deleted/", accounts.account_deleted, name="account_deleted"),
    # The calendar (feeds/views.py): the feed needs no session, only its link.
    path("account/calendar/new-link/", calendar_feed.new_link, name="calendar_new_link"),
    path("account/calendar/sessions.ics", calendar_feed.download, name="calendar_download"),
    path("calendar/<slug:key>/<slug:token>.ics", calendar_feed.feed, name="calendar_feed"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(
            form_class=PlainPasswordChangeForm, success_url=reverse_lazy("password_change_done")
        ),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=PlainSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("accounts.urls_second_step")),
    path("", include("coaching.urls")),
]

"""The person's account: sign-up, log-in, password, the account page, export and deletion."""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts.forms.passwords import PlainPasswordChangeForm, PlainSetPasswordForm
from accounts.views import account as accounts
from accounts.views import language

urlpatterns = [
    path("signup/", accounts.signup, name="signup"),
    path("signup/sent/", accounts.signup_sent, name="signup_sent"),
    path("signup/confirm/<str:token>/", accounts.signup_confirm, name="signup_confirm"),
    path("signup/resend/", accounts.signup_resend, name="signup_resend"),
    path("privacy/", accounts.privacy, name="privacy"),
    path("language/", language.set_language, name="set_language"),
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("account/", accounts.account, name="account"),
    path("account/email/", accounts.change_email, name="email_change"),
    path("account/email/confirm/<str:token>/", accounts.confirm_email, name="email_confirm"),
    path("account/export/", accounts.export, name="account_export"),
    path("account/delete/", accounts.delete_account, name="account_delete"),
    path("account/deleted/", accounts.account_deleted, name="account_deleted"),
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
]

"""The second step at log-in (accounts/views/second_step.py): the code page after the password,
and the account's pages to set it up, make new recovery codes and turn it off."""

from django.urls import path

from accounts.views import second_step

urlpatterns = [
    path("login/code/", second_step.log_in_code, name="second_step_login"),
    path("account/second-step/", second_step.set_up, name="second_step_setup"),
    path("account/second-step/codes/", second_step.recovery_codes, name="second_step_codes"),
    path(
        "account/second-step/new-codes/",
        second_step.new_recovery_codes,
        name="second_step_new_codes",
    ),
    path("account/second-step/turn-off/", second_step.turn_off, name="second_step_turn_off"),
]

"""Coaching URLs: the coach's pages, the invite link, and the client's notes."""

from django.urls import path

from assessments import views as assessments
from coaching.views import coach, invites, notes

urlpatterns = [
    # The coach (coaching/views/coach.py).
    path("coach/", coach.dashboard, name="coach_dashboard"),
    path("coach/clients.csv", coach.clients_csv, name="coach_clients_csv"),
    path("coach/clients/<uuid:public_id>/", coach.client_detail, name="coach_client"),
    path(
        "coach/clients/<uuid:public_id>/change/<slug:kind>/",
        coach.adjust,
        name="coach_adjust",
    ),
    path("coach/clients/<uuid:public_id>/notes/", coach.write_note, name="coach_note"),
    path("coach/clients/<uuid:public_id>/end/", coach.end_link, name="coach_end_link"),
    path(
        "coach/clients/<uuid:public_id>/end/confirm/",
        coach.end_link_confirm,
        name="coach_end_link_confirm",
    ),
    path("coach/clients/<uuid:public_id>/ended/", coach.link_ended, name="coach_link_ended"),
    path(
        "coach/clients/<uuid:public_id>/ended/undo/",
        coach.undo_end_link,
        name="coach_end_link_undo",
    ),
    path("coach/clients/<uuid:public_id>/seen/", coach.mark_seen, name="coach_mark_seen"),
    path(
        "coach/clients/<uuid:public_id>/tests/<slug:kind>/",
        assessments.coach_test_page,
        name="coach_test",
    ),
    path(
        "coach/clients/<uuid:public_id>/report/",
        assessments.coach_report,
        name="coach_progress_report",
    ),
    path("coach/invites/", coach.invite_list, name="coach_invites"),
    path("coach/invites/new/", coach.create_invite, name="coach_invite_create"),
    path("coach/invites/<str:code>/revoke/", coach.revoke_invite, name="coach_invite_revoke"),
    # The invited person (coaching/views/invites.py).
    path("invite/<str:code>/", invites.invite, name="invite"),
    path("invite/<str:code>/signup/", invites.signup, name="invite_signup"),
    path("invite/<str:code>/accept/", invites.accept, name="invite_accept"),
    path("invite/<str:code>/decline/", invites.decline, name="invite_decline"),
    # The client's side (coaching/views/notes.py).
    path("notes/", notes.notes, name="client_notes"),
    path("notes/reply/", notes.reply, name="note_reply"),
    path("my-coach/end/", notes.end_coaching, name="client_end_link"),
    path("my-coach/end/confirm/", notes.end_coaching_confirm, name="client_end_link_confirm"),
    path("my-coach/ended/", notes.coaching_ended, name="client_link_ended"),
    path("my-coach/ended/undo/", notes.undo_end_coaching, name="client_end_link_undo"),
    path("my-coach/sharing/", notes.sharing, name="client_coach_sharing"),
]

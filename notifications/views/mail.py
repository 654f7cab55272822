"""Email choices (signed in), the one-click unsubscribe (no sign-in: a signed token), and in
development the mail the worker sent."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from notifications import dev_mail, emails
from notifications.forms import form_for
from notifications.models import MailPreferences


@login_required
@require_POST
def mail_choices(request):
    form = form_for(request.user, request.POST)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your email choices are saved."))
    else:
        messages.error(request, _("Your email choices were not saved: please check the time."))
    return redirect(request.POST.get("next") == "result" and "screening_result" or "account")


def _person_and_kind(token: str) -> tuple[User, str]:
    try:
        public_id, kind = emails.read_unsubscribe_token(token)
        return User.objects.get(public_id=public_id, is_active=True), kind
    except (signing.BadSignature, User.DoesNotExist, ValueError) as problem:
        raise Http404 from problem


# RFC 8058: a mail program POSTs here with no session and no CSRF token, so the POST must
# work without either. The token itself is the proof; a GET only asks to confirm.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    user, kind = _person_and_kind(token)
    label = emails.SUBJECTS[kind]
    if request.method == "GET":
        return render(request, "mail/unsubscribe.html", {"token": token, "label": label})
    field = emails.UNSUBSCRIBE_FIELD[kind]
    prefs, _created = MailPreferences.objects.get_or_create(user=user)
    setattr(prefs, field, False)
    prefs.save(update_fields=[field])
    return render(request, "mail/unsubscribed.html", {"label": label})


@require_GET
def dev_mail_page(request):
    """DEBUG=1 only, for staff: the mail kept by notifications/dev_mail.py, newest first."""
    if not settings.DEBUG or not request.user.is_staff:
        raise Http404
    return render(request, "mail/dev_mail.html", {"mails": dev_mail.kept_mail()})

"""The language choice in every page's footer (and on the account page's form)."""

from django.conf import settings
from django.utils import translation
from django.views import i18n
from django.views.decorators.http import require_POST

from accounts.services import account as accounts


@require_POST
def set_language(request):
    """Django's set_language (the cookie a visitor's pages follow, then back to `next`), and
    for a signed-in person the account's language, which their pages, mail, reminders and
    calendar follow from then on, on every device."""
    response = i18n.set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and code in dict(settings.LANGUAGES):
        accounts.set_language(request.user, code)
        translation.activate(code)
    return response

"""The signed-in person's own language on every page."""

from django.utils import translation

from accounts import languages


class UserLanguageMiddleware:
    """After AuthenticationMiddleware, and after LocaleMiddleware (which chose the visitor's
    language from the cookie or the browser): a signed-in person reads their account's
    language on every page, on any device, whatever the browser asks for. LocaleMiddleware's
    response step then names it in Content-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = languages.of(user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

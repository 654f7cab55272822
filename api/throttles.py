"""Rate limits per token (or per signed-in person), answered 429 with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import AccessToken


class TokenRateThrottle(SimpleRateThrottle):
    """API_RATE_PER_MINUTE requests a minute for each token; a session counts per person.
    Counted in the default cache, which every server shares (README: Caching)."""

    scope = "api"

    def get_rate(self):
        # Read when asked, not when the class is made, so settings can change it.
        return f"{settings.API_RATE_PER_MINUTE}/min"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, AccessToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

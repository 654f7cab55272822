"""Who is asking: a personal access token (Authorization: Bearer bw_…) or, for the app's own
pages, the signed-in session (DRF's SessionAuthentication: writes need the CSRF token)."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import tokens


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as: Authorization: Bearer <token>.")
            )
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        token = tokens.find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it was revoked, mistyped or never made.")
            )
        return token.user, token

    def authenticate_header(self, request):
        # The 401 answer says how to authenticate (RFC 6750).
        return f'{self.keyword} realm="api"'


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token made on the account page (bw_…).",
        }

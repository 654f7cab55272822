"""Every error as an RFC 9457 problem detail (application/problem+json), with the person's
words in `detail`, as the pages would say them.

Members: `type` (about:blank: the status says it all), `title` (the status's phrase),
`status`, `detail`, `instance` (the path asked), and two extensions: `code`, a stable word a
program can act on (`scope`, `log_refused`, `idempotency_key_reused`, …), and for a form
that did not validate, `errors`: [{"pointer": "#/field", "detail": "…"}].
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

CONTENT_TYPE = "application/problem+json"
# Headers of DRF's answer that the problem keeps.
KEPT_HEADERS = ("WWW-Authenticate", "Retry-After", "Allow")


class Problem(exceptions.APIException):
    """A refusal in the person's words, with its status and code."""

    def __init__(self, detail, *, status_code: int = 400, code: str = "refused", **extra):
        super().__init__(detail=str(detail), code=code)
        self.status_code = status_code
        self.extra = extra


def form_problem(form, *, detail=None) -> Problem:
    """A Django form's errors (the pages' own validation) as one problem."""
    errors = [
        {"pointer": "#/" if field == "__all__" else f"#/{field}", "detail": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
    words = detail or " ".join(e["detail"] for e in errors)
    return Problem(words, status_code=400, code="invalid", errors=errors)


DEFAULT_WORDS = {
    401: gettext_lazy("Sign in, or send a personal access token: Authorization: Bearer <token>."),
    403: gettext_lazy("You may not do this."),
    404: gettext_lazy("There is nothing here, or it is not yours to see."),
    405: gettext_lazy("This address does not take that method."),
    429: gettext_lazy("Too many requests. Please wait, then try again."),
}


def _validation_errors(detail, prefix="#") -> list[dict]:
    if isinstance(detail, dict):
        found = []
        for field, inner in detail.items():
            pointer = prefix if field == "non_field_errors" else f"{prefix}/{field}"
            found += _validation_errors(inner, pointer)
        return found
    if isinstance(detail, list):
        found = []
        for index, inner in enumerate(detail):
            found += _validation_errors(
                inner, prefix if isinstance(inner, str) else f"{prefix}/{index}"
            )
        return found
    return [{"pointer": prefix or "#/", "detail": str(detail)}]


def problem_body(status_code: int, detail: str, path: str, code: str, **extra) -> dict:
    return {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "instance": path,
        "code": code,
        **extra,
    }


def exception_handler(exc, context):
    # Django's own refusals from the pages' helpers (plans.views.access) keep their words.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(DEFAULT_WORDS[404]))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or str(DEFAULT_WORDS[403]))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context["request"]
    extra = dict(getattr(exc, "extra", {}))
    if isinstance(exc, exceptions.ValidationError):
        errors = _validation_errors(exc.detail)
        extra["errors"] = errors
        detail = " ".join(e["detail"] for e in errors) or _("Please check what was sent.")
        code = "invalid"
    else:
        detail = str(exc.detail) if isinstance(exc.detail, str) else str(exc)
        if response.status_code in DEFAULT_WORDS and _is_generic(exc):
            detail = str(DEFAULT_WORDS[response.status_code])
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        if isinstance(exc, exceptions.Throttled):
            detail = _("Too many requests with this token. Please try again in %(s)s seconds.") % {
                "s": int(exc.wait or 1)
            }
    body = problem_body(response.status_code, detail, request.path, code, **extra)
    problem = Response(body, status=response.status_code, content_type=CONTENT_TYPE)
    for name in KEPT_HEADERS:
        if name in response:
            problem[name] = response[name]
    return problem


def _is_generic(exc) -> bool:
    """DRF's own English default, not words a view chose."""
    return str(exc.detail) == str(getattr(type(exc), "default_detail", None))


def problem_response(request, status_code: int, detail: str, code: str, **extra) -> Response:
    return Response(
        problem_body(status_code, detail, request.path, code, **extra),
        status=status_code,
        content_type=CONTENT_TYPE,
    )


__all__ = ["CONTENT_TYPE", "Problem", "exception_handler", "form_problem", "status"]

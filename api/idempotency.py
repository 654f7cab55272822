"""Idempotency-Key for every write (the IETF httpapi draft "The Idempotency-Key HTTP Header
Field"): the first answer to a key is kept a day; the same key with the same request gets it
again (with `Idempotent-Replayed: true`), never a second log.

- no key: 400; a key longer than 255 characters: 400.
- the same key with another method, path or body: 422 (`idempotency_key_reused`).
- the same key while the first request is still running: 409 with Retry-After
  (`idempotency_in_progress`); the first one's answer is kept for the retry.
- an answer below 500 is kept, refusals too (the same request would be refused again); a
  server error is not, so the key can be tried again.
"""

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.models import IdempotencyRecord
from api.problems import CONTENT_TYPE, Problem, problem_response

HEADER = "Idempotency-Key"
KEEP = timedelta(hours=24)
MAX_KEY_LENGTH = 255


def fingerprint(request) -> str:
    text = b"\n".join([request.method.encode(), request.path.encode(), request.body])
    return hashlib.sha256(text).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    content_type = CONTENT_TYPE if record.status_code >= 400 else None
    response = Response(record.body, status=record.status_code, content_type=content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def run_once(view, request, write) -> Response:
    """Answer `request` with `write()` the first time its key is seen, and with that same
    answer afterwards. `view` turns a refusal raised by `write` into its problem answer."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        raise Problem(
            _(
                "Send an Idempotency-Key header with every write: a new random value (a UUID) "
                "for each new log, the same one when you send it again."
            ),
            code="idempotency_key_missing",
        )
    if len(key) > MAX_KEY_LENGTH:
        raise Problem(
            _("The Idempotency-Key must be %(most)s characters or fewer.")
            % {"most": MAX_KEY_LENGTH},
            code="idempotency_key_invalid",
        )
    user, now = request.user, timezone.now()
    print_ = fingerprint(request)
    # Everyone's answers older than a day go (api_idempotency_age): usually none.
    IdempotencyRecord.objects.filter(created_at__lt=now - KEEP).delete()
    try:
        with transaction.atomic():
            record = IdempotencyRecord.objects.create(
                user=user, key=key, fingerprint=print_, created_at=now
            )
    except IntegrityError:
        record = IdempotencyRecord.objects.get(user=user, key=key)
        if record.fingerprint != print_:
            return problem_response(
                request,
                422,
                _(
                    "This Idempotency-Key was used for a different request. Use a new key for "
                    "a new request; nothing was saved."
                ),
                "idempotency_key_reused",
            )
        if record.status_code is None:
            response = problem_response(
                request,
                409,
                _(
                    "The first request with this Idempotency-Key is still being handled. Send "
                    "it again in a moment to get its answer."
                ),
                "idempotency_in_progress",
            )
            response["Retry-After"] = "1"
            return response
        return _replay(record)
    try:
        try:
            response = write()
        except exceptions.APIException as refusal:
            response = view.handle_exception(refusal)
    except BaseException:
        record.delete()
        raise
    if response.status_code >= 500:
        record.delete()
        return response
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status_code=response.status_code, body=json.loads(JSONRenderer().render(response.data))
    )
    return response

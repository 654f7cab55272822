"""`Text`: words for a person, either plain or translated lazily (`gettext_lazy`).

The rules keep their words as lazy constants, made at import time and turned into the language
of the request when shown; a value that may be either is annotated `Text`. mypy reads the
alias from django-stubs (`str | _StrPromise`); at run time it is `str | Promise`, so nothing
here needs the stubs installed.
"""

from typing import TYPE_CHECKING, TypeAlias

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Text
else:
    Text: TypeAlias = str | Promise

__all__ = ["Text"]

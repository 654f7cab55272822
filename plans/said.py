"""Stored explanations are codes with parameters, put into words when someone reads them.

A plan's reasons, its pause's words, an event's reasons, a screening's flags and a skipped
stage's reason are saved as `{"code": ..., "params": {...}}` (and a `source` for reasons), never
as a sentence: the sentence is made here, in the reader's language, at display time. So a coach
reading in English sees in English what a client caused while using Spanish, and the other way
round.

The words live in a catalogue per domain (plans.reason_words for the rules, plans.service_words
for the services, assessments.words for the functional tests); each registers its codes here
when its app is ready. Every catalogue entry is one whole sentence (or one whole label) with
named placeholders, so a translator keeps their own grammar; a list of names goes through
`listed`, whose joining words are translated too.

Only codes are accepted: there is no production database with older English sentences (the
migrations are fresh), so nothing reads a stored "message" any more.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import pgettext

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Entry:
    """One code's words: a lazy sentence (gettext_lazy, or ngettext_lazy whose number is a
    parameter), or a function of the parameters. `example` holds parameters that render it
    (the test that renders every code in every language)."""

    words: Promise | Callable[[Params], str]
    example: Mapping[str, Any] = field(default_factory=dict)


WORDS: dict[str, Entry] = {}


def register(entries: Mapping[str, Entry | Promise]) -> None:
    """Add a catalogue's codes; a code may be registered once only (one meaning each)."""
    for code, entry in entries.items():
        entry = entry if isinstance(entry, Entry) else Entry(entry)
        if code in WORDS and WORDS[code] != entry:
            raise ValueError(f"The code {code!r} is registered twice.")
        WORDS[code] = entry


def said(code: str, **params: Any) -> dict:
    """What to store: a code and its parameters (plain JSON values, or other `said` dicts)."""
    return {"code": code, "params": params} if params else {"code": code}


def render(item: Mapping | str | None, prefix: str = "") -> str:
    """The words for a stored item (`{"code", "params"}`) or a bare code, in the active
    language. `prefix` names the catalogue's part ("flag.", "skip."): stored flags keep the
    rules' own codes. An unknown code is shown as it is, never as an empty line."""
    if not item:
        return ""
    if isinstance(item, str):
        code, params = item, {}
    else:
        code, params = item.get("code", ""), item.get("params") or {}
    entry = WORDS.get(prefix + code)
    if entry is None:
        return code
    return _words(entry.words, params)


def render_all(items: Iterable[Mapping] | None, prefix: str = "") -> str:
    """Several stored items, each a whole sentence, one after the other."""
    return sentences(*(render(item, prefix) for item in items or ()))


def sentences(*texts) -> str:
    """Whole sentences one after the other (never pieces of one sentence: each text is a
    sentence its translator wrote whole). Empty ones are left out."""
    return " ".join(str(text) for text in texts if text and str(text))


def _words(words, params: Params) -> str:
    if callable(words) and not isinstance(words, Promise):
        return str(words(params))
    values = {key: _value(value) for key, value in params.items()}
    if not values:
        return str(words)
    return str(words % values)  # a lazy plural picks its form from its number here


def _value(value):
    """A parameter as it goes into a sentence: another stored item is put into words first."""
    if isinstance(value, Mapping) and "code" in value:
        return render(value)
    return value


def listed(names: Iterable[str]) -> str:
    """ "the pool, the handrail and the treadmill", joined as the language joins a list.

    Like CLDR's list patterns: the pair pattern ends the list, the list pattern joins the
    rest; each is translated whole ("%(first)s y %(last)s" in Spanish)."""
    names = [str(name) for name in names]
    if not names:
        return ""
    text = names[-1]
    if len(names) > 1:
        text = pgettext("a list's last two items", "%(first)s and %(last)s") % {
            "first": names[-2],
            "last": text,
        }
    for name in reversed(names[:-2]):
        text = pgettext("a list's items before the last two", "%(first)s, %(rest)s") % {
            "first": name,
            "rest": text,
        }
    return text


def unique(items: Iterable[Mapping]) -> list[dict]:
    """Stored items, each once (the first kept), in order."""
    seen: list[dict] = []
    for item in items:
        if dict(item) not in seen:
            seen.append(dict(item))
    return seen


def example(code: str) -> dict:
    """Parameters that render this code: its entry's own, or a number for each placeholder
    of a plain sentence (the test that renders every code in every language)."""
    entry = WORDS[code]
    if entry.example or callable(entry.words) and not isinstance(entry.words, Promise):
        return dict(entry.example)
    return dict.fromkeys(re.findall(r"%\((\w+)\)", str(entry.words)), 3)

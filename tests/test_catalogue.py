"""Each translation's catalogue (Spanish today) is complete, well formed, and what the app reads.

`makemessages` runs on a copy of the sources (tests/test_i18n.py's `catalogues` fixture), so a
string marked anywhere and not yet in locale/es fails here, in CI, before anyone reads English
in the middle of a Spanish page. The committed django.mo is what the app loads (nobody runs
`compilemessages` on a fresh clone or in the image), so it must be the .po compiled.
"""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.test_i18n import catalogues  # noqa: F401  (the fixture: makemessages on a copy)

ROOT = Path(settings.BASE_DIR)
# Every language but the one the source is written in; a new one is checked with no edit here.
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
MSGFMT = shutil.which("msgfmt") or "msgfmt"  # gettext: CI installs it (.ci/run)


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)


def _unquote(line: str) -> str:
    return ast.literal_eval(line.strip())


def read_po(path: Path) -> list[Entry]:
    """Every entry of a .po file (the header left out), its texts unescaped."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry, target = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt "):
                entry.context, target = _unquote(line[8:]), "context"
            elif line.startswith("msgid_plural "):
                entry.plural, target = _unquote(line[13:]), "plural"
            elif line.startswith("msgid "):
                entry.msgid, target = _unquote(line[6:]), "msgid"
            elif line.startswith("msgstr"):
                entry.strings.append(_unquote(line.split(" ", 1)[1]))
                target = "msgstr"
            elif line.startswith('"'):
                if target == "msgstr":
                    entry.strings[-1] += _unquote(line)
                else:
                    setattr(entry, target, getattr(entry, target) + _unquote(line))
        if entry.msgid or entry.obsolete:
            entries.append(entry)
    return entries


def po_of(code: str) -> Path:
    return ROOT / "locale" / code / "LC_MESSAGES" / "django.po"


@pytest.fixture(params=TRANSLATED)
def po(request) -> Path:
    return po_of(request.param)


@pytest.fixture
def spanish(po) -> list[Entry]:
    """The entries of one translated catalogue (named for the first one)."""
    return [entry for entry in read_po(po) if not entry.obsolete]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_string_is_in_the_catalogue(catalogues, code):  # noqa: F811
    """`makemessages` on a fresh copy of the sources finds no msgid the catalogue lacks.
    (The fixture collects for "es"; the msgids are the same for every language.)"""
    found = read_po(catalogues / "es" / "LC_MESSAGES" / "django.po")
    have = {entry.key for entry in read_po(po_of(code)) if not entry.obsolete}
    missing = [entry.msgid for entry in found if entry.key not in have]
    assert missing == [], (
        f"{len(missing)} marked strings are not in {po_of(code).relative_to(ROOT)} "
        "(run tools/messages, then translate them):\n" + "\n".join(missing[:40])
    )


def test_no_entry_is_untranslated_or_fuzzy(spanish):
    empty = [e.msgid for e in spanish if not e.strings or not all(s.strip() for s in e.strings)]
    fuzzy = [e.msgid for e in spanish if "fuzzy" in e.flags]
    assert empty == [], "untranslated:\n" + "\n".join(empty)
    assert fuzzy == [], "fuzzy (check and remove the flag):\n" + "\n".join(fuzzy)


def test_plural_entries_have_every_form(po, spanish):
    header = po.read_text(encoding="utf-8").split("\n\n", 1)[0]
    forms = int(re.search(r"nplurals=(\d+)", header).group(1))
    wrong = [e.msgid for e in spanish if e.plural is not None and len(e.strings) != forms]
    assert wrong == []


def test_msgfmt_check_is_clean(po, tmp_path):
    """Format strings, the header and plural forms as gettext itself checks them."""
    result = subprocess.run(  # noqa: S603
        [MSGFMT, "--check", "--statistics", "-o", str(tmp_path / "check.mo"), str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdfgiu]"  # %(name)s
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdfgiu]"  # %s, %d
    r"|\{\{\s*[^}]+?\s*\}\}"  # {{ x }}
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # {name}
    r"|</?[A-Za-z][A-Za-z0-9]*\b[^>]*>"  # HTML tags, attributes and all
    r"|&[A-Za-z]+;|&#\d+;"  # entities
    r"|https?://\S+[A-Za-z0-9/]"  # links
)


def _marks(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _edges(text: str) -> tuple[str, str]:
    """The spaces and line breaks a text starts and ends with (msgfmt checks only \\n)."""
    return (text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :])


def test_placeholders_tags_and_edges_are_identical(spanish):
    """What the code fills in or the browser reads as markup, in every translation, unchanged."""
    wrong = []
    for entry in spanish:
        sources = (
            [entry.msgid]
            if entry.plural is None
            else [entry.msgid] + [entry.plural] * (len(entry.strings) - 1)
        )
        for source, translated in zip(sources, entry.strings, strict=True):
            if entry.plural is not None and source is entry.msgid:
                # The singular form may say "one" in words instead of the count.
                if set(_marks(translated)) - set(_marks(entry.plural)):
                    wrong.append(f"{entry.msgid!r} -> {translated!r}")
                continue
            if _marks(source) != _marks(translated) or _edges(source) != _edges(translated):
                wrong.append(f"{source!r} -> {translated!r}")
    assert wrong == [], "\n".join(wrong)


def test_the_committed_mo_is_the_po_compiled(po, tmp_path):
    """A fresh clone (and the image) runs on the committed django.mo: nothing compiles it."""
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "-o", str(fresh), str(po)], check=True)  # noqa: S603
    with po.with_suffix(".mo").open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), f"{po.with_suffix('.mo').relative_to(ROOT)} is out of date: run tools/messages"


def test_the_app_reads_the_committed_catalogue_without_gettext():
    """Starting the app compiles nothing (`make run` and the Dockerfile never call msgfmt),
    and the shipped catalogue is the one Django finds."""
    assert ROOT / "locale" in [Path(p) for p in settings.LOCALE_PATHS]
    for recipe in ("Makefile", "Dockerfile"):
        assert "compilemessages" not in (ROOT / recipe).read_text()
        assert "msgfmt" not in (ROOT / recipe).read_text()
    git = shutil.which("git")
    if git is not None and (ROOT / ".git").exists():
        ignored = subprocess.run(  # noqa: S603
            [git, "check-ignore", "-q", str(MO)], cwd=ROOT, capture_output=True, check=False
        )
        assert ignored.returncode != 0, "django.mo must be committed, not ignored"
    with translation.override("es"):
        assert translation.gettext("Today") == "Hoy"
        assert translation.gettext("I had a fall") == "Me he caído"


def test_every_language_has_a_catalogue_and_date_patterns():
    """What README: Languages asks of a new language, for each one settings.LANGUAGES lists."""
    from backward_walk.formats import PATTERNS

    for code in TRANSLATED:
        assert (ROOT / "locale" / code / "LC_MESSAGES" / "django.mo").is_file(), code
        module = ROOT / "backward_walk" / "formats" / code / "formats.py"
        assert module.is_file(), code
        missing = [name for name in PATTERNS if f"{name} =" not in module.read_text()]
        assert missing == [], f"{code}: {missing}"

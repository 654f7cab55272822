"""No sentence is built from translated pieces (issue 27, point 4): each sentence is one
translatable string with named placeholders, so a translator keeps their own word order.

The source is read as Python (ast) for the patterns that were removed: a translated string
joined to another with `+` (or `+=`), put inside an f-string, used as the separator of a
`join` or joined from several translated pieces, and `format_lazy` with more than one
translated piece. Whole sentences one after the other go through `plans.said.sentences`, and
lists of names through `plans.said.listed`.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def _sources() -> list[Path]:
    found = []
    for app in settings.PROJECT_APPS:
        found += [
            path
            for path in (ROOT / app).rglob("*.py")
            # Commands print English for the operator; plans.said is where whole sentences
            # and list items are joined, by the language's own patterns.
            if not {"migrations", "tests", "management"} & set(path.parts)
            and path != ROOT / "plans" / "said.py"
        ]
    return sorted(found)


def _is_gettext(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr) in GETTEXT
    )


NAMES: set[str] = set()  # names a function of the module being read assigned a translation


def _translated(node) -> bool:
    """A translated string: a gettext call, one with its placeholders filled (`_() % x`),
    str() of one, or a name assigned one in the same function."""
    if _is_gettext(node):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _translated(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
        return bool(node.args) and _translated(node.args[0])
    if isinstance(node, ast.IfExp):
        return _translated(node.body) or _translated(node.orelse)
    return isinstance(node, ast.Name) and node.id in NAMES


def _is_join(node) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
    )


def _words(node) -> bool:
    """Translated words: a translation, a choice's label, or an entry of a table of them
    (a module constant such as STAGE_NAMES[stage])."""
    for part in ast.walk(node):
        if _translated(part):
            return True
        if isinstance(part, ast.Attribute) and part.attr == "label":
            return True
        if isinstance(part, ast.Subscript) and _table(part.value):
            return True
        if (
            isinstance(part, ast.Call)
            and isinstance(part.func, ast.Attribute)
            and part.func.attr == "get"
            and _table(part.func.value)
        ):
            return True
    return False


def _table(node) -> bool:
    """A module's table of words: STAGE_NAMES, dates.WEEKDAYS."""
    name = getattr(node, "id", None) or getattr(node, "attr", None) or ""
    return name.isupper() and len(name) > 1


def _pieces(tree) -> list[tuple[int, str]]:
    found = []
    for scope in ast.walk(tree):
        if isinstance(scope, ast.FunctionDef | ast.Module):
            found += _pieces_in(scope)
    return sorted(set(found))


def _own_nodes(scope) -> list:
    """The nodes of this function (or module), not those of the functions inside it."""
    nodes, todo = [], list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            continue
        nodes.append(node)
        todo += ast.iter_child_nodes(node)
    return nodes


def _pieces_in(scope) -> list[tuple[int, str]]:
    NAMES.clear()
    body = _own_nodes(scope)
    for node in body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        pairs = [(target, value)]
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            pairs = list(zip(target.elts, value.elts, strict=False))
        for name, assigned in pairs:
            if isinstance(name, ast.Name) and _translated(assigned):
                NAMES.add(name.id)
    found = []
    for node in body:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            if _translated(node.left) or _translated(node.right):
                found.append((node.lineno, "a translated string joined with +"))
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
            if _translated(node.value):
                found.append((node.lineno, "a translated string added with +="))
        elif isinstance(node, ast.JoinedStr):
            if any(
                isinstance(part, ast.FormattedValue) and _words(part.value) for part in node.values
            ):
                found.append((node.lineno, "a translated string inside an f-string"))
        elif _is_join(node):
            joined = node.args[0] if node.args else None
            if _translated(node.func.value):
                found.append((node.lineno, "a translated separator for join"))
            elif isinstance(joined, ast.List | ast.Tuple) and any(map(_translated, joined.elts)):
                found.append((node.lineno, "translated pieces joined"))
            elif isinstance(joined, ast.GeneratorExp | ast.ListComp) and _words(joined.elt):
                found.append((node.lineno, "translated words joined into a list by hand"))
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and _translated(node.left)
            and isinstance(node.right, ast.Dict)
            and any(_translated(value) for value in node.right.values)
        ):
            found.append((node.lineno, "a translated piece put into a translated sentence"))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "format_lazy":
            parts = [*node.args, *(keyword.value for keyword in node.keywords)]
            if sum(map(_translated, parts)) > 1:
                found.append((node.lineno, "format_lazy with more than one translated piece"))
    return found


def test_no_sentence_is_built_from_translated_pieces():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path in _sources()
        for line, what in _pieces(ast.parse(path.read_text(), str(path)))
    ]
    assert not found, "\n".join(found)


def test_the_check_sees_each_pattern():
    """The patterns it looks for are found in a sample, so an empty result means something."""
    sample = ast.parse(
        "a = _('x') + ' ' + b\n"
        "c = f'{gettext(\"y\")} more'\n"
        "d = _(', and ').join(items)\n"
        "e = ' '.join([_('one'), _('two')])\n"
        "f = format_lazy('{a} {b}', a=_('p'), b=gettext_lazy('q'))\n"
        "g += ' ' + ngettext('s', 'p', n) % {'n': n}\n"
        "h = ', '.join(str(Stage(s).label) for s in stages)\n"
        "i = ', '.join(STAGE_NAMES[s] for s in stages)\n"
        "def k():\n"
        "    words, how = x, _('a')\n"
        "    return _('We restart %(how)s.') % {'how': how}\n"
        "j = f'{because} {STAGE_WORDS[stage]}'\n"
        "m = ', '.join(str(dates.WEEKDAYS[d]) for d in days)\n"
    )
    assert len(_pieces(sample)) == 11

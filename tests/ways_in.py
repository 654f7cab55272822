"""Finds, from the source, every way in that can change what a person may do.

A *writer* is a function that calls the plan-state writer (`transition`, `create_plan`), writes
the schedule (`write_schedule`, `extend`), or creates, updates or deletes rows of the models that
hold what a person may do: plans, sessions, logs, links, screenings (clearances live on them),
events and functional-test results. A function that calls a writer (by name) is a writer too. The
*ways in* are the writers that something outside the code starts: a view (from the URL
patterns), a management command, a worker task, a public service function, an admin action.

It reads the code as text (the ast module), so it over-reaches where two functions share a name:
that costs a line in the list, never a missed writer.
"""

import ast
import inspect
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The writer itself and the schedule it rewrites: calling them is what makes a writer.
WRITER_CALLS = frozenset({"transition", "create_plan", "write_schedule", "extend", "extend_locked"})
WRITER_MODULES = frozenset({"plans.services.transitions", "plans.services.schedule"})
PROTECTED_MODELS = frozenset(
    {
        "Plan",
        "PlannedSession",
        "SessionLog",
        "PlanEvent",
        "CoachLink",
        "Screening",
        "AssessmentResult",
        "FallReport",
    }
)
ROW_WRITES = frozenset(
    {"create", "update", "delete", "bulk_create", "bulk_update"}
    | {"get_or_create", "update_or_create"}
)
# Method names too common to follow by name (dicts, sets and querysets have them too).
METHODS: set[str] = set()  # qualified names of the methods all_defs found
GENERIC = frozenset(
    {"get", "post", "save", "update", "delete", "create", "clean", "setup", "run", "handle"}
)


def module_name(path: Path, root: Path) -> str:
    return ".".join(path.relative_to(root).with_suffix("").parts)


def source_files(root: Path, packages: Iterable[str]) -> Iterable[Path]:
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _root_name(node: ast.AST) -> str | None:
    """`SessionLog` for `SessionLog.objects.filter(...).update`."""
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _imports(tree: ast.Module, module: str) -> dict[str, str]:
    """Local name -> what it stands for: `clearances` -> `plans.services.clearances`,
    `add_ratings` -> `plans.services.sessions.add_ratings`."""
    names: dict[str, str] = {}
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            base = node.module if not node.level else f"{package}.{node.module}"
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
    return names


class _Defs(ast.NodeVisitor):
    """Every function and method of one module: qualified name -> (what it refers to, whether
    it writes a protected row). A reference counts as much as a call: a view that hands
    `add_ratings` to a helper reaches it all the same."""

    def __init__(self, module: str, imports: dict[str, str], local: set[str]):
        self.module = module
        self.imports = imports
        self.local = local
        self.stack: list[str] = []
        self.found: dict[str, tuple[set[str], bool]] = {}
        self.classes: set[str] = set()
        self.methods: set[str] = set()

    def _scope(self, node):
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def visit_ClassDef(self, node):
        self.classes.add(node.name)
        self._scope(node)

    def _reference(self, node: ast.AST, bound: set[str]) -> str | None:
        if isinstance(node, ast.Name):
            if node.id in bound:
                return None  # a local variable that happens to share a function's name
            if node.id in self.imports:
                return self.imports[node.id]
            if node.id in self.local:
                return f"{self.module}.{node.id}"
            return None
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in self.imports:
                return f"{self.imports[node.value.id]}.{node.attr}"
            # A method on some object: known by its name only, and only methods can match.
            return None if node.attr in GENERIC else f"*.{node.attr}"
        return None

    def visit_FunctionDef(self, node):
        refs: set[str] = set()
        writes = False
        bound = {arg.arg for arg in ast.walk(node.args) if isinstance(arg, ast.arg)} | {
            inner.id
            for inner in ast.walk(node)
            if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store)
        }
        for inner in ast.walk(node):
            ref = self._reference(inner, bound)
            if ref:
                refs.add(ref)
            if (
                isinstance(inner, ast.Call)
                and _called_name(inner) in ROW_WRITES
                and _root_name(inner.func) in PROTECTED_MODELS
            ):
                writes = True
        name = ".".join([self.module, *self.stack, node.name])
        self.found[name] = (refs, writes)
        if self.stack and self.stack[-1] in self.classes:
            self.methods.add(name)
        self._scope(node)

    visit_AsyncFunctionDef = visit_FunctionDef


def all_defs(
    root: Path = ROOT, packages: Iterable[str] | None = None
) -> dict[str, tuple[set[str], bool]]:
    """Qualified name -> (references, writes a row), over every app of the project (or the
    packages given). Methods' names are in METHODS."""
    from django.conf import settings

    found: dict[str, tuple[set[str], bool]] = {}
    for path in source_files(root, packages or settings.PROJECT_APPS):
        module = module_name(path, root)
        tree = ast.parse(path.read_text(), filename=str(path))
        local = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        }
        visitor = _Defs(module, _imports(tree, module), local)
        visitor.visit(tree)
        found.update(visitor.found)
        METHODS.update(visitor.methods)
    return found


def writers(defs: dict[str, tuple[set[str], bool]]) -> set[str]:
    """Every function that writes, directly or through what it refers to."""

    def in_writer_module(qualname: str) -> bool:
        return qualname.rsplit(".", 1)[0] in WRITER_MODULES

    def reaches(refs: set[str], targets: set[str]) -> bool:
        short = {name.rsplit(".", 1)[1] for name in targets & METHODS}
        return any(ref in targets or (ref.startswith("*.") and ref[2:] in short) for ref in refs)

    writer_api = {
        name for name in defs if in_writer_module(name) and name.rsplit(".", 1)[1] in WRITER_CALLS
    }
    found = {
        name
        for name, (refs, writes) in defs.items()
        if not in_writer_module(name) and (writes or reaches(refs, writer_api))
    }
    while True:
        more = {
            name
            for name, (refs, _) in defs.items()
            if name not in found and not in_writer_module(name) and reaches(refs, found)
        }
        if not more:
            return found
        found |= more


def _view_names(patterns, prefix="") -> set[str]:
    from django.urls import URLPattern, URLResolver

    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _view_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = inspect.unwrap(pattern.callback)
            view_class = getattr(pattern.callback, "view_class", None)
            if view_class is not None:
                names.add(f"{view_class.__module__}.{view_class.__qualname__}")
            else:
                names.add(f"{view.__module__}.{view.__qualname__}")
    return names


def _started_from_outside(name: str) -> bool:
    """A command, a worker task, an admin action, or a public service function (the pages and
    the worker call those)."""
    parts = name.split(".")
    command = ".management.commands." in name and name.endswith(".Command.handle")
    # app.services.<module>.<function> or app.services.<function>
    service = len(parts) in (3, 4) and parts[1] == "services"
    return (
        command
        or name.startswith("notifications.tasks.")
        or ".admin." in name
        or (service and not parts[-1].startswith("_"))
    )


def ways_in(root: Path = ROOT) -> set[str]:
    """The writers something outside the code starts (see the module's docstring)."""
    from django.urls import get_resolver

    defs = all_defs(root)
    found = writers(defs)
    views = _view_names(get_resolver().url_patterns)
    entries = set()
    for name in found:
        owner = name.rsplit(".", 1)[0]
        if name in views or owner in views:  # a function view, or a method of a class view
            entries.add(name if name in views else owner)
        elif _started_from_outside(name):
            entries.add(name)
    return entries


def marked_ways_in(tests_root: Path = ROOT / "tests") -> dict[str, list[str]]:
    """Way-in name -> the tests marked `@pytest.mark.way_in("...")` for it, read from the
    test files' text (so running one file still sees the whole suite's marks)."""
    marks: dict[str, list[str]] = {}
    for path in sorted(tests_root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr == "way_in"
                ):
                    for arg in decorator.args:
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                            test_id = f"{path.relative_to(ROOT)}::{node.name}"
                            marks.setdefault(arg.value, []).append(test_id)
    return marks

"""The shape of the code (ARCHITECTURE.md): apps in layers, imports only downward, apps of
one layer independent of each other, and no import circle between any two modules.

Every import of the four packages is read from the source (at any depth of a module, so
an import inside a function counts too); tests and migrations are left out, and so are
imports under `if TYPE_CHECKING:`, which name a class for type hints and load nothing.
"""

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("clinic", "therapists", "clients", "sessions")

# From the top down. An app may import from the layers below its own, never from one above;
# the apps of one layer import nothing from each other.
LAYERS = [
    ["clinic.config", "clinic.demo"],
    ["sessions.reports", "clients.records", "sessions.desk"],
    [
        "clients",
        "sessions.notes",
        "sessions.checkins",
        "sessions.calendars",
        "sessions.waitlist",
        "sessions.billing",
    ],
    ["sessions"],
    ["clients.intake"],
    ["therapists", "clients.consent"],
    ["therapists.credentials"],
    ["clinic.messaging", "clinic.catalogue", "clinic.audit"],
    ["clinic.accounts"],
    ["clinic.bodymap"],
    ["clinic.web", "clinic.clock"],
]
LAYER_OF = {part: index for index, layer in enumerate(LAYERS) for part in layer}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str | None:
    """The app (or shared package) a module belongs to: the longest listed prefix."""
    candidates = [p for p in LAYER_OF if module == p or module.startswith(p + ".")]
    return max(candidates, key=len) if candidates else None


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _type_checking_only(tree: ast.Module) -> set[ast.AST]:
    """The import statements inside `if TYPE_CHECKING:` blocks."""
    return {
        statement
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
        for block in node.body
        for statement in ast.walk(block)
    }


@cache
def project_imports() -> dict[str, set[str]]:
    """Each module of the four packages and the project modules it imports."""
    paths = [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path.read_text().strip()
    ]
    modules = {module_name(path): path for path in paths}
    imports: dict[str, set[str]] = {}
    for module, path in modules.items():
        found = set()
        tree = ast.parse(path.read_text())
        skipped = _type_checking_only(tree)
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(node, module, path.name == "__init__.py")
                found.add(source)
                found.update(f"{source}.{alias.name}" for alias in node.names)
        imports[module] = {name for name in found if name in modules}
    return imports


def test_every_module_belongs_to_a_listed_app():
    unlisted = sorted(module for module in project_imports() if part_of(module) is None)

    assert unlisted == [], "modules of no app in LAYERS: " + ", ".join(unlisted)


def test_imports_go_only_downward():
    upward = sorted(
        f"{module} -> {imported}"
        for module, imported_modules in project_imports().items()
        for imported in imported_modules
        if LAYER_OF[part_of(imported)] < LAYER_OF[part_of(module)]
    )

    assert upward == [], "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def test_apps_of_one_layer_import_nothing_from_each_other():
    across = sorted(
        f"{module} -> {imported}"
        for module, imported_modules in project_imports().items()
        for imported in imported_modules
        if part_of(imported) != part_of(module)
        and LAYER_OF[part_of(imported)] == LAYER_OF[part_of(module)]
    )

    assert across == [], "imports between apps of one layer:\n" + "\n".join(across)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_no_import_circle():
    graph = defaultdict(set)
    for module, imported_modules in project_imports().items():
        # A package's __init__ importing its own modules is not a circle of code.
        graph[module] = {name for name in imported_modules if not module.startswith(name + ".")}

    assert _circles(graph) == []

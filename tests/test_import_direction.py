"""Dependencies between the project's apps point one way: no app imports, even inside a
function, an app that imports it (directly or round a longer circle).

Each top-level package is one node, with two exceptions. The project's wiring (settings, URL
configuration, the API router, WSGI/ASGI) sits in ``cms`` but imports every app, so it is a
node of its own on top. The demo content (``home.demo``, its own Django app) builds pages of
every app, so it is a node above them all too."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["cms", "home", "campaigns", "advice", "people", "search", "events", "enquiries", "bench"]
PROJECT = ["cms.settings", "cms.urls", "cms.api.router", "cms.wsgi", "cms.asgi"]
OWN_NODES = {"project": PROJECT, "home.demo": ["home.demo"]}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def node(module):
    for name, prefixes in OWN_NODES.items():
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return name
    top = module.split(".")[0]
    return top if top in APPS else None


def imported_modules(tree, module, is_package):
    """(line, module) for every import in the file, at any depth (functions included)."""
    package = module if is_package else module.rpartition(".")[0]
    for statement in ast.walk(tree):
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                yield statement.lineno, alias.name
        elif isinstance(statement, ast.ImportFrom):
            base = statement.module or ""
            if statement.level:
                anchor = package.split(".")[: len(package.split(".")) - statement.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from cms import renditions`` imports the module cms.site.renditions.
            for alias in statement.names:
                yield statement.lineno, f"{base}.{alias.name}"


def import_graph(additions=None):
    """{(importer node, imported node): "file:line imports module"}, first evidence only.
    ``additions``: {path: source appended to that file}, for testing the check itself."""
    edges = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            module = module_name(path)
            source = node(module)
            source_text = path.read_text() + (additions or {}).get(path, "")
            tree = ast.parse(source_text, filename=str(path))
            for line, imported in imported_modules(tree, module, path.name == "__init__.py"):
                target = node(imported)
                if target and target != source:
                    where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
                    edges.setdefault((source, target), where)
    return edges


def find_cycle(edges):
    """One circle of nodes (first node repeated at the end), or None."""
    graph = {}
    for source, target in sorted(edges):
        graph.setdefault(source, []).append(target)
    visiting, done = [], set()

    def visit(current):
        if current in visiting:
            return [*visiting[visiting.index(current) :], current]
        if current in done:
            return None
        visiting.append(current)
        for target in graph.get(current, []):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(current)
        return None

    for start in sorted(graph):
        cycle = visit(start)
        if cycle:
            return cycle
    return None


def describe(cycle, edges):
    steps = [f"  {a} -> {b}: {edges[a, b]}" for a, b in zip(cycle, cycle[1:], strict=False)]
    return "import cycle " + " -> ".join(cycle) + "\n" + "\n".join(steps)


def test_apps_import_each_other_one_way_only():
    edges = import_graph()
    cycle = find_cycle(edges)
    assert cycle is None, describe(cycle, edges)


def test_the_project_nodes_name_real_modules():
    # A moved settings or URL module would silently join ``cms`` and look like a cycle.
    for module in PROJECT:
        path = ROOT / module.replace(".", "/")
        assert path.with_suffix(".py").exists() or (path / "__init__.py").exists(), module


@pytest.mark.parametrize(
    ("importer", "imported"),
    [("home/models/pages.py", "campaigns.models"), ("cms/blocks.py", "people.models")],
)
def test_a_new_import_against_the_direction_is_found(importer, imported):
    """The check is real: one function-level import the wrong way makes a cycle it names."""
    added = f"\n\ndef dodge():\n    import {imported}\n"
    edges = import_graph({ROOT / importer: added})
    cycle = find_cycle(edges)
    assert cycle is not None
    assert node(imported) in cycle
    assert importer in describe(cycle, edges)

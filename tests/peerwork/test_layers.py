"""Apps import downward only: the layers are written once (README, "Layout") and held here.

Every import counts, at the top of a module or inside a function: an import tucked into a
function is how a cycle between apps hides. The project's wiring (`peerwork.urls`,
`peerwork.celery`, settings) sits above every app and may import any of them.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. An app may import its own modules and any app below it, never one above.
LAYERS = [
    "peerwork",
    "establishments",
    "accounts",
    "flags",
    "schemes",
    "rota",
    "listeners",
    "kiosk",
    "concerns",
    "support",
    "welfare",
    "pay",
    "roll",
    "consistency",
    "home",
    "demo",
]
WIRING = {"peerwork.urls", "peerwork.celery", "peerwork.settings", "peerwork.wsgi"}


def imported_apps(source: str) -> set[str]:
    """The top-level packages a module's source imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def upward_imports(module: str, source: str) -> set[tuple[str, str]]:
    """(module, app) for each app above the module's own that it imports."""
    if module in WIRING:
        return set()
    own = LAYERS.index(module.split(".")[0])
    return {(module, app) for app in imported_apps(source) if app in LAYERS and LAYERS.index(app) > own}


def modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path.read_text()


def test_every_app_imports_only_downward():
    found = sorted(set().union(*(upward_imports(module, source) for module, source in modules())))
    assert not found, f"these import an app above their own (README, 'Layout'): {found}"


def test_every_app_has_a_place_in_the_layers():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(LAYERS), f"place these apps in LAYERS and README's layout: {apps - set(LAYERS)}"


def test_a_deliberate_wrong_import_is_caught_wherever_it_stands():
    schemes_reaching_up = """
from schemes.models import Contract

def shifts_for(contract):
    from rota.selectors import assignments_for  # hidden in a function: still counted
    return assignments_for(contract)
"""
    assert upward_imports("schemes.services.contracts", schemes_reaching_up) == {
        ("schemes.services.contracts", "rota")
    }
    assert upward_imports("rota.services.gaps", "import schemes.models\nfrom flags import api\n") == set()
    assert upward_imports("peerwork.urls", "from demo import views\n") == set()

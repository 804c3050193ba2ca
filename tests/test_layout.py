"""The tree reads like the product, and its layers stay apart.

- The core never imports Streamlit: everything it computes is testable without a browser.
- The core has no import cycle (module by module, as Python resolves them).
- The app (``app.py``, ``ui/``, ``pages/``) reaches the core only through each package's public
  names (its ``__init__``), and never through the command line (``overdue_core.cli``).
- The app side keeps the same shape: a page reaches a ``ui/`` package through its public names,
  only ``ui/state/`` touches ``st.session_state``, and no function in ``pages/`` or ``ui/`` runs
  over 80 lines.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "overdue_core"

#: What the app may import from: the packages that say what they offer, and the shared modules.
PUBLIC = {
    "overdue_core.case",
    "overdue_core.entry",
    "overdue_core.plan",
    "overdue_core.risk",
    "overdue_core.measures.communicate",
    "overdue_core.measures.prevent",
    "overdue_core.measures.negotiate",
    "overdue_core.measures.legal",
    "overdue_core.share",
    "overdue_core.report",
    "overdue_core.bills",
    "overdue_core.rules",
    "overdue_core.i18n",
    "overdue_core.palette",
    "overdue_core.user_text",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def core_modules() -> dict[str, Path]:
    return {module_name(p): p for p in CORE.rglob("*.py")}


def imported_modules(path: Path, known: set[str], top_level_only: bool = False) -> set[str]:
    """Core modules a file imports: ``from a.b import c`` counts ``a.b.c`` if that is a module, else ``a.b``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in known else node.module)
    return {m for m in found if m in known}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_core_module_imports_streamlit():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_every_core_module_loads_no_streamlit():
    modules = sorted(m for m in core_modules() if not m.endswith("__main__"))
    code = (
        "import importlib, sys\n"
        + "".join(f"importlib.import_module({m!r})\n" for m in modules)
        + "print('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_core_has_no_import_cycle():
    modules = core_modules()
    known = set(modules)
    # Imports made at module level are what can deadlock a cycle; imports inside functions are lazy on purpose.
    graph = {name: imported_modules(path, known, top_level_only=True) - {name} for name, path in modules.items()}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_the_app_uses_only_public_core_names_and_never_the_cli():
    known = set(core_modules())
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("overdue_core"):
                # A public package itself may be taken by name (``from overdue_core.measures import legal``).
                whole = all(f"{node.module}.{alias.name}" in PUBLIC for alias in node.names)
                if node.module not in PUBLIC and not whole:
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(ROOT)}: import {a.name}"
                    for a in node.names
                    if a.name.startswith("overdue_core")
                ]
    assert offenders == []
    assert "overdue_core.cli" in known


def test_public_names_are_declared_by_each_package():
    """Every name the app takes from a package is in that package's ``__all__``."""
    import importlib

    for package in sorted(PUBLIC):
        module = importlib.import_module(package)
        exported = getattr(module, "__all__", None)
        if package.count(".") == 1 and Path(module.__file__).name != "__init__.py":
            continue  # a shared module (rules, i18n, palette): everything it defines is public
        assert exported, f"{package} does not say what it offers (__all__)"
        assert all(hasattr(module, name) for name in exported), package


def test_every_core_folder_is_a_package_with_a_docstring():
    for folder in [
        p
        for p in CORE.rglob("*")
        if p.is_dir() and p.name not in {"__pycache__", "locales", "demo_cases"} and p.parent.name != "locales"
    ]:
        init = folder / "__init__.py"
        assert init.exists(), folder
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), (
            f"{init.relative_to(ROOT)} says nothing about what it holds"
        )


UI = ROOT / "ui"
PAGES_DIR = ROOT / "pages"
#: Longest function the app side keeps (the core is the other engineer's rule).
APP_FUNCTION_LINES = 80


def app_files() -> list[Path]:
    return [ROOT / "app.py", *sorted(UI.rglob("*.py")), *sorted(PAGES_DIR.glob("*.py"))]


def ui_packages() -> set[str]:
    """``ui.state``, ``ui.widgets``, …: folders of ``ui/`` with an ``__init__``."""
    return {f"ui.{p.parent.name}" for p in UI.glob("*/__init__.py")}


def inner_ui_imports(path: Path, packages: set[str]) -> list[str]:
    """Imports of a ``ui`` package's inner module (``from ui.state.drafts import …``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom) and node.level == 0
            else []
        )
        found += [n for n in names if any(n.startswith(package + ".") for package in packages)]
    return found


def test_pages_reach_ui_packages_through_their_public_names():
    packages = ui_packages()
    assert {"ui.state", "ui.widgets", "ui.charts"} <= packages
    offenders = [
        f"{p.relative_to(ROOT)}: {name}"
        for p in [ROOT / "app.py", *sorted(PAGES_DIR.glob("*.py"))]
        for name in inner_ui_imports(p, packages)
    ]
    # A ui module outside a package reaches it the same way (inside one, its own modules are its own).
    for path in sorted(UI.rglob("*.py")):
        own = f"ui.{path.relative_to(UI).parts[0]}" if len(path.relative_to(UI).parts) > 1 else None
        offenders += [f"{path.relative_to(ROOT)}: {name}" for name in inner_ui_imports(path, packages - {own})]
    assert offenders == []


def test_the_inner_import_finder_finds_one(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("from ui.state.drafts import draft_widget\nfrom ui.state import tr\n", encoding="utf-8")
    assert inner_ui_imports(page, {"ui.state"}) == ["ui.state.drafts"]


def session_state_uses(path: Path) -> list[int]:
    """Lines where a file reads or writes ``st.session_state`` (any ``….session_state``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return sorted({n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "session_state"})


def test_only_ui_state_touches_session_state():
    state = UI / "state"
    offenders = [
        f"{p.relative_to(ROOT)}:{line}" for p in app_files() if state not in p.parents for line in session_state_uses(p)
    ]
    assert offenders == []
    assert session_state_uses(state / "values.py"), "the finder must see the state package's own uses"


def long_functions(path: Path, limit: int) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}::{n.name} ({n.end_lineno - n.lineno + 1} lines)"
        for n in ast.walk(tree)
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > limit
    ]


def test_no_function_in_pages_or_ui_runs_over_80_lines():
    assert [f for p in app_files() for f in long_functions(p, APP_FUNCTION_LINES)] == []


def test_every_session_key_is_named_in_the_keys_module():
    """Outside ``ui/state/keys.py`` no module assigns a ``…_KEY`` string constant of its own."""
    offenders = []
    for path in app_files():
        if path == UI / "state" / "keys.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.endswith(("_KEY", "_FLAG"))]
    assert offenders == []


#: The longest a core function may be: one that needs more holds more than one idea.
CORE_FUNCTION_LINES = 120


def test_no_core_function_is_longer_than_the_limit():
    long = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > CORE_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []

"""The tree reads like the product, and its layers stay apart.

- The core never imports Streamlit: everything it computes is testable without a browser.
- The core has no import cycle (module by module, as Python resolves them).
- The app (``app.py``, ``ui/``, ``pages/``) reaches the core only through each package's public
  names (its ``__init__``), and never through the command line (``overdue_core.cli``).
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
                return stack[stack.index(nxt):] + [nxt]
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
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_every_core_module_loads_no_streamlit():
    modules = sorted(m for m in core_modules() if not m.endswith("__main__"))
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules) + "print('streamlit' in sys.modules)"
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
    for path in [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("overdue_core"):
                if node.module not in PUBLIC:
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
            elif isinstance(node, ast.Import):
                offenders += [f"{path.relative_to(ROOT)}: import {a.name}" for a in node.names if a.name.startswith("overdue_core")]
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
    for folder in [p for p in CORE.rglob("*") if p.is_dir() and p.name not in {"__pycache__", "locales", "demo_cases"} and p.parent.name != "locales"]:
        init = folder / "__init__.py"
        assert init.exists(), folder
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init.relative_to(ROOT)} says nothing about what it holds"


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

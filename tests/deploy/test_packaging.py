"""Packaging and deployment settings agree with each other and with the privacy promises."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _norm(req: str) -> str:
    return re.sub(r"\s+", "", req.split(";")[0]).lower().replace("_", "-")


def test_requirements_txt_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = sorted(_norm(r) for r in project["dependencies"])
    listed = sorted(
        _norm(line)
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert listed == declared


def test_every_dependency_has_a_lower_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for req in project["dependencies"] + project["optional-dependencies"]["test"]:
        assert ">=" in req, req


def test_python_version_file_satisfies_requires_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    minimum = tuple(int(x) for x in project["requires-python"].removeprefix(">=").split("."))
    pinned = tuple(int(x) for x in (ROOT / ".python-version").read_text().strip().split("."))
    assert pinned >= minimum


def test_streamlit_config_is_private_and_quiet():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["enableXsrfProtection"] is True
    assert 1 <= config["server"]["maxUploadSize"] <= 5
    assert "address" not in config["server"], "bind address belongs on make run's command line"
    # A forced full collection after every run tripled what a budget change costs the server.
    assert config["runner"]["postScriptGC"] is False


def test_make_run_binds_to_loopback_and_ci_runs_make_test():
    makefile = (ROOT / "Makefile").read_text()
    run_recipe = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "--server.address 127.0.0.1" in run_recipe
    assert "$(PORT)" in run_recipe and "PORT ?= 8501" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_make_test_runs_every_test():
    """CI runs `make test`: its recipe leaves no test out (no marker, path or name filter, no
    stopping at the first failure); two workers share the tests, they do not choose among them."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "-m pytest" in recipe and "--benchmark-disable" in recipe
    recipe = recipe.split("-m pytest", 1)[1]
    for narrowing in (
        " -m ",
        "--ignore",
        " -k ",
        "--deselect",
        " -x",
        "--exitfirst",
        "--lf",
        "--last-failed",
        "--maxfail",
    ):
        assert narrowing not in recipe, narrowing


def test_only_the_inner_loop_tries_fewer_examples(monkeypatch):
    makefile = (ROOT / "Makefile").read_text()
    fast = makefile.split("\ntest-fast:")[1].split("\n\n")[0]
    every = makefile.split("\ntest:")[1].split("\n\n")[0]
    assert "OVERDUE_TEST_TIER=fast" in fast and "OVERDUE_TEST_TIER" not in every
    import tests.helpers as helpers

    monkeypatch.setattr(helpers, "FAST_TIER", False)
    assert helpers.examples(120) == 120
    monkeypatch.setattr(helpers, "FAST_TIER", True)
    assert helpers.examples(120) == 40 and helpers.examples(30) == 20


def test_readme_quick_start_has_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    commands = re.findall(r"^make \w+", quick, flags=re.M)
    assert commands == ["make run", "make test"]


def test_no_secrets_file_committed():
    assert not (ROOT / ".streamlit" / "secrets.toml").exists()

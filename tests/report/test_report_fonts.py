"""Finding a CJK font: usable fonts only, an override wins, nothing ever raises."""

from __future__ import annotations

from pathlib import Path

import pytest

from overdue_core.report import fonts

LATIN_ONLY = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(autouse=True)
def _fresh_cache():
    fonts.find_cjk_font.cache_clear()
    yield
    fonts.find_cjk_font.cache_clear()


def test_a_file_that_is_not_a_font_is_skipped(tmp_path, monkeypatch):
    junk = tmp_path / "fake.ttf"
    junk.write_bytes(b"not a font at all")
    monkeypatch.setattr(fonts, "CANDIDATES", (str(junk),))
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    assert fonts.find_cjk_font() is None


def test_a_font_without_chinese_is_skipped(monkeypatch):
    if not LATIN_ONLY.exists():
        pytest.skip("DejaVu Sans not installed")
    monkeypatch.setattr(fonts, "CANDIDATES", (str(LATIN_ONLY),))
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    assert fonts.find_cjk_font() is None


def test_the_environment_override_comes_first(monkeypatch, tmp_path):
    found = fonts.find_cjk_font()
    if found is None:
        pytest.skip("no CJK font on this machine")
    fonts.find_cjk_font.cache_clear()
    monkeypatch.setattr(fonts, "CANDIDATES", (str(tmp_path / "missing.ttc"),))
    monkeypatch.setenv(fonts.FONT_ENV, str(found))
    assert fonts.find_cjk_font() == found


def test_packages_txt_names_the_font_package():
    listed = (Path(__file__).resolve().parents[2] / "packages.txt").read_text().split()
    assert fonts.FONT_PACKAGE in listed

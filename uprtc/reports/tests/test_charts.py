"""A chart keeps its Arabic and Chinese letters even when matplotlib's font
list was cached before the Noto fonts were installed."""

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties

from uprtc.reports import charts

MISSING = ("Noto Naskh Arabic", "Noto Sans CJK SC")
INSTALLED = {font.name for font in font_manager.fontManager.ttflist}
pytestmark = pytest.mark.skipif(
    not INSTALLED.issuperset(charts.NOTO), reason="the Noto fonts are not installed"
)


@pytest.fixture
def stale_font_list(monkeypatch, tmp_path):
    """The font list as cached before fonts-noto-core and fonts-noto-cjk."""
    manager = font_manager.fontManager
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    stale = [font for font in manager.ttflist if font.name not in MISSING]
    monkeypatch.setattr(manager, "ttflist", stale)
    monkeypatch.setattr(manager, "afmlist", manager.afmlist)
    charts._rescan.cache_clear()
    manager._findfont_cached.cache_clear()
    yield tmp_path
    charts._rescan.cache_clear()
    manager._findfont_cached.cache_clear()


def found(family: str) -> str:
    return font_manager.findfont(
        FontProperties(family=family), fallback_to_default=False
    )


def test_a_stale_font_list_is_read_again_for_the_chart(stale_font_list):
    with pytest.raises(ValueError):
        found("Noto Naskh Arabic")  # what the stale list would draw with
    png = charts.bar_chart([("حقوق الإنسان", 3), ("人权", 2)], "ar")
    assert png.startswith(b"\x89PNG")
    assert "Naskh" in found("Noto Naskh Arabic")
    assert "CJK" in found("Noto Sans CJK SC")
    # and the next process reads the rebuilt list from the cache file
    assert list(stale_font_list.glob("fontlist-*.json"))


def test_a_complete_font_list_is_not_read_again(monkeypatch):
    def rescan():
        raise AssertionError("the font list was read again")

    monkeypatch.setattr(charts, "_rescan", rescan)
    charts.ensure_fonts()

import pytest

from uprtc.search import memindex


@pytest.fixture(autouse=True)
def fresh_memory_index():
    """Test transactions roll back, so the in-memory index must start empty."""
    memindex.reset()
    yield
    memindex.reset()

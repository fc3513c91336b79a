"""Shared pieces of the fuzz tests of web forms: the settings every property
runs with (fixed examples, so CI sees the same inputs every run) and values
that are wrong in the ways people, browsers and robots get them wrong."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BAD = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "0",
        "-1",
        "9" * 30,
        "NaN",
        "1e999",
        "2026-02-30",
        "0000-01-01",
        "SVN",
        "javascript:alert(1)",
        "<script>alert(1)</script>",
        "x" * 600,
        "٣",
        "🙂",
    ]
)
# mostly the known troublemakers, sometimes anything at all
JUNK = st.one_of(BAD, BAD, BAD, st.text(max_size=20))


def form_data(valid: dict[str, Any], fields: list[str]) -> st.SearchStrategy:
    """A valid submission with some fields replaced by junk (or dropped, or
    sent twice)."""

    @st.composite
    def build(draw: Any) -> dict[str, Any]:
        data = dict(valid)
        for name in draw(st.sets(st.sampled_from(fields), max_size=8)):
            choice = draw(st.integers(0, 5))
            if choice == 0:
                data.pop(name, None)
            elif choice == 1:
                data[name] = [draw(JUNK), draw(JUNK)]
            else:
                data[name] = draw(JUNK)
        return data

    return build()


ERROR = re.compile(r'class="(?:errorlist|error)[^"]*"|<ul class="messages"')


def shows_a_message(html: str) -> bool:
    """The page tells what went wrong: a field error or a message."""
    return bool(ERROR.search(html))


def explained(response) -> bool:
    """A refusal that says why: a page with an error or a message, or the
    400 that names a parameter holding a NUL character."""
    body = response.content.decode()
    if response.status_code == 400:
        return "contains a NUL character" in body
    return response.status_code == 200 and shows_a_message(body)


def few(n: int) -> settings:
    """The shared settings with fewer examples, for costly properties."""
    return settings(FUZZ, max_examples=n)

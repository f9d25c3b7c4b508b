"""Reading pages in tests: the text as people read it, without the spans that keep dates and amounts on
one line (``<span class="nowrap">``), so that assertions can match whole phrases."""

import re

NOWRAP = re.compile(r'<span class="nowrap">([^<]*)</span>')


def unwrapped(html: str) -> str:
    """``html`` with each nowrap span replaced by its text."""
    return NOWRAP.sub(r"\1", html)

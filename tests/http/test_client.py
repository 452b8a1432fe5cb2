"""The shared HTTP client base: its rate limit and how it reads Retry-After."""

from __future__ import annotations

import email.utils
import itertools
import time

from hypothesis import given
from hypothesis import strategies as st

from orderdesk.adapters.http import RateLimit, retry_after


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@given(st.integers(min_value=1, max_value=50), st.lists(st.floats(0, 0.5), min_size=2, max_size=60))
def test_no_second_ever_holds_more_calls_than_the_limit(per_second: int, gaps: list[float]) -> None:
    clock = FakeClock()
    limit = RateLimit(per_second, clock=clock, sleep=clock.sleep)
    sent = []
    for gap in gaps:  # callers arrive at random moments, often all at once
        clock.now += gap
        limit.wait()
        sent.append(clock.now)
    for i, t in enumerate(sent):
        in_window = [s for s in sent[i:] if s < t + 1.0]
        assert len(in_window) <= per_second
    spacing = min(b - a for a, b in itertools.pairwise(sent))
    assert spacing >= 1.0 / per_second  # and a margin on top, for jitter on the way


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after("7") == 7.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after(later) or 0) <= 31
    assert retry_after(None) is None
    assert retry_after("soon") is None

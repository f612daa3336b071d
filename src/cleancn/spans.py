"""Spans: the character spans earlier checks repaired, for overlap tests by bisection.

The mojibake checks run in an order that lets later ones skip what earlier ones explained: each
candidate run is tested against every span repaired so far. A list scanned for each test made a long
document quadratic (a 5 MB page with thousands of repairs spent most of its time there). Spans keeps
the spans sorted by start with, for each, the largest end among it and those before it: whether any
span overlaps [start, end), or one contains it, is then one bisection, the same answers as scanning.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate


class Spans:
    def __init__(self, spans=()):
        pairs = sorted(spans)
        self._starts = [a for a, _ in pairs]
        self._ends = [b for _, b in pairs]
        self._reach = list(accumulate(self._ends, max))  # the largest end up to each span

    def append(self, span: tuple[int, int]) -> None:
        """Add a span (named as a list's method: the checks were list code)."""
        start, end = span
        k = bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)
        if k == len(self._reach):  # the usual case: checks repair left to right
            self._reach.append(max(end, self._reach[-1]) if k else end)
        else:  # the reach of this span and of every later one
            reach = accumulate(self._ends[k:], max, initial=self._reach[k - 1] if k else end)
            self._reach[k:] = list(reach)[1:]

    def overlaps(self, start: int, end: int) -> bool:
        """Is there a span (a, b) with a < end and start < b?"""
        k = bisect_left(self._starts, end)
        return k > 0 and self._reach[k - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Is there a span (a, b) with a <= start and end <= b?"""
        k = bisect_right(self._starts, start)
        return k > 0 and self._reach[k - 1] >= end

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self):
        return zip(self._starts, self._ends)

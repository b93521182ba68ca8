"""Finding the annotations in a stretch of text without scanning them all.

Analyzers ask, sentence by sentence or claim by claim, which mentions, attributions or claims lie
in a range. Scanning every annotation for every range grows with the square of the document's
length; a sorted index answers in O(log n + k). Results come in the order the items were given,
so code that picks "the first match" picks the same one as a scan would.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Generic, Iterable, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Items with one or more (start, end) ranges each, for range queries."""

    def __init__(self, items: Iterable[T], ranges: Callable[[T], Iterable[tuple[int, int]]]):
        entries = []  # (start, end, position of the item, item)
        self._items = list(items)
        for pos, item in enumerate(self._items):
            for start, end in ranges(item):
                entries.append((start, end, pos))
        entries.sort()
        self._starts = [e[0] for e in entries]
        self._entries = entries
        self._longest = max((e[1] - e[0] for e in entries), default=0)

    def __iter__(self):
        return iter(self._items)

    def _ordered(self, positions: set[int]) -> list[T]:
        return [self._items[p] for p in sorted(positions)]

    def within(self, start: int, end: int) -> list[T]:
        """Items with a range inside [start, end]."""
        found = set()
        for i in range(bisect_left(self._starts, start), bisect_left(self._starts, end + 1)):
            if self._entries[i][1] <= end:
                found.add(self._entries[i][2])
        return self._ordered(found)

    def overlapping(self, start: int, end: int) -> list[T]:
        """Items with a range that shares a character with [start, end)."""
        found = set()
        for i in range(bisect_left(self._starts, start - self._longest), bisect_left(self._starts, end)):
            if self._entries[i][1] > start:
                found.add(self._entries[i][2])
        return self._ordered(found)

    def starting(self, start: int, end: int) -> list[T]:
        """Items with a range that starts in [start, end)."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return self._ordered({self._entries[i][2] for i in range(lo, hi)})


class Coverage:
    """Which character positions a set of ranges covers, for "is this inside any of them?"."""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [m[0] for m in merged]
        self._ends = [m[1] for m in merged]

    def covers(self, pos: int) -> bool:
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

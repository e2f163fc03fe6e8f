"""How a download's ranges go in flight: how many at once (``RangeLimit``), and which parts one
request fetches (``Span``).

Example:
    >>> limit = RangeLimit(4, cpus=2)
    >>> span = Span(part, end=part.end)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from vantage_sdk._transfer._plan import Part

__all__ = ["FIRST_RANGES", "RANGES_PLANNED", "RangeLimit", "Span", "SpanCut", "new_range_limit", "usable_cpus"]

FIRST_RANGES = 1
"""Ranges in flight when a ranged download starts: one request for the whole file, which more
ranges join while the process waits for the network.

Two at first cost the emulator on loopback more CPU than one (0.78 against 0.72 CPU-seconds per
GiB; it, not the client, bounds the throughput there): over 7 interleaved rounds of 1 GiB, two
ranges throughout moved 89% of curl's throughput, one request for the file 94%.
"""
RANGES_PLANNED = 2
"""Ranges are sized as if this many were in flight (``scaled_part_size``): 1/16 of the file."""
_ADAPT_WINDOW = 0.25
"""Seconds of measurement behind each change of the ranges in flight."""
_BUSY = 0.45
"""Share of the usable CPUs this process may keep busy before the ranges in flight are halved.

Against the emulator on 2 cores a download kept 58-66% of them busy (one or two ranges in flight);
at 0.6 the limit sometimes stayed at two. Since bodies are read past httpx (``iter_body``), a
download there keeps 35-50% of them busy, so the limit falls to one in some downloads and stays at
two in others; both moved within the noise of each other (91% of curl over 9 interleaved rounds).
"""
_IDLE = 0.25
"""Below this share, one more range goes in flight (up to ``concurrency``)."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class RangeLimit:
    """How many ranges of a download may be in flight, adapted to this process's CPU use.

    Parallel ranges help when each connection is slow (a distant server, a per-connection
    limit), but a fast server makes every receiving thread CPU-bound, and then more of them only
    compete for the CPUs and the GIL. Measured on 2 cores, 1 GiB from the emulator on loopback
    (medians of interleaved runs): one range in flight moved 67-74% of curl's throughput, two
    61-65%, four 48-55%.

    So a download starts with one range (``FIRST_RANGES``) and, as bytes arrive, whenever at
    least ``_ADAPT_WINDOW`` seconds have passed, looks at the share of the usable CPUs this
    process kept busy since the last look: at ``_BUSY`` or more the limit halves (not below one); under
    ``_IDLE`` it grows by one (not above ``ceiling``, the ``concurrency`` setting). On 2 cores
    against the emulator the process keeps 35-50% of both CPUs busy (see ``_BUSY``). A download
    waiting for the network uses far less: at the 0.6 CPU-seconds per GiB measured here, 100 MiB/s
    is about 3% of 2 CPUs, so it soon has ``concurrency`` ranges in flight.

    Example:
        >>> limit = RangeLimit(4, cpus=2)
        >>> limit.value
        1
    """

    def __init__(
        self,
        ceiling: int,
        cpus: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.process_time,
    ) -> None:
        self.ceiling = max(1, ceiling)
        self.cpus = max(1, cpus)
        self.value = min(self.ceiling, FIRST_RANGES)
        self._clock = clock
        self._cpu_clock = cpu_clock
        self._since = clock()
        self._cpu_since = cpu_clock()

    def adapt(self) -> int:
        """Adapt the limit once ``_ADAPT_WINDOW`` seconds have passed since the last change; return it."""
        now, cpu = self._clock(), self._cpu_clock()
        elapsed = now - self._since
        if elapsed < _ADAPT_WINDOW or elapsed <= 0:
            return self.value
        busy = (cpu - self._cpu_since) / elapsed / self.cpus
        if busy >= _BUSY:
            self.value = max(1, self.value // 2)
        elif busy < _IDLE:
            self.value = min(self.ceiling, self.value + 1)
        self._since, self._cpu_since = now, cpu
        return self.value


def new_range_limit(ceiling: int) -> RangeLimit:
    """The ``RangeLimit`` of a new download (tests replace this to drive it with fake clocks)."""
    return RangeLimit(ceiling, usable_cpus())


class SpanCut(Exception):
    """Raised by a sink to stop reading a request at a part boundary (the worker's next part is elsewhere)."""


class Span:
    """The consecutive parts one request fetches, and where in the current one its bytes are.

    ``part`` is the part the worker owns: the one receiving bytes, or, once the request is over,
    the one the worker claimed next (None: the worker stops).

    Example:
        >>> span = job.span(job.next_range(None))
        >>> head, rest = span.split(chunk)  # the bytes of ``span.part``, and those of the parts after it
    """

    __slots__ = ("part", "left", "start", "end")

    def __init__(self, part: Part, end: int) -> None:
        self.part: Part | None = part
        self.left = part.length
        self.start, self.end = part.offset, end

    def split(self, chunk: bytes) -> tuple[bytes, bytes]:
        """``chunk`` cut where the current part ends: its bytes, and the rest (empty unless it crosses)."""
        if len(chunk) < self.left:
            self.left -= len(chunk)
            return chunk, b""
        head, rest = chunk[: self.left], chunk[self.left :]  # a copy, once per part boundary
        self.left = 0
        return head, rest

    def advance(self, finished: Part, claimed: Part | None) -> bool:
        """Own ``claimed`` next; True when its bytes follow ``finished``'s in this request (keep reading).

        Raises:
            SpanCut: The request has bytes left, but they are not the claimed part's.
        """
        self.part = claimed
        if finished.end >= self.end:
            return False
        if claimed is None or claimed.offset != finished.end:
            raise SpanCut
        self.left = claimed.length
        return True

"""What the sampler reads from /proc about a job's processes: peak memory and CPU time."""

from __future__ import annotations

import os

__all__ = ["peak_rss", "proc_group_usage"]

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def peak_rss(pid: int | str) -> int:
    """A live process's peak resident set size since its exec (VmHWM), in bytes."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def proc_group_usage(pgids: set[int]) -> dict[int, tuple[int, float]]:
    """Peak RSS bytes and CPU seconds per process group, summed over its live processes.

    VmHWM rather than the current RSS: a peak between two samples still counts.
    """
    usage: dict[int, tuple[int, float]] = {}
    try:
        pids = [p for p in os.listdir("/proc") if p.isdigit()]
    except OSError:
        return usage
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        # fields[0] is field 3 (state) of proc(5): pgrp is 5, utime/stime 14/15.
        pgrp = int(fields[2])
        if pgrp in pgids:
            rss, cpu = usage.get(pgrp, (0, 0.0))
            usage[pgrp] = (rss + peak_rss(pid), cpu + (int(fields[11]) + int(fields[12])) / _CLK_TCK)
    return usage

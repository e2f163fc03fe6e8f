"""Give a benchmark's file writes memory the virtual machine already backs.

On the 2-core VM these benchmarks run on, writing a file into page cache the guest has not used
before costs about 3 CPU-seconds of kernel time per GiB (the host backs each page on first
touch), against 0.22 s into pages it has used and freed: ``dd if=/dev/zero bs=1M count=1024``
six times in a row, keeping the files, took 0.22, 1.56, 2.94, 2.97, 3.13, 2.66 s of system time;
after deleting them, 0.22 s again. Which contender of a benchmark meets unbacked pages depends on
what ran before it, so a download could look three times slower than the same code a moment
later. ``back_free_memory`` touches and releases anonymous memory before a round, so every
contender writes into backed pages, as on a machine that is not a VM. It does so in a child
process: Linux hands a process's peak RSS down to the processes it starts, so touching the memory
in the benchmark itself would hide the peak RSS growth its SDK children report.
"""

from __future__ import annotations

import mmap
import subprocess
import sys
import time

__all__ = ["back_free_memory"]

_CHUNK = 64 * 1024 * 1024


def back_free_memory(gib: float) -> float:
    """Write ``gib`` GiB of anonymous memory in a child process, which then exits; returns the seconds it took."""
    started = time.perf_counter()
    if gib > 0:
        subprocess.run([sys.executable, __file__, str(gib)], check=True)
    return time.perf_counter() - started


def _touch(gib: float) -> None:
    size = int(gib * 1024**3) // _CHUNK * _CHUNK
    fill = b"\x01" * _CHUNK
    with mmap.mmap(-1, size) as block:
        for _ in range(size // _CHUNK):
            block.write(fill)


if __name__ == "__main__":
    _touch(float(sys.argv[1]))

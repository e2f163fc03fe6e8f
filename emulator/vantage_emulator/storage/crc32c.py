"""CRC32C (Castagnoli) of stored files, as Google Cloud Storage reports it: base64 of the 4 big-endian bytes.

Bodies are checksummed as they arrive (``google_crc32c``, the C library); a file built from an
upload session gets its CRC32C by combining its parts' (``combine``), without reading them again.
"""

from __future__ import annotations

import base64

import google_crc32c

__all__ = ["combine", "decode", "encode", "extend"]

extend = google_crc32c.extend
"""``extend(crc, chunk)``: the CRC32C of the bytes so far followed by ``chunk`` (start from 0)."""

_POLY = 0x82F63B78  # the Castagnoli polynomial, bit-reflected


def _multiply(a: int, b: int) -> int:
    """a * b modulo the polynomial (both reflected, x^0 at the top bit)."""
    product = 0
    bit = 1 << 31
    while a:
        if a & bit:
            product ^= b
            a ^= bit
        bit >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _powers() -> list[int]:
    table = [1 << 30]  # x^1, then x^2, x^4, x^8, ... (x^(2^k))
    for _ in range(63):
        table.append(_multiply(table[-1], table[-1]))
    return table


_X_POWERS = _powers()


def combine(first: int, second: int, second_length: int) -> int:
    """The CRC32C of A followed by B, from CRC(A), CRC(B) and B's length (zlib's crc32_combine).

    Example:
        >>> combine(extend(0, b"hello "), extend(0, b"world"), 5) == extend(0, b"hello world")
        True
    """
    shift = 1 << 31  # x^0
    bits, k = second_length * 8, 0
    while bits:
        if bits & 1:
            shift = _multiply(_X_POWERS[k], shift)
        bits >>= 1
        k += 1
    return _multiply(shift, first) ^ second


def encode(crc: int) -> str:
    """The wire form: base64 of the big-endian 4 bytes (``AAAAAA==`` for no bytes)."""
    return base64.b64encode(crc.to_bytes(4, "big")).decode("ascii")


def decode(text: str) -> int:
    """The CRC32C in ``text`` (the wire form ``encode`` makes)."""
    return int.from_bytes(base64.b64decode(text), "big")

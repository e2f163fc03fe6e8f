/** CRC32C: known vectors, the native and table implementations agreeing, combining, the wire form. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { crc32cCombine, crc32cSoftware, encodeCrc32c, loadCrc32c } from '../src/node/crc32c.js';

/** One bit at a time, straight from the definition: what the table versions must agree with. */
function bitwise(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ~crc >>> 0;
}

const VECTORS: [string, Uint8Array, number][] = [
  ['empty', new Uint8Array(0), 0],
  ['"123456789" (the check value)', Buffer.from('123456789'), 0xe3069283],
  ['"hello world"', Buffer.from('hello world'), 0xc99465aa],
  // RFC 3720 (iSCSI) B.4.
  ['32 zero bytes', new Uint8Array(32), 0x8a9136aa],
  ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
  ['0, 1, ..., 31', Uint8Array.from({ length: 32 }, (_, i) => i), 0x46dd794e],
  ['31, 30, ..., 0', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), 0x113fdb5c],
];

test('CRC32C of known vectors, by the table version and by whichever implementation loads', async () => {
  const extend = await loadCrc32c();
  for (const [name, bytes, expected] of VECTORS) {
    assert.equal(crc32cSoftware(0, bytes), expected, `table version: ${name}`);
    assert.equal(extend(0, bytes), expected, `loaded version: ${name}`);
  }
  assert.equal(encodeCrc32c(0xc99465aa), 'yZRlqg==', 'base64 of the big-endian bytes, as GCS');
  assert.equal(encodeCrc32c(0), 'AAAAAA==');
});

test('the table version agrees with the bit-by-bit definition at every length and alignment', async () => {
  const extend = await loadCrc32c();
  const data = randomBytes(300);
  for (let start = 0; start < 17; start++) {
    for (let length = 0; length + start <= data.length; length += 7) {
      const slice = data.subarray(start, start + length);
      const expected = bitwise(slice);
      assert.equal(crc32cSoftware(0, slice), expected, `offset ${start}, length ${length}`);
      assert.equal(extend(0, slice), expected, `loaded, offset ${start}, length ${length}`);
    }
  }
});

test('extending in pieces equals one pass', async () => {
  const extend = await loadCrc32c();
  const data = randomBytes(100_003);
  let software = 0;
  let loaded = 0;
  for (let at = 0; at < data.length; at += 4099) {
    software = crc32cSoftware(software, data.subarray(at, at + 4099));
    loaded = extend(loaded, data.subarray(at, at + 4099));
  }
  assert.equal(software, bitwise(data));
  assert.equal(loaded, software);
});

test('combining the CRCs of parts gives the CRC of the whole', () => {
  const data = randomBytes(70_000);
  const whole = crc32cSoftware(0, data);
  for (const cut of [0, 1, 15, 16, 17, 4096, 69_999, 70_000]) {
    const a = data.subarray(0, cut);
    const b = data.subarray(cut);
    assert.equal(crc32cCombine(crc32cSoftware(0, a), crc32cSoftware(0, b), b.length), whole, `cut at ${cut}`);
  }
  // Many parts in order, as an upload session joins them.
  let joined = 0;
  for (let at = 0; at < data.length; at += 16_384) {
    const part = data.subarray(at, at + 16_384);
    joined = crc32cCombine(joined, crc32cSoftware(0, part), part.length);
  }
  assert.equal(joined, whole);
  // Lengths past 2^32 bytes: joining is associative, whatever the lengths.
  const [x, y, z] = [0x12345678, 0x9abcdef0, 0x0fedcba9];
  const [first, second] = [2 ** 32 + 7, 3 * 2 ** 30];
  assert.equal(
    crc32cCombine(crc32cCombine(x, y, first), z, second),
    crc32cCombine(x, crc32cCombine(y, z, second), first + second),
  );
});

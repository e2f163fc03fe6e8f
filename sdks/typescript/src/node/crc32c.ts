/**
 * CRC32C (Castagnoli), the checksum transfers verify by default, as Google Cloud Storage does, in
 * its wire form: base64 of the 4 big-endian bytes (`X-Content-CRC32C`).
 *
 * Node has no CRC32C of its own. `@node-rs/crc32` (an optional dependency: SSE4.2/ARMv8 CRC
 * instructions) costs about 0.08 CPU-seconds per GiB here; when it cannot load (a platform without
 * its prebuilt binary, an install without optional dependencies) a slicing-by-16 table in plain
 * TypeScript takes over, at about 0.65 CPU-seconds per GiB (sha256 costs about as much, WASM 0.5).
 * Parts and ranges are checksummed as their bytes pass and joined with `crc32cCombine`, so nothing
 * is read a second time to verify it.
 */

/** `extend(crc, bytes)`: the CRC32C of the bytes so far (`crc`, 0 to start) followed by `bytes`. */
export type Crc32cExtend = (crc: number, bytes: Uint8Array) => number;

const POLY = 0x82f63b78; // the Castagnoli polynomial, bit-reflected

/** 16 tables of 256: table k gives the CRC of a byte followed by k zero bytes. */
const TABLES = (() => {
  const t = new Int32Array(16 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    for (let k = 1; k < 16; k++) {
      const previous = t[(k - 1) * 256 + i] as number;
      t[k * 256 + i] = (previous >>> 8) ^ (t[previous & 0xff] as number);
    }
  }
  return t;
})();

/** CRC32C in plain TypeScript, 16 bytes per step (the fallback when the native module is missing). */
export function crc32cSoftware(crc: number, bytes: Uint8Array): number {
  const t = TABLES;
  const b = bytes;
  const n = b.length;
  const whole = n - (n & 15);
  let c = ~crc;
  let i = 0;
  // Indexes stay within the typed arrays: `as number` only tells the compiler so.
  for (; i < whole; i += 16) {
    const a =
      c ^
      ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24));
    c =
      (t[3840 + (a & 0xff)] as number) ^
      (t[3584 + ((a >>> 8) & 0xff)] as number) ^
      (t[3328 + ((a >>> 16) & 0xff)] as number) ^
      (t[3072 + (a >>> 24)] as number) ^
      (t[2816 + (b[i + 4] as number)] as number) ^
      (t[2560 + (b[i + 5] as number)] as number) ^
      (t[2304 + (b[i + 6] as number)] as number) ^
      (t[2048 + (b[i + 7] as number)] as number) ^
      (t[1792 + (b[i + 8] as number)] as number) ^
      (t[1536 + (b[i + 9] as number)] as number) ^
      (t[1280 + (b[i + 10] as number)] as number) ^
      (t[1024 + (b[i + 11] as number)] as number) ^
      (t[768 + (b[i + 12] as number)] as number) ^
      (t[512 + (b[i + 13] as number)] as number) ^
      (t[256 + (b[i + 14] as number)] as number) ^
      (t[b[i + 15] as number] as number);
  }
  for (; i < n; i++) c = (c >>> 8) ^ (t[(c ^ (b[i] as number)) & 0xff] as number);
  return ~c >>> 0;
}

let loaded: Promise<Crc32cExtend> | null = null;

/** Which implementation `loadCrc32c` settled on (for the benchmark's report). */
export let crc32cImplementation: 'native' | 'software' | 'not loaded' = 'not loaded';

/**
 * The fastest CRC32C this process can load: `@node-rs/crc32`'s, else `crc32cSoftware`. Loaded once,
 * on the first transfer.
 */
export function loadCrc32c(): Promise<Crc32cExtend> {
  loaded ??= (async () => {
    try {
      // A name in a variable: the compiler neither needs the optional package's types nor inlines it.
      const name = '@node-rs/crc32';
      const module = (await import(name)) as { crc32c?: unknown; default?: { crc32c?: unknown } };
      const native = (module.crc32c ?? module.default?.crc32c) as ((b: Uint8Array, crc?: number) => number) | undefined;
      if (typeof native === 'function' && native(new TextEncoder().encode('hello world'), 0) === 0xc99465aa) {
        crc32cImplementation = 'native';
        return (crc, bytes) => native(bytes, crc);
      }
    } catch {
      // Not installed, or no prebuilt binary for this platform: the table version is right, only slower.
    }
    crc32cImplementation = 'software';
    return crc32cSoftware;
  })();
  return loaded;
}

/** a * b modulo the polynomial (both bit-reflected: x^0 is the top bit). */
function multiply(a: number, b: number): number {
  let product = 0;
  let x = b;
  for (let bit = 0x80000000; a !== 0 && bit !== 0; bit >>>= 1) {
    if (a & bit) {
      product ^= x;
      a = (a ^ bit) >>> 0;
    }
    x = x & 1 ? (x >>> 1) ^ POLY : x >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0..63 (lengths up to 2^61 bytes). */
const X_POWERS = (() => {
  const powers = [0x40000000]; // x^1
  for (let k = 1; k < 64; k++) {
    const last = powers[k - 1] as number;
    powers.push(multiply(last, last));
  }
  return powers;
})();

/**
 * The CRC32C of A followed by B, from CRC(A), CRC(B) and B's length in bytes (zlib's crc32_combine),
 * in about a microsecond whatever the lengths.
 *
 * @example
 * ```ts
 * crc32cCombine(crc32cSoftware(0, hello), crc32cSoftware(0, world), world.length); // === CRC of both
 * ```
 */
export function crc32cCombine(first: number, second: number, secondLength: number): number {
  let shift = 0x80000000; // x^0, becomes x^(8 * secondLength)
  let bits = BigInt(secondLength) * 8n;
  for (let k = 0; bits > 0n; k++, bits >>= 1n) {
    if (bits & 1n) shift = multiply(X_POWERS[k] as number, shift);
  }
  return (multiply(shift, first) ^ second) >>> 0;
}

/** The wire form: base64 of the 4 big-endian bytes. */
export function encodeCrc32c(crc: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}

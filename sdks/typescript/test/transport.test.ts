/**
 * Transfers over the Node transport (a client without its own fetch), through a TCP proxy in front
 * of the emulator that cuts connections or damages a byte on demand: a download resumes with a Range
 * request, a part whose connection drops is retried on its own, and both arrive intact; damaged
 * bytes fail their CRC32C (or sha256) check, on the server for an upload, in the SDK for a download.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { IntegrityError } from '@vantage/sdk';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();
process.env.VANTAGE_TRANSFER_STATE_DIR = mkdtempSync(join(tmpdir(), 'vantage-ts-journals-'));

/**
 * What the proxy does with a request, from its head: pass it, drop the connection, cut the answer,
 * or flip the first byte of the request's body or of the answer's.
 */
type Verdict = 'pass' | 'drop' | { cutAfter: number } | 'flip-request' | 'flip-response';

/** Flip the first body byte of a message whose head ends in `chunk` or a later one; the bytes still to skip. */
function flipFirstBodyByte(chunk: Buffer, skip: number, headEnd: number): number {
  const at = headEnd >= 0 ? headEnd + 4 : skip;
  if (at < chunk.length) {
    chunk[at] = (chunk[at] as number) ^ 0xff;
    return -1;
  }
  return at - chunk.length;
}

let proxy: Server | undefined;
let judge: (head: string) => Verdict = () => 'pass';
const heads: string[] = [];

/** The proxy's port (started on first use, once the emulator runs). */
async function proxyPort(): Promise<number> {
  if (proxy) return (proxy.address() as AddressInfo).port;
  const upstream = new URL(ctx.emulator.baseURL);
  proxy = createServer((client: Socket) => {
    const server = connect(Number(upstream.port), upstream.hostname);
    let cutAfter = Number.POSITIVE_INFINITY;
    let flipRequest = -1; // body bytes to skip before the one to flip; -1: none to flip
    let flipResponse: 'no' | 'head' | number = 'no'; // 'head': flip once the answer's head has passed
    client.on('data', (chunk: Buffer) => {
      // A keep-alive connection carries several requests: look for a request line in every chunk.
      const head = /^(GET|PUT|POST|DELETE) \S+ HTTP\/1\.1\r\n[\s\S]*?\r\n\r\n/m.exec(chunk.toString('latin1'));
      if (head) {
        heads.push(head[0]);
        const verdict = judge(head[0]);
        if (verdict === 'drop') {
          client.destroy();
          server.destroy();
          return;
        }
        if (verdict === 'flip-request') flipRequest = flipFirstBodyByte(chunk, 0, head.index + head[0].length - 4);
        else if (verdict === 'flip-response') flipResponse = 'head';
        else if (verdict !== 'pass') cutAfter = verdict.cutAfter;
      } else if (flipRequest >= 0) flipRequest = flipFirstBodyByte(chunk, flipRequest, -1);
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
      if (flipResponse === 'head') {
        const end = chunk.indexOf('\r\n\r\n');
        if (end >= 0) flipResponse = flipFirstBodyByte(chunk, 0, end);
      } else if (typeof flipResponse === 'number' && flipResponse >= 0) {
        flipResponse = flipFirstBodyByte(chunk, flipResponse, -1);
      }
      if (chunk.length >= cutAfter) {
        client.write(chunk.subarray(0, cutAfter), () => {
          client.destroy();
          server.destroy();
        });
        cutAfter = 0;
        return;
      }
      cutAfter -= chunk.length;
      client.write(chunk);
    });
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
  });
  const server = proxy;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
after(() => proxy?.close());

async function proxied() {
  return ctx.client({ baseURL: `http://127.0.0.1:${await proxyPort()}` });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

test('a download cut off midway resumes with a Range request and arrives intact', async () => {
  const bytes = randomBytes(3 * 1024 * 1024);
  await ctx.client().storage.uploadString(bytes.toString('base64'), '/cut/file.txt');
  const expected = Buffer.from(bytes.toString('base64'));
  let cuts = 0;
  judge = (head) => (head.startsWith('GET /v1/storage/content') && cuts++ === 0 ? { cutAfter: 1024 * 1024 } : 'pass');
  heads.length = 0;
  const target = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'file.txt');
  await (await proxied()).storage.download('/cut/file.txt', target);
  judge = () => 'pass';
  assert.equal(sha256(readFileSync(target)), sha256(expected));
  const gets = heads.filter((h) => h.startsWith('GET /v1/storage/content'));
  assert.equal(gets.length, 2);
  assert.match(gets[1] as string, /\r\nrange: bytes=[1-9]\d*-\r\n/i);
});

test('a part whose connection drops is retried on its own over node:http', async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'parts.bin');
  const bytes = randomBytes(1024 * 1024);
  writeFileSync(source, bytes);
  const seen = new Map<string, number>();
  judge = (head) => {
    const part = /^PUT \S+\/parts\/(\d+) /.exec(head)?.[1];
    if (part === undefined) return 'pass';
    seen.set(part, (seen.get(part) ?? 0) + 1);
    return part === '3' && seen.get(part) === 1 ? 'drop' : 'pass';
  };
  const info = await (await proxied()).storage.upload(source, '/cut/parts.bin', { partSize: 256 * 1024 });
  judge = () => 'pass';
  assert.equal(info.sha256, sha256(bytes));
  assert.deepEqual([...seen.entries()].sort(), [
    ['1', 1],
    ['2', 1],
    ['3', 2],
    ['4', 1],
  ]);
});

test('a download whose bytes were damaged on the way fails its CRC32C check, naming the file, and leaves nothing', async () => {
  const bytes = randomBytes(2 * 1024 * 1024);
  const source = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'source.bin');
  writeFileSync(source, bytes);
  const info = await ctx.client().storage.upload(source, '/flip/file.bin');
  assert.ok(info.crc32c, 'the server reports the CRC32C');
  const dir = mkdtempSync(join(tmpdir(), 'vantage-ts-transport-'));
  const client = await proxied();
  judge = (head) => (head.startsWith('GET /v1/storage/content') ? 'flip-response' : 'pass');
  try {
    for (const verify of ['crc32c', 'sha256'] as const) {
      await assert.rejects(client.storage.download('/flip/file.bin', join(dir, 'file.bin'), { verify }), (error) => {
        assert.ok(error instanceof IntegrityError, String(error));
        assert.match(error.message, new RegExp(`^/flip/file\\.bin: ${verify} of the received bytes is \\S+, expected`));
        return true;
      });
      assert.deepEqual(readdirSync(dir), [], 'no partial file is left');
    }
  } finally {
    judge = () => 'pass';
  }
  await client.storage.download('/flip/file.bin', join(dir, 'file.bin'));
  assert.equal(sha256(readFileSync(join(dir, 'file.bin'))), sha256(bytes));
});

test('parts carry their CRC32C; a part damaged on the way is refused (422) and sent again', async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'parts.bin');
  const bytes = randomBytes(1024 * 1024);
  writeFileSync(source, bytes);
  const attempts = new Map<string, number>();
  judge = (head) => {
    const part = /^PUT \S+\/parts\/(\d+) /.exec(head)?.[1];
    if (part === undefined) return 'pass';
    attempts.set(part, (attempts.get(part) ?? 0) + 1);
    return part === '2' && attempts.get(part) === 1 ? 'flip-request' : 'pass';
  };
  heads.length = 0;
  try {
    const info = await (await proxied()).storage.upload(source, '/flip/parts.bin', { partSize: 256 * 1024 });
    assert.equal(info.sha256, sha256(bytes));
  } finally {
    judge = () => 'pass';
  }
  assert.equal(attempts.get('2'), 2);
  const parts = heads.filter((h) => /^PUT \S+\/parts\//.test(h));
  assert.equal(parts.length, 5);
  assert.ok(
    parts.every((h) => /\r\nx-content-crc32c: [A-Za-z0-9+/]{6}==\r\n/i.test(h)),
    'every part carries its CRC32C',
  );
  const completion = heads.find((h) => /^POST \S+\/complete /.test(h));
  assert.ok(completion, 'the session was completed');
});

test('a part damaged on every attempt fails as an IntegrityError naming the local file', async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'always.bin');
  writeFileSync(source, randomBytes(600 * 1024));
  judge = (head) => (/^PUT \S+\/parts\/1 /.test(head) ? 'flip-request' : 'pass');
  try {
    const upload = (await proxied()).storage.upload(source, '/flip/always.bin', { partSize: 256 * 1024 });
    await assert.rejects(upload, (error) => {
      assert.ok(error instanceof IntegrityError, String(error));
      assert.ok(
        error.message.startsWith(`${source}: the server refused the upload to /flip/always.bin`),
        error.message,
      );
      return true;
    });
  } finally {
    judge = () => 'pass';
  }
});

test("verify: 'sha256' uploads and downloads by sha256: no part CRC, the session completed by sha256", async () => {
  const source = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'sha.bin');
  const bytes = randomBytes(700 * 1024);
  writeFileSync(source, bytes);
  heads.length = 0;
  const client = await proxied();
  const info = await client.storage.upload(source, '/flip/sha.bin', { partSize: 256 * 1024, verify: 'sha256' });
  assert.equal(info.sha256, sha256(bytes));
  const parts = heads.filter((h) => /^PUT \S+\/parts\//.test(h));
  assert.equal(parts.length, 3);
  assert.ok(parts.every((h) => !/x-content-crc32c/i.test(h)));
  const target = join(mkdtempSync(join(tmpdir(), 'vantage-ts-transport-')), 'sha.bin');
  await client.storage.download('/flip/sha.bin', target, { verify: 'sha256' });
  assert.equal(sha256(readFileSync(target)), sha256(bytes));
  await assert.rejects(
    client.storage.download('/flip/sha.bin', target, { verify: 'md5' as never }),
    /verify: must be 'crc32c' or 'sha256', got "md5"/,
  );
});

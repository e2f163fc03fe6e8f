/**
 * Transfers over node:http (a client without its own fetch), through a TCP proxy in front of the
 * emulator that cuts connections on demand: a download resumes with a Range request, a part whose
 * connection drops is retried on its own, and both arrive intact.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();
process.env.VANTAGE_TRANSFER_STATE_DIR = mkdtempSync(join(tmpdir(), 'vantage-ts-journals-'));

/** What the proxy does with a request, from its head: pass it, drop the connection, or cut the answer. */
type Verdict = 'pass' | 'drop' | { cutAfter: number };

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
        if (verdict !== 'pass') cutAfter = verdict.cutAfter;
      }
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => {
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

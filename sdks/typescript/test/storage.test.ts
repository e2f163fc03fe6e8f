/** Storage: strings, streamed single and session uploads, verified downloads, folders, and the local-path rules. */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { APIConnectionError, IntegrityError, TransferError, ValidationError } from '@vantage/sdk';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();
process.env.VANTAGE_TRANSFER_STATE_DIR = mkdtempSync(join(tmpdir(), 'vantage-ts-journals-'));

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'vantage-ts-storage-'));
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

test('uploadString, list, metadata, downloadToString and delete round-trip', async () => {
  const client = ctx.client();
  const info = await client.storage.uploadString('héllo wörld', '/strings/a.txt');
  assert.equal(info.size, Buffer.byteLength('héllo wörld'));
  assert.equal(await client.storage.downloadToString('/strings/a.txt'), 'héllo wörld');
  const listed = await client.storage.list('/strings/', { includeMetadata: true });
  assert.deepEqual(
    listed.map((f) => [f.path, f.sha256]),
    [['/strings/a.txt', sha256(Buffer.from('héllo wörld'))]],
  );
  assert.equal((await client.storage.metadata('/strings/a.txt')).size, info.size);
  await client.storage.delete('/strings/a.txt');
  assert.deepEqual(await client.storage.list('/strings/'), []);
});

test('a large file goes up in parallel parts of a session and comes back identical, with progress', async () => {
  const dir = scratch();
  const source = join(dir, 'big.bin');
  const bytes = randomBytes(3 * 1024 * 1024 + 123);
  writeFileSync(source, bytes);
  const parts: string[] = [];
  const client = ctx.client({
    fetch: (request) => {
      if (request.url.includes('/parts/')) parts.push(request.url);
      return globalThis.fetch(request);
    },
  });
  const progress: number[] = [];
  const info = await client.storage.upload(source, '/big/big.bin', {
    partSize: 256 * 1024,
    onProgress: (done, total) => {
      assert.equal(total, bytes.length);
      progress.push(done);
    },
  });
  assert.equal(parts.length, 13);
  assert.equal(info.size, bytes.length);
  assert.equal(info.sha256, sha256(bytes));
  assert.equal(progress.at(-1), bytes.length);
  const target = join(dir, 'out', 'copy.bin');
  const downloaded: number[] = [];
  await client.storage.download('/big/big.bin', target, { onProgress: (done) => downloaded.push(done) });
  assert.ok(readFileSync(target).equals(bytes));
  assert.equal(downloaded.at(-1), bytes.length);
  assert.deepEqual(readdirSync(join(dir, 'out')), ['copy.bin'], 'no temporary file left behind');
});

test('an interrupted session upload, re-run with the same arguments, sends only the missing parts', async () => {
  const dir = scratch();
  const source = join(dir, 'resume.bin');
  const bytes = randomBytes(2 * 1024 * 1024);
  writeFileSync(source, bytes);
  const sentParts: number[] = [];
  let failPart: number | null = 5;
  const client = ctx.client({
    maxRetries: 0,
    fetch: (request) => {
      const part = /\/parts\/(\d+)$/.exec(new URL(request.url).pathname);
      if (part) {
        const n = Number(part[1]);
        if (n === failPart) return Promise.reject(new TypeError('fetch failed: connection reset'));
        sentParts.push(n);
      }
      return globalThis.fetch(request);
    },
  });
  const options = { partSize: 128 * 1024, concurrency: 2 };
  await assert.rejects(client.storage.upload(source, '/resume/r.bin', options), APIConnectionError);
  const before = new Set(sentParts);
  assert.ok(before.size < 16);
  sentParts.length = 0;
  failPart = null;
  const info = await client.storage.upload(source, '/resume/r.bin', options);
  assert.equal(info.sha256, sha256(bytes));
  for (const n of sentParts) assert.ok(!before.has(n), `part ${n} was sent again`);
  assert.equal(before.size + sentParts.length, 16);
});

test('each part is retried on its own after a dropped connection', async () => {
  const dir = scratch();
  const source = join(dir, 'retry.bin');
  const bytes = randomBytes(1024 * 1024);
  writeFileSync(source, bytes);
  const attempts = new Map<number, number>();
  const client = ctx.client({
    fetch: (request) => {
      const part = /\/parts\/(\d+)$/.exec(new URL(request.url).pathname);
      if (part) {
        const n = Number(part[1]);
        attempts.set(n, (attempts.get(n) ?? 0) + 1);
        if (n % 2 === 0 && attempts.get(n) === 1)
          return Promise.reject(new TypeError('fetch failed: other side closed'));
      }
      return globalThis.fetch(request);
    },
  });
  const info = await client.storage.upload(source, '/retry/r.bin', { partSize: 128 * 1024 });
  assert.equal(info.sha256, sha256(bytes));
  assert.deepEqual(
    [...attempts.entries()].sort((a, b) => a[0] - b[0]).map(([n, a]) => [n, a]),
    [
      [1, 1],
      [2, 2],
      [3, 1],
      [4, 2],
      [5, 1],
      [6, 2],
      [7, 1],
      [8, 2],
    ],
  );
});

test('a download whose bytes do not match the checksum fails and leaves nothing at the destination', async () => {
  const client = ctx.client();
  await client.storage.uploadString('the real content', '/verify/file.txt');
  const corrupting = ctx.client({
    fetch: async (request) => {
      const response = await globalThis.fetch(request);
      if (!request.url.includes('/v1/storage/content')) return response;
      const body = new Uint8Array(await response.arrayBuffer());
      body[0] = (body[0] ?? 0) ^ 0xff; // a flipped bit on the way (no real server sends this on demand)
      return new Response(body, { status: response.status, headers: response.headers });
    },
  });
  const dir = scratch();
  const target = join(dir, 'file.txt');
  await assert.rejects(corrupting.storage.download('/verify/file.txt', target), IntegrityError);
  assert.deepEqual(readdirSync(dir), []);
  writeFileSync(target, 'previous');
  await assert.rejects(corrupting.storage.download('/verify/file.txt', target), IntegrityError);
  assert.equal(readFileSync(target, 'utf-8'), 'previous', 'the old file is untouched');
  await assert.rejects(corrupting.storage.downloadToString('/verify/file.txt'), IntegrityError);
});

test('a download never writes through a symlink or into a FIFO', async () => {
  const client = ctx.client();
  await client.storage.uploadString('payload', '/links/file.txt');
  const dir = scratch();
  const victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'keep me');
  symlinkSync(victim, join(dir, 'link.txt'));
  await assert.rejects(client.storage.download('/links/file.txt', join(dir, 'link.txt')), TransferError);
  assert.equal(readFileSync(victim, 'utf-8'), 'keep me');
  // A folder on the way that is a symlink (here to `real`) is refused too.
  mkdirSync(join(dir, 'real'));
  mkdirSync(join(dir, 'dst'));
  symlinkSync(join(dir, 'real'), join(dir, 'dst', 'sub'));
  await client.storage.uploadString('x', '/links/sub/inner.txt');
  await assert.rejects(client.storage.downloadDirectory('/links/', join(dir, 'dst')), TransferError);
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  await assert.rejects(client.storage.download('/links/file.txt', join(dir, 'fifo')), TransferError);
  assert.deepEqual(readdirSync(join(dir, 'real')), []);
});

test('uploadDirectory and downloadDirectory keep relative paths', async () => {
  const client = ctx.client();
  const dir = scratch();
  mkdirSync(join(dir, 'src', 'a', 'b'), { recursive: true });
  writeFileSync(join(dir, 'src', 'top.txt'), 'top');
  writeFileSync(join(dir, 'src', 'a', 'mid.txt'), 'mid');
  writeFileSync(join(dir, 'src', 'a', 'b', 'deep.txt'), 'deep');
  const totals: number[] = [];
  const uploaded = await client.storage.uploadDirectory(join(dir, 'src'), '/tree', {
    onProgress: (done, total) => totals.push(total - done),
  });
  assert.deepEqual(uploaded.map((f) => f.path).sort(), ['/tree/a/b/deep.txt', '/tree/a/mid.txt', '/tree/top.txt']);
  assert.equal(totals.at(-1), 0, 'all 10 bytes reported');
  const written = await client.storage.downloadDirectory('/tree/', join(dir, 'dst'));
  assert.equal(written.length, 3);
  assert.equal(readFileSync(join(dir, 'dst', 'a', 'b', 'deep.txt'), 'utf-8'), 'deep');
  assert.equal(readFileSync(join(dir, 'dst', 'top.txt'), 'utf-8'), 'top');
});

test('uploadDirectory refuses symlinks in the tree before any request', async () => {
  const dir = scratch();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'ok.txt'), 'ok');
  symlinkSync('/etc/passwd', join(dir, 'src', 'passwd'));
  let requests = 0;
  const client = ctx.client({
    fetch: (request) => {
      requests += 1;
      return globalThis.fetch(request);
    },
  });
  await assert.rejects(client.storage.uploadDirectory(join(dir, 'src'), '/refused/'), ValidationError);
  assert.equal(requests, 0);
});

test('downloadDirectory refuses remote names that would escape the target folder, writing nothing', async () => {
  const client = ctx.client();
  await client.storage.uploadString('fine', '/escape/fine.txt');
  await client.storage.uploadString('evil', '/escape/evil.txt');
  // A hostile or broken server listing a name with `..` (the emulator refuses to store one).
  const lying = ctx.client({
    fetch: async (request) => {
      const response = await globalThis.fetch(request);
      if (!request.url.includes('/v1/storage/files')) return response;
      const text = (await response.text()).replace('/escape/evil.txt', '/escape/../../../evil.txt');
      return new Response(text, { status: response.status, headers: response.headers });
    },
  });
  const dir = scratch();
  const target = join(dir, 'deep', 'down', 'out');
  await assert.rejects(lying.storage.downloadDirectory('/escape/', target), TransferError);
  assert.equal(existsSync(join(dir, 'evil.txt')), false);
  assert.equal(existsSync(join(target, 'fine.txt')), false, 'nothing written once a name is refused');
});

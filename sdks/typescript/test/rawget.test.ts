/**
 * The raw-socket GET behind plain-HTTP downloads, against servers that answer byte by byte, chunked,
 * or cut off: what a real server can do but the emulator does not do on demand.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { VantageClient } from '@vantage/sdk';
import { crc32cSoftware, encodeCrc32c } from '../src/node/crc32c.js';
import { rawGet, UnsupportedFraming } from '../src/node/rawget.js';

/** A TCP server whose every connection is answered by `answer`; its URL. */
async function serve(answer: (socket: Socket, request: string) => void): Promise<{ url: URL; server: Server }> {
  const server = createServer((socket) => {
    let request = '';
    socket.on('data', (chunk: Buffer) => {
      request += chunk.toString('latin1');
      if (request.includes('\r\n\r\n')) answer(socket, request);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/storage/content?path=%2Fa`),
    server,
  };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a head and body that arrive in pieces are read whole, and the request carries the headers', async () => {
  const body = randomBytes(3 * 1024 * 1024 + 5);
  let seen = '';
  const { url, server } = await serve(async (socket, request) => {
    seen = request;
    const head = `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\nX-Thing: a\r\nx-thing: b\r\n\r\n`;
    for (const piece of [head.slice(0, 5), head.slice(5, 30), head.slice(30)]) {
      socket.write(piece, 'latin1');
      await pause(5);
    }
    socket.write(body.subarray(0, 100));
    await pause(5);
    socket.end(body.subarray(100));
  });
  try {
    const response = await rawGet(url, { Authorization: 'Bearer k', Range: 'bytes=0-' }, new AbortController().signal);
    assert.equal(response.statusCode, 200);
    assert.equal(response.header('X-THING'), 'a, b');
    const chunks: Buffer[] = [];
    await response.consume((chunk) => chunks.push(Buffer.from(chunk)));
    assert.ok(Buffer.concat(chunks).equals(body));
    assert.match(seen, /^GET \/v1\/storage\/content\?path=%2Fa HTTP\/1\.1\r\n/);
    assert.match(seen, /\r\nAuthorization: Bearer k\r\n/);
    assert.match(seen, /\r\nConnection: close\r\n/);
  } finally {
    server.close();
  }
});

test('a body cut off before its Content-Length fails; a header with a line break is refused unsent', async () => {
  const { url, server } = await serve((socket) => {
    socket.end('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this');
  });
  try {
    const response = await rawGet(url, {}, new AbortController().signal);
    await assert.rejects(
      response.consume(() => undefined),
      /closed before the response ended/,
    );
    await assert.rejects(rawGet(url, { 'X-A': 'b\r\nX-Injected: 1' }, new AbortController().signal), TypeError);
  } finally {
    server.close();
  }
});

test('a chunked answer is refused by the raw GET and the download goes through node:http instead', async () => {
  const content = randomBytes(200_000);
  const headers = {
    'Content-Type': 'application/octet-stream',
    'X-Request-ID': 'req-raw',
    'X-Content-CRC32C': encodeCrc32c(crc32cSoftware(0, content)),
  };
  let requests = 0;
  const server = createHttpServer((_request, response) => {
    requests += 1;
    response.writeHead(200, headers); // no Content-Length: node:http sends it chunked
    response.write(content.subarray(0, 1000));
    response.end(content.subarray(1000));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const raw = rawGet(new URL(`${baseURL}/v1/storage/content?path=%2Fa`), {}, new AbortController().signal);
    await assert.rejects(raw, UnsupportedFraming);
    const client = new VantageClient({ apiKey: 'k', baseURL, organization: 'o', maxRetries: 0 });
    const target = join(mkdtempSync(join(tmpdir(), 'vantage-ts-rawget-')), 'a.bin');
    await client.storage.download('/a', target);
    assert.ok(readFileSync(target).equals(content));
    assert.equal(requests, 3, 'the refused raw GET, then the same GET over node:http');
  } finally {
    server.close();
  }
});

/**
 * JSON calls over node:http when the server misbehaves in ways the emulator cannot on demand: a
 * body that stops half-way (the timeout bounds reading it; a caller's abort cancels it and closes
 * the connection), a refused connection, a redirect (not followed), a gzip-encoded answer.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { APIConnectionError, APITimeoutError, APIUserAbortError, VantageAPIError, VantageClient } from '@vantage/sdk';
import { WIRE_JOB } from './helpers/wire.js';

let server: Server;
/** How the server answers the next requests; set by each test. */
let answer: (request: IncomingMessage, response: ServerResponse) => void = () => undefined;
const requests: string[] = [];

before(async () => {
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url} accept-encoding=${request.headers['accept-encoding']}`);
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
after(() => {
  server.closeAllConnections();
  server.close();
});

function client(options: ConstructorParameters<typeof VantageClient>[0] = {}): VantageClient {
  const { port } = server.address() as AddressInfo;
  return new VantageClient({ apiKey: 'secret-key', baseURL: `http://127.0.0.1:${port}`, ...options });
}

/** Answer with the head and the first bytes of a JSON body, then nothing; resolves `closed` when the client hangs up. */
function stallMidBody(): { started: Promise<void>; closed: Promise<void> } {
  let onStarted: () => void = () => undefined;
  let onClosed: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    onStarted = resolve;
  });
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });
  answer = (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
    response.write('{"id": "job-1", ', () => onStarted());
    response.once('close', () => onClosed());
  };
  return { started, closed };
}

test('the timeout bounds reading the body, on every attempt', { timeout: 30_000 }, async () => {
  const { closed } = stallMidBody();
  requests.length = 0;
  await assert.rejects(client({ timeout: 300, maxRetries: 1 }).jobs.get('job-1'), (error: unknown) => {
    assert.ok(error instanceof APITimeoutError, String(error));
    assert.equal(error.attempts, 2);
    return true;
  });
  await closed;
  assert.equal(requests.length, 2);
});

test("a caller's abort mid-body cancels the call, closes the connection, and is not retried", {
  timeout: 30_000,
}, async () => {
  const { started, closed } = stallMidBody();
  requests.length = 0;
  const controller = new AbortController();
  const call = client({ maxRetries: 3 }).jobs.get('job-1', { signal: controller.signal });
  await started;
  controller.abort();
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof APIUserAbortError, String(error));
    assert.equal(error.attempts, 1);
    return true;
  });
  await closed;
  assert.equal(requests.length, 1);
});

test('a refused connection is an APIConnectionError naming the cause, without the key', async () => {
  const refused = createServer();
  await new Promise<void>((resolve) => refused.listen(0, '127.0.0.1', resolve));
  const { port } = refused.address() as AddressInfo;
  await new Promise((resolve) => refused.close(resolve));
  const c = new VantageClient({ apiKey: 'secret-key', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
  await assert.rejects(c.jobs.get('job-1'), (error: unknown) => {
    assert.ok(error instanceof APIConnectionError && !(error instanceof APITimeoutError), String(error));
    assert.match(error.message, /fetch failed: ECONNREFUSED/);
    assert.doesNotMatch(error.message, /secret-key/);
    return true;
  });
});

test('a redirect is not followed: it is a typed error with its status', async () => {
  requests.length = 0;
  answer = (_request, response) => {
    response.writeHead(302, { Location: '/elsewhere', 'X-Request-ID': 'req-302' });
    response.end();
  };
  await assert.rejects(client({ maxRetries: 0 }).jobs.get('job-1'), (error: unknown) => {
    assert.ok(error instanceof VantageAPIError, String(error));
    assert.equal(error.statusCode, 302);
    assert.equal(error.requestId, 'req-302');
    return true;
  });
  assert.deepEqual(
    requests.map((r) => r.split(' ')[1]),
    ['/v1/jobs/job-1'],
  );
});

test('a gzip-encoded answer is decoded, as fetch would', async () => {
  requests.length = 0;
  answer = (_request, response) => {
    const body = gzipSync(JSON.stringify(WIRE_JOB));
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Encoding': 'gzip',
      'Content-Length': String(body.length),
    });
    response.end(body);
  };
  const job = await client().jobs.get('job-1');
  assert.equal(job.createdAt, '2024-01-01T00:00:00Z');
  assert.match(requests[0] ?? '', /accept-encoding=gzip, deflate$/);
});

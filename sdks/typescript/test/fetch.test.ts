/**
 * In Node the API's JSON calls go over node:http (seen on its diagnostics channel, and by the
 * contract check), with the headers fetch would have sent; a client given `fetch` sends through it.
 */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { test } from 'node:test';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();

/** The node:http requests `body` makes, as `METHOD path` with their headers. */
async function nodeHttpRequests(
  body: () => Promise<unknown>,
): Promise<{ line: string; header: (name: string) => unknown }[]> {
  const seen: { line: string; header: (name: string) => unknown }[] = [];
  const onStart = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    seen.push({ line: `${request.method} ${request.path}`, header: (name) => request.getHeader(name) });
  };
  subscribe('http.client.request.start', onStart);
  try {
    await body();
  } finally {
    unsubscribe('http.client.request.start', onStart);
  }
  return seen;
}

test('JSON calls go over node:http by default, with the SDK headers, and the contract check sees them', async () => {
  const client = ctx.client();
  const checkedBefore = ctx.contract.checked;
  let jobId = '';
  const requests = await nodeHttpRequests(async () => {
    jobId = (await client.jobs.submit({ name: 'over-http', spec: { command: ['true'] } })).id;
    assert.equal((await client.jobs.get(jobId)).id, jobId);
  });
  assert.deepEqual(
    requests.map((r) => r.line),
    ['POST /v1/jobs', `GET /v1/jobs/${jobId}`],
  );
  const [submit, get] = requests as [(typeof requests)[0], (typeof requests)[0]];
  assert.equal(submit.header('authorization'), `Bearer ${ctx.emulator.apiKey}`);
  assert.equal(submit.header('content-type'), 'application/json');
  assert.match(String(submit.header('idempotency-key')), /^[0-9a-f-]{36}$/);
  assert.match(String(get.header('x-vantage-client')), /^vantage-sdk-typescript\//);
  assert.equal(get.header('user-agent'), 'node', 'the User-Agent fetch sends');
  assert.equal(get.header('idempotency-key'), undefined, 'only POSTs carry an Idempotency-Key');
  assert.equal(ctx.contract.checked - checkedBefore, 2, 'both responses were checked against the spec');
});

test('a client given fetch sends every JSON call through it, and none over node:http', async () => {
  const sent: string[] = [];
  const client = ctx.client({
    fetch: (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return globalThis.fetch(request);
    },
  });
  let jobId = '';
  const requests = await nodeHttpRequests(async () => {
    jobId = (await client.jobs.submit({ name: 'over-fetch', spec: { command: ['true'] } })).id;
    await client.jobs.get(jobId);
  });
  assert.deepEqual(sent, ['POST /v1/jobs', `GET /v1/jobs/${jobId}`]);
  assert.deepEqual(requests, []);
});

test('a log stream over node:http streams its lines', async () => {
  const client = ctx.client();
  const job = await client.jobs.submit({ name: 'lines', spec: { command: ['sh', '-c', 'echo one; echo two'] } });
  const lines: string[] = [];
  const requests = await nodeHttpRequests(async () => {
    for await (const line of client.jobs.logsStream(job.id)) lines.push(line);
  });
  assert.deepEqual(lines, ['one', 'two']);
  assert.ok(requests.some((r) => r.line.startsWith(`GET /v1/jobs/${job.id}/logs/stream`)));
});

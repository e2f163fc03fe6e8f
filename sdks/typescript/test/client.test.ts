/** Retries, Idempotency-Key, AbortSignal, timeouts, pagination and forward compatibility against the emulator. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APITimeoutError, APIUserAbortError, RateLimitError, ServerError, type VantageClient } from '@vantage/sdk';
import { Emulator } from './helpers/emulator.js';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();

async function withEmulator<T>(
  args: string[],
  body: (emu: Emulator, client: (o?: object) => VantageClient) => Promise<T>,
): Promise<T> {
  const emu = await Emulator.start(args);
  const { VantageClient } = await import('@vantage/sdk');
  try {
    return await body(
      emu,
      (options = {}) => new VantageClient({ apiKey: emu.apiKey, baseURL: emu.baseURL, ...options }),
    );
  } finally {
    await emu.stop();
  }
}

test('camelCase models: createdAt, spec.resources, env keys kept as written', async () => {
  const client = ctx.client();
  const job = await client.jobs.submit(
    { name: 'fields', spec: { command: ['true'], env: { MY_VAR: 'x' }, resources: { cpu: 2, memory: '1Gi' } } },
    { env: { OTHER_VAR: 'y' }, priority: 3 },
  );
  assert.match(job.createdAt, /^20\d\d-/);
  assert.deepEqual(job.spec.env, { MY_VAR: 'x' });
  assert.deepEqual(job.spec.resources, { cpu: '2', memory: '1Gi' });
  assert.equal(job.priority, 3);
  assert.equal(job.statusReason, null);
  const cluster = await client.clusters.get('my-cluster', { include: ['metrics', 'nodes'] });
  assert.equal(typeof cluster.nodeCount, 'number');
  assert.equal(typeof cluster.totalResources.cpuCores, 'number');
  assert.equal(typeof cluster.metrics?.runningJobs, 'number');
});

test('listAll and listPaginated walk every page with page tokens', async () => {
  const client = ctx.client();
  const ids = new Set<string>();
  for (let i = 0; i < 7; i++)
    ids.add((await client.jobs.submit({ name: `page-${i}`, spec: { command: ['true'] } })).id);
  const seen: string[] = [];
  let pages = 0;
  for await (const page of client.jobs.listPaginated({ pageSize: 3 })) {
    pages += 1;
    assert.ok(page.items.length <= 3);
    seen.push(...page.items.map((j) => j.id));
  }
  assert.ok(pages >= 3);
  assert.equal(new Set(seen).size, seen.length, 'no job twice');
  for (const id of ids) assert.ok(seen.includes(id));
  const all: string[] = [];
  for await (const job of client.jobs.listAll({ pageSize: 2 })) all.push(job.id);
  assert.deepEqual(all, seen);
  const first = await client.jobs.list({ limit: 2 });
  assert.equal(first.hasNext, true);
  const second = await client.jobs.list({ limit: 2, pageToken: first.nextPageToken });
  assert.deepEqual(
    second.items.map((j) => j.id),
    seen.slice(2, 4),
  );
  // The last page's token is undefined (the API sends null), as the seed's manual loop types it.
  const last = await client.jobs.list({ limit: 1000 });
  assert.equal(last.hasNext, false);
  assert.ok('nextPageToken' in last);
  assert.equal(last.nextPageToken, undefined);
});

test('an unknown enum value and unknown fields never make a read fail', async () => {
  const client = ctx.client({
    // What a newer server could send: a status this SDK does not know and a field it has never seen.
    fetch: async (request) => {
      const response = await globalThis.fetch(request);
      if (!new URL(request.url).pathname.startsWith('/v1/jobs/')) return response;
      const body = (await response.json()) as Record<string, unknown>;
      const changed = {
        ...body,
        status: 'hibernating',
        gpu_hours: 1.5,
        spec: { ...(body.spec as object), sandbox: { level: 2 } },
      };
      return new Response(JSON.stringify(changed), { status: response.status, headers: response.headers });
    },
  });
  const submitted = await ctx.client().jobs.submit({ name: 'future', spec: { command: ['true'] } });
  const job = await client.jobs.get(submitted.id);
  assert.equal(job.status, 'hibernating');
  assert.equal((job as unknown as Record<string, unknown>).gpu_hours, 1.5);
  assert.deepEqual((job.spec as unknown as Record<string, unknown>).sandbox, { level: 2 });
});

test('503s are retried with backoff and every call ends well', async () => {
  await withEmulator(
    ['--fault-503-rate', '0.4', '--fault-seed', '3', '--fault-retry-after', '0'],
    async (_emu, client) => {
      const c = client({ maxRetries: 6 });
      for (let i = 0; i < 15; i++) await c.clusters.list();
      const bare = client({ maxRetries: 0 });
      let error: unknown;
      for (let i = 0; i < 20 && error === undefined; i++) {
        await bare.clusters.list().catch((e: unknown) => {
          error = e;
        });
      }
      assert.ok(error instanceof ServerError, String(error));
      assert.equal(error.statusCode, 503);
      assert.equal(error.retryAfter, 0);
      assert.equal(error.attempts, 1);
    },
  );
});

test('a submit whose response is lost is retried with the same Idempotency-Key and creates one job', async () => {
  await withEmulator(['--fault-drop-after-rate', '0.5', '--fault-seed', '11'], async (_emu, client) => {
    const keys: string[][] = [];
    const c = client({
      maxRetries: 8,
      fetch: (request: Request) => {
        if (request.method === 'POST') keys.at(-1)?.push(request.headers.get('Idempotency-Key') ?? '');
        return globalThis.fetch(request);
      },
    });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      keys.push([]);
      ids.push((await c.jobs.submit({ name: `once-${i}`, spec: { command: ['true'] } })).id);
    }
    assert.ok(
      keys.some((k) => k.length > 1),
      'some submit was retried',
    );
    for (const attempts of keys) assert.equal(new Set(attempts).size, 1, 'one key per call, reused on retries');
    assert.equal(new Set(keys.map((k) => k[0])).size, keys.length, 'a fresh key per call');
    const listed = await client({ maxRetries: 8 }).jobs.list({ limit: 100 });
    assert.equal(listed.items.length, 6, 'no duplicate jobs');
  });
});

test('429 waits Retry-After; with no retries left it is a RateLimitError with retryAfter', async () => {
  await withEmulator(['--rate-limit', '2', '--rate-limit-burst', '2'], async (_emu, client) => {
    const c = client({ maxRetries: 5 });
    for (let i = 0; i < 5; i++) await c.clusters.list();
    const bare = client({ maxRetries: 0 });
    let error: unknown;
    for (let i = 0; i < 5 && error === undefined; i++)
      await bare.clusters.list().catch((e: unknown) => {
        error = e;
      });
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.statusCode, 429);
    assert.ok(typeof error.retryAfter === 'number' && error.retryAfter >= 1);
  });
});

test('a per-call timeout and an AbortSignal end a slow call with typed errors', async () => {
  await withEmulator(['--fault-delay-rate', '1', '--fault-delay-ms', '3000'], async (_emu, client) => {
    const c = client({ maxRetries: 0 });
    await assert.rejects(c.clusters.list({ timeout: 200 }), APITimeoutError);
    const slowClient = client({ maxRetries: 1, timeout: 200 });
    await assert.rejects(
      slowClient.jobs.list(),
      (error: unknown) => error instanceof APITimeoutError && error.attempts === 2,
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(client({ maxRetries: 5 }).clusters.list({ signal: controller.signal }), (error: unknown) => {
      assert.ok(error instanceof APIUserAbortError);
      assert.equal(error.attempts, 1, 'an abort is never retried');
      return true;
    });
  });
});

test('logsStream yields every line exactly once across dropped connections', async () => {
  const lines = 60;
  const submitted = await ctx.client().jobs.submit({
    name: 'chatty',
    spec: { command: ['sh', '-c', `i=0; while [ $i -lt ${lines} ]; do echo line-$i; i=$((i+1)); sleep 0.01; done`] },
  });
  let connections = 0;
  // The network breaking mid-stream (a real server cannot do it on demand): each connection is cut after ~300 bytes.
  const client = ctx.client({
    fetch: async (request) => {
      const response = await globalThis.fetch(request);
      if (!request.url.includes('/logs/stream') || !response.body) return response;
      connections += 1;
      const reader = response.body.getReader();
      let sent = 0;
      const cut = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          sent += value.length;
          controller.enqueue(value);
          if (sent > 300) {
            await reader.cancel();
            controller.error(new TypeError('terminated: other side closed'));
          }
        },
      });
      return new Response(cut, { status: response.status, headers: response.headers });
    },
  });
  const got: string[] = [];
  for await (const line of client.jobs.logsStream(submitted.id, { maxRetries: 100 })) got.push(line);
  assert.deepEqual(
    got,
    Array.from({ length: lines }, (_, i) => `line-${i}`),
  );
  assert.ok(connections > 2, `the stream reconnected (${connections} connections)`);
});

test('breaking out of logsStream closes the stream', async () => {
  const client = ctx.client();
  const job = await client.jobs.submit({ name: 'long', spec: { command: ['sh', '-c', 'echo first; sleep 30'] } });
  for await (const line of client.jobs.logsStream(job.id)) {
    assert.equal(line, 'first');
    break;
  }
  const cancelled = await client.jobs.cancel(job.id, { reason: 'done reading' });
  assert.equal(cancelled.statusReason, 'done reading');
});

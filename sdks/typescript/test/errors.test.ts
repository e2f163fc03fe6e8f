/** Typed errors from real emulator answers, and bad input refused before any request. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AuthenticationError,
  AuthorizationError,
  ConflictError,
  ResourceNotFoundError,
  ValidationError,
  VantageAPIError,
  VantageClient,
} from '@vantage/sdk';
import { useEmulator } from './helpers/setup.js';

const ctx = useEmulator();

/** A client that counts the requests it sends. */
function counted(): { client: VantageClient; requests: Request[] } {
  const requests: Request[] = [];
  const client = ctx.client({
    fetch: (request) => {
      requests.push(request);
      return globalThis.fetch(request);
    },
  });
  return { client, requests };
}

test('404 is a ResourceNotFoundError with status, message and request id', async () => {
  await assert.rejects(ctx.client().jobs.get('job-000000000000'), (error: unknown) => {
    assert.ok(error instanceof ResourceNotFoundError && error instanceof VantageAPIError);
    assert.equal(error.statusCode, 404);
    assert.match(error.message, /job-000000000000/);
    assert.match(error.requestId ?? '', /^req-/);
    assert.equal(error.code, 'not_found');
    assert.equal(error.name, 'ResourceNotFoundError');
    return true;
  });
});

test('a wrong key is an AuthenticationError whose message and string never show the key', async () => {
  const secret = 'sk-very-secret-key-123';
  const client = ctx.client({ apiKey: secret });
  await assert.rejects(client.clusters.list(), (error: unknown) => {
    assert.ok(error instanceof AuthenticationError);
    assert.equal(error.statusCode, 401);
    assert.ok(!String(error).includes(secret) && !JSON.stringify(error).includes(secret));
    return true;
  });
  assert.ok(!String(client).includes(secret));
  assert.ok(!JSON.stringify(client).includes(secret));
  const { inspect } = await import('node:util');
  assert.ok(!inspect(client, { depth: 5, showHidden: true }).includes(secret));
});

test('an organization the key does not belong to is an AuthorizationError', async () => {
  await assert.rejects(ctx.client({ organization: 'other-org' }).jobs.list(), AuthorizationError);
});

test('a template the server refuses is a ValidationError with field details', async () => {
  const client = ctx.client();
  await assert.rejects(client.jobs.submit({ name: 'bad name!', spec: { command: ['true'] } }), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.ok(error.statusCode === 400 || error.statusCode === 422);
    assert.ok(
      error.details.length > 0 && error.details.some((d) => d.field.includes('name')),
      JSON.stringify(error.details),
    );
    return true;
  });
  await assert.rejects(
    client.jobs.submit({ name: 'ok', spec: { command: ['true'] } }, { cluster: 'no-such-cluster' }),
    ValidationError,
  );
});

test('scaling the local cluster is a ConflictError, a VantageAPIError by instanceof', async () => {
  await assert.rejects(ctx.client().clusters.scale('local', { nodes: 2 }), (error: unknown) => {
    assert.ok(error instanceof ConflictError && error instanceof VantageAPIError);
    assert.equal(error.statusCode, 409);
    return true;
  });
});

test('bad input gets a clear ValidationError naming the problem, before any request', async () => {
  const { client, requests } = counted();
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => client.jobs.get(''), /jobId: must not be empty/],
    [() => client.jobs.get(42 as unknown as string), /jobId: must be a string, got number 42/],
    [() => client.jobs.list({ status: 'sleeping' as never }), /status: must be one of pending, running/],
    [() => client.jobs.list({ limit: 0 }), /limit: must be between 1 and 1000/],
    [() => client.jobs.logs('job-1', { since: 'yesterday' }), /since: must be an RFC 3339 date-time/],
    [() => client.jobs.submit({ name: 'x', spec: { command: [] } }), /spec.command: must not be empty/],
    [() => client.jobs.submit({ name: 'x' } as never), /spec: is required/],
    [
      () => client.jobs.submit({ name: 'x', spec: { command: ['a'], colour: 'red' } }),
      /spec.colour: is not a known field/,
    ],
    [
      () => client.jobs.submitFromFile('no-such-file.yaml'),
      /no-such-file.yaml: cannot read the job template \(no such file\)/,
    ],
    [() => client.jobs.cancelBatch([]), /jobIds: must be a non-empty array/],
    [() => client.clusters.scale('my-cluster', { nodes: 3, minNodes: 1 }), /nodes: cannot be combined/],
    [() => client.clusters.scale('my-cluster', { minNodes: 5, maxNodes: 2 }), /minNodes: must not exceed maxNodes/],
    [
      () => client.clusters.scale('my-cluster', { minNodes: 1, maxNodes: 2, targetUtilization: 1.5 }),
      /targetUtilization/,
    ],
    [() => client.storage.list('datasets/'), /must be an absolute storage path/],
    [() => client.storage.list('/a/../b/'), /must not contain '\.' or '\.\.' segments/],
    [() => client.storage.upload('no-such-local-file.bin', '/x/y'), /no-such-local-file.bin does not exist/],
    [() => client.storage.uploadString(5 as never, '/x/y'), /content: must be a string or a Uint8Array/],
  ];
  for (const [promise, message] of cases) {
    await assert.rejects(promise(), (error: unknown) => {
      assert.ok(error instanceof ValidationError, String(error));
      assert.equal(error.statusCode, null);
      assert.match(error.message, message);
      return true;
    });
  }
  assert.throws(() => new VantageClient({ apiKey: '' }), /apiKey: is required/);
  assert.throws(() => new VantageClient({ apiKey: 'k', baseURL: 'ftp://x' }), /baseURL: must be an http\(s\) URL/);
  assert.throws(() => new VantageClient({ apiKey: 'k', timeout: -1 }), /timeout: must be between 0/);
  assert.equal(requests.length, 0);
});

test('a YAML template with a syntax error names the file and line, before any request', async (t) => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'vantage-ts-template-'));
  const bad = join(dir, 'bad.yaml');
  writeFileSync(bad, 'name: x\nspec:\n  command: [echo\n');
  const { client, requests } = counted();
  await assert.rejects(client.jobs.submitFromFile(bad), (error: unknown) => {
    assert.ok(error instanceof ValidationError);
    assert.match(error.message, /bad\.yaml: invalid YAML at line \d+/);
    return true;
  });
  const json = join(dir, 'job.json');
  writeFileSync(json, JSON.stringify({ name: 'from-json', spec: { command: ['echo', 'json'], working_dir: '.' } }));
  const job = await client.jobs.submitFromFile(json, { labels: { team: 'a' } });
  assert.equal(job.name, 'from-json');
  assert.equal(job.spec.workingDir, '.');
  assert.deepEqual(job.labels, { team: 'a' });
  assert.equal(requests.length, 1);
  t.diagnostic(`submitted ${job.id}`);
});

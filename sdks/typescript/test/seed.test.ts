/**
 * Every JS/TS block of the seed API reference, run as written against the emulator. Only the key,
 * the URL, the organization and the example job ids are filled in; paragraphs run in order, sharing
 * the names they declare (`client`, `jobTemplate`), in a scratch folder holding the files they read.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { format } from 'node:util';
import { REPO_ROOT } from './helpers/emulator.js';
import { paragraphs, runParagraph, seedReference, typescriptBlocks } from './helpers/seed.js';
import { useEmulator, waitForJob } from './helpers/setup.js';

const ctx = useEmulator();
const require = createRequire(import.meta.url);

test('the seed blocks are found and split into paragraphs', () => {
  const text = '## A\n```typescript\n// one\nconst x = 1;\n\n// two\nconst x = 2;\n```\n### B\n```python\ny\n```\n';
  const blocks = typescriptBlocks(text);
  assert.deepEqual(blocks, [{ section: 'A', code: '// one\nconst x = 1;\n\n// two\nconst x = 2;\n' }]);
  assert.deepEqual(paragraphs(blocks[0]?.code ?? ''), ['// one\nconst x = 1;\n', '// two\nconst x = 2;\n']);
});

test('every JS/TS block of the seed reference runs as written', async (t) => {
  const reference = seedReference();
  if (reference === null) {
    if (process.env.CI) assert.fail('seed reference not found (set VANTAGE_SEED_REFERENCE)');
    t.skip('seed reference not found');
    return;
  }
  const blocks = typescriptBlocks(readFileSync(reference, 'utf-8'));
  assert.equal(blocks.length, 14, blocks.map((b) => b.section).join(', '));

  const emu = ctx.emulator;
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const scratch = mkdtempSync(join(tmpdir(), 'vantage-ts-seed-'));
  process.chdir(scratch);
  for (const name of ['VANTAGE_API_KEY', 'VANTAGE_ORGANIZATION']) delete process.env[name];
  // Blocks that give no baseURL reach the emulator through the environment, as a user's would.
  process.env.VANTAGE_BASE_URL = emu.baseURL;
  writeFileSync('job-template.yaml', 'name: from-file\nspec:\n  image: ubuntu:22.04\n  command: [echo, from-file]\n');
  writeFileSync('local-file.txt', 'local file\n');
  mkdirSync('local-dir/sub', { recursive: true });
  writeFileSync('local-dir/a.txt', 'a\n');
  writeFileSync('local-dir/sub/b.txt', 'b\n');
  writeFileSync('large-file.tar.gz', randomBytes(3 * 1024 * 1024 + 17));

  const setup = ctx.client();
  await setup.storage.uploadString('small file', '/datasets/small-file.txt');
  const finished = await setup.jobs.submit({
    name: 'seed-done',
    spec: { command: ['echo', 'hello'], resources: { cpu: '1', memory: '1Gi' } },
  });
  await waitForJob(setup, finished.id);
  const sleepers = [];
  for (let i = 0; i < 2; i++)
    sleepers.push(await setup.jobs.submit({ name: 'seed-sleep', spec: { command: ['sleep', '60'] } }));
  const exampleIds: Record<string, string> = { 'job-12345': finished.id, 'job-67890': sleepers[1]?.id ?? '' };
  const cancelIds: Record<string, string> = { 'job-12345': sleepers[0]?.id ?? '', 'job-67890': sleepers[1]?.id ?? '' };
  const fills: Record<string, string> = {
    "'your-api-key'": `'${emu.apiKey}'`,
    "'your-org-id'": `'${emu.organization}'`,
    "'https://api.vantage.omnivector.solutions'": `'${emu.baseURL}'`,
  };

  const out: string[] = [];
  const capture = (...args: unknown[]): void => {
    out.push(format(...args));
  };
  const log = { ...console, log: capture, error: capture, info: capture, warn: capture, debug: capture } as Console;
  const debug = console.debug;
  console.debug = capture; // the SDK's own debug lines (the block with debug: true)
  let scope: Record<string, unknown> = {};
  let cancelled: string[] = [];
  try {
    for (const [index, block] of blocks.entries()) {
      const ids = block.section === 'Cancel Job' ? cancelIds : exampleIds;
      for (const [n, paragraph] of paragraphs(block.code).entries()) {
        let code = paragraph;
        for (const [placeholder, value] of Object.entries({
          ...fills,
          ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [`'${k}'`, `'${v}'`])),
        })) {
          code = code.split(placeholder).join(value);
        }
        const name = `seed-block-${index + 1}-${n + 1}`;
        try {
          scope = { ...scope, ...(await runParagraph(code, scope, require, log, name)) };
        } catch (error) {
          throw new Error(
            `seed block ${index + 1} (${block.section}), paragraph ${n + 1} failed:\n${code}\n${String(error)}`,
            { cause: error },
          );
        }
      }
    }
    cancelled = await Promise.all(sleepers.map(async (s) => (await setup.jobs.get(s.id)).status));
  } finally {
    console.debug = debug;
    process.chdir(saved.cwd);
    process.env = saved.env;
    await setup.jobs.cancelBatch(sleepers.map((s) => s.id));
  }

  const text = out.join('\n');
  const lines = out.flatMap((o) => o.split('\n'));
  assert.ok(text.includes(`Job ${finished.id}: succeeded`), text);
  assert.ok(text.includes('Created: 20'));
  assert.ok(/Resources: \{ cpu: '1', memory: '1Gi' \}/.test(text), 'job.spec.resources is printed');
  assert.ok(lines.includes('hello'), 'the streamed log line');
  assert.ok(text.includes('Cluster: gpu-cluster (running)'));
  assert.ok(text.includes('Cluster: my-cluster') && /Nodes: \d+/.test(text));
  assert.ok(text.includes('/datasets/small-file.txt (10 bytes)'));
  assert.ok(text.includes('Upload progress: 100.0%'));
  assert.ok(text.includes('Download progress: 100.0%'));
  assert.ok(text.includes(`Job: ${finished.id}`));
  assert.ok(
    !text.includes('Invalid request') && !text.includes('API error') && !text.includes('Invalid API key'),
    text,
  );
  assert.ok(!text.includes(emu.apiKey), 'the API key never appears in output');
  assert.equal(scope.content, 'small file');
  assert.equal(readFileSync(join(scratch, 'local-dir/sub/b.txt'), 'utf-8'), 'b\n');
  assert.equal(readFileSync(join(scratch, 'local-file.txt'), 'utf-8'), 'local file\n');
  assert.deepEqual(cancelled, ['cancelled', 'cancelled']);
});

test('the TypeScript block of the README runs as written', async () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf-8');
  const blocks = typescriptBlocks(readme);
  assert.ok(blocks.length >= 1);
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  const scratch = mkdtempSync(join(tmpdir(), 'vantage-ts-readme-'));
  process.chdir(scratch);
  process.env.VANTAGE_API_KEY = ctx.emulator.apiKey;
  process.env.VANTAGE_BASE_URL = ctx.emulator.baseURL;
  process.env.VANTAGE_ORGANIZATION = ctx.emulator.organization;
  writeFileSync('large-file.tar.gz', randomBytes(20 * 1024 * 1024));
  const out: string[] = [];
  const capture = (...args: unknown[]): void => {
    out.push(format(...args));
  };
  const log = { ...console, log: capture, error: capture } as Console;
  try {
    let scope: Record<string, unknown> = {};
    for (const [index, block] of blocks.entries()) {
      scope = { ...scope, ...(await runParagraph(block.code, scope, require, log, `readme-block-${index + 1}`)) };
    }
  } finally {
    process.chdir(saved.cwd);
    process.env = saved.env;
  }
  const text = out.join('\n');
  assert.ok(text.includes('hello'), text);
  assert.match(text, /job-[0-9a-f]+: succeeded \(exit code 0\)/);
  assert.ok(text.includes('100.0%'));
  assert.match(text, /404 Job 'job-12345' does not exist/);
  assert.equal(readFileSync(join(scratch, 'copy.tar.gz')).length, 20 * 1024 * 1024);
});

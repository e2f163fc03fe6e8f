/**
 * Benchmarks of the TypeScript SDK against a local emulator, side by side in one run.
 *
 * 1. Per-call overhead: `client.jobs.get(id)` against a raw `fetch` + `JSON.parse` of the same
 *    endpoint, as this process's CPU time per call (process.cpuUsage), in interleaved rounds; the
 *    ratio of the medians (target <= 1.25x).
 * 2. 1 GiB upload and download through the SDK against curl on the same endpoint (`curl -T` to
 *    PUT /v1/storage/content, `curl -o` from GET), interleaved rounds, medians (target >= 0.9x), and
 *    the peak RSS growth of this process during the SDK transfers (target < 64 MiB).
 *
 *     node build/bench/run.js [--calls N] [--rounds N] [--size-mib N] [--skip-transfer] [--skip-overhead]
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { VantageClient } from '@vantage/sdk';
import { Emulator } from '../test/helpers/emulator.js';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '21' },
    'transfer-rounds': { type: 'string', default: '3' },
    'size-mib': { type: 'string', default: '1024' },
    'skip-transfer': { type: 'boolean', default: false },
    'skip-overhead': { type: 'boolean', default: false },
  },
});
const MiB = 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

async function overhead(emu: Emulator): Promise<void> {
  const client = new VantageClient({ apiKey: emu.apiKey, baseURL: emu.baseURL, organization: emu.organization });
  const job = await client.jobs.submit({ name: 'bench', spec: { command: ['true'] } });
  const url = `${emu.baseURL}/v1/jobs/${job.id}`;
  const headers = { Authorization: `Bearer ${emu.apiKey}`, 'X-Vantage-Organization': emu.organization };
  const raw = async (): Promise<unknown> => {
    const response = await fetch(url, { headers });
    if (!response.ok) throw new Error(`raw fetch: ${response.status}`);
    return JSON.parse(await response.text());
  };
  const sdk = (): Promise<unknown> => client.jobs.get(job.id);
  const calls = Number(args.calls);
  const measure = async (fn: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> => {
    const wall0 = performance.now();
    const cpu0 = cpuMicros();
    for (let i = 0; i < calls; i++) await fn();
    return { cpu: (cpuMicros() - cpu0) / calls, wall: ((performance.now() - wall0) * 1000) / calls };
  };
  for (let i = 0; i < 3; i++) {
    await measure(raw); // warm-up: connections, JIT
    await measure(sdk);
  }
  const results = { raw: [] as number[], sdk: [] as number[], rawWall: [] as number[], sdkWall: [] as number[] };
  for (let round = 0; round < Number(args.rounds); round++) {
    // Alternate which goes first, so neither always runs on a warmer machine.
    const order = round % 2 ? (['sdk', 'raw'] as const) : (['raw', 'sdk'] as const);
    for (const which of order) {
      const m = await measure(which === 'raw' ? raw : sdk);
      results[which].push(m.cpu);
      results[which === 'raw' ? 'rawWall' : 'sdkWall'].push(m.wall);
    }
  }
  const ratio = median(results.sdk) / median(results.raw);
  console.log(
    `per-call CPU time of this process, ${Number(args.rounds)} interleaved rounds of ${calls} calls (medians):`,
  );
  console.log(
    `  raw fetch + JSON.parse: ${median(results.raw).toFixed(1)} us CPU/call (wall ${median(results.rawWall).toFixed(1)} us)`,
  );
  console.log(
    `  client.jobs.get:        ${median(results.sdk).toFixed(1)} us CPU/call (wall ${median(results.sdkWall).toFixed(1)} us)`,
  );
  console.log(`  sdk/raw: ${ratio.toFixed(3)}x (target <= 1.25x) ${ratio <= 1.25 ? 'OK' : 'OVER TARGET'}`);
  console.log(
    `  rounds raw: ${results.raw.map((v) => v.toFixed(0)).join(' ')}; sdk: ${results.sdk.map((v) => v.toFixed(0)).join(' ')}`,
  );
}

function makeFile(path: string, bytes: number): void {
  const block = randomBytes(16 * MiB);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length)
      writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}

function curl(emu: Emulator, op: 'upload' | 'download', local: string, remote: string): number {
  const url = `${emu.baseURL}/v1/storage/content?path=${encodeURIComponent(remote)}`;
  const io = op === 'upload' ? ['-T', local, '-o', '/dev/null'] : ['-o', local];
  const out = execFileSync(
    'curl',
    [
      '-sS',
      '--fail',
      ...io,
      '-w',
      '%{time_total}',
      '-H',
      `Authorization: Bearer ${emu.apiKey}`,
      '-H',
      `X-Vantage-Organization: ${emu.organization}`,
      url,
    ],
    { encoding: 'utf-8' },
  );
  return Number(out.trim());
}

async function transfer(emu: Emulator): Promise<void> {
  const size = Number(args['size-mib']) * MiB;
  const dir = mkdtempSync(join(tmpdir(), 'vantage-ts-bench-'));
  const source = join(dir, 'source.bin');
  makeFile(source, size);
  const client = new VantageClient({ apiKey: emu.apiKey, baseURL: emu.baseURL, organization: emu.organization });
  const runs: Record<string, number[]> = {
    'curl upload': [],
    'sdk upload': [],
    'curl download': [],
    'sdk download': [],
  };
  let peakGrowth = 0;
  const sdk = async (op: 'upload' | 'download', local: string, remote: string): Promise<number> => {
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    const started = performance.now();
    if (op === 'upload') await client.storage.upload(source, remote);
    else await client.storage.download(remote, local);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    peakGrowth = Math.max(peakGrowth, peak - base);
    return seconds;
  };
  try {
    await client.storage.uploadString('warm-up', '/bench/warm.txt');
    for (let round = 0; round < Number(args['transfer-rounds']); round++) {
      runs['curl upload']?.push(size / MiB / curl(emu, 'upload', source, '/bench/curl.bin'));
      runs['sdk upload']?.push(size / MiB / (await sdk('upload', source, '/bench/sdk.bin')));
      const target = join(dir, 'target.bin');
      runs['curl download']?.push(size / MiB / curl(emu, 'download', target, '/bench/sdk.bin'));
      rmSync(target, { force: true });
      runs['sdk download']?.push(size / MiB / (await sdk('download', target, '/bench/curl.bin')));
      if (statSync(target).size !== size) throw new Error('the SDK download has the wrong size');
      rmSync(target, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `${Number(args['size-mib'])} MiB on loopback, ${Number(args['transfer-rounds'])} interleaved rounds (medians):`,
  );
  for (const op of ['upload', 'download'] as const) {
    const curlRate = median(runs[`curl ${op}`] ?? []);
    const sdkRate = median(runs[`sdk ${op}`] ?? []);
    const ratio = sdkRate / curlRate;
    console.log(
      `  ${op.padStart(8)}: curl ${curlRate.toFixed(0)} MiB/s, sdk ${sdkRate.toFixed(0)} MiB/s, sdk/curl ${(ratio * 100).toFixed(0)}% (target >= 90%) ${ratio >= 0.9 ? 'OK' : 'UNDER TARGET'}`,
    );
  }
  console.log(
    `  peak RSS growth during SDK transfers: ${(peakGrowth / MiB).toFixed(1)} MiB (target < 64 MiB) ${peakGrowth < 64 * MiB ? 'OK' : 'OVER TARGET'}`,
  );
}

const emulator = await Emulator.start();
try {
  console.log(`emulator at ${emulator.baseURL}; node ${process.version}`);
  if (!args['skip-overhead']) await overhead(emulator);
  if (!args['skip-transfer']) await transfer(emulator);
} finally {
  await emulator.stop();
}

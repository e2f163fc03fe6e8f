/**
 * Instructions per call of `client.jobs.get(id)` against `fetch` + `JSON.parse` of the same URL,
 * counted by callgrind: the count moves a few percent from run to run (what V8 still compiles in the
 * counted window, timer work per wall-clock second) where CPU time moves tens of percent under load.
 * Each contender runs in its own Node process under `valgrind --tool=callgrind`, first `--warmup`
 * calls uninstrumented (so V8 has tiered the code up), then `--calls` counted calls; rounds alternate
 * which contender goes first. Counted: every instruction of the process in user space (all its
 * threads: the collector and the compiler included), nothing of the kernel or the emulator.
 *
 *     node build/bench/instructions.js [--warmup 4000] [--calls 1000] [--rounds 2]
 *
 * About 90 s per contender per round on the 2-core machine these figures come from.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Emulator } from '../test/helpers/emulator.js';
import { perCallContenders } from './contenders.js';

const { values: args } = parseArgs({
  options: {
    warmup: { type: 'string', default: '4000' },
    calls: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '2' },
    // Internal: the process valgrind runs.
    child: { type: 'string' },
    'base-url': { type: 'string' },
    'job-id': { type: 'string' },
  },
});

type Name = 'raw' | 'sdk';

/** In the process under callgrind: warm up, then count `--calls` calls. */
async function child(name: Name): Promise<void> {
  const endpoint = { baseURL: args['base-url'] as string, apiKey: 'emulator-key', organization: 'default' };
  const fn = (await perCallContenders(endpoint, args['job-id']))[name];
  for (let i = 0; i < Number(args.warmup); i++) await fn();
  // callgrind_control reaches this process (blocked in execFileSync) through vgdb.
  execFileSync('callgrind_control', ['--instr=on', String(process.pid)], { stdio: 'ignore' });
  for (let i = 0; i < Number(args.calls); i++) await fn();
  execFileSync('callgrind_control', ['--instr=off', String(process.pid)], { stdio: 'ignore' });
}

function counted(name: Name, emu: Emulator, jobId: string, dir: string): number {
  const out = join(dir, `${name}.callgrind`);
  execFileSync(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file', // V8 writes machine code at run time
      `--callgrind-out-file=${out}`,
      process.execPath,
      fileURLToPath(import.meta.url),
      '--child',
      name,
      '--base-url',
      emu.baseURL,
      '--job-id',
      jobId,
      '--warmup',
      String(args.warmup),
      '--calls',
      String(args.calls),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const total = /^totals: (\d+)/m.exec(readFileSync(out, 'utf-8'))?.[1];
  rmSync(out, { force: true });
  if (total === undefined) throw new Error(`no totals in the callgrind output of ${name}`);
  return Number(total) / Number(args.calls);
}

if (args.child !== undefined) {
  await child(args.child as Name);
} else {
  const emulator = await Emulator.start();
  const dir = mkdtempSync(join(tmpdir(), 'vantage-ts-callgrind-'));
  try {
    const { jobId } = await perCallContenders(emulator);
    const counts: Record<Name, number[]> = { raw: [], sdk: [] };
    for (let round = 0; round < Number(args.rounds); round++) {
      for (const name of round % 2 ? (['sdk', 'raw'] as const) : (['raw', 'sdk'] as const)) {
        counts[name].push(counted(name, emulator, jobId, dir));
      }
    }
    const show = (values: number[]) => values.map((v) => `${(v / 1000).toFixed(1)}k`).join(', ');
    console.log(
      `instructions per call (callgrind; ${args.warmup} uncounted warm-up calls, then ${args.calls} counted, each contender in its own process; node ${process.version}):`,
    );
    console.log(`  raw fetch + JSON.parse: ${show(counts.raw)}`);
    console.log(`  client.jobs.get:        ${show(counts.sdk)}`);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    console.log(`  sdk/raw: ${(mean(counts.sdk) / mean(counts.raw)).toFixed(3)}x (means of the rounds)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emulator.stop();
  }
}

/** A real emulator for the tests: `vantage-emulator --port 0 --data-dir <tmp>`, stopped afterwards. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (sdks/typescript/../..), found from this file in build/test/helpers or test/helpers. */
export const REPO_ROOT = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'openapi', 'vantage.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (openapi/vantage.yaml) above the tests');
    dir = parent;
  }
  return dir;
})();

export const API_KEY = 'emulator-key';
export const ORGANIZATION = 'default';

/** The emulator command: `VANTAGE_EMULATOR_BIN`, else the repository's `.venv/bin/vantage-emulator`. */
export function emulatorBinary(): string {
  const configured = process.env.VANTAGE_EMULATOR_BIN;
  const binary = configured ?? join(REPO_ROOT, '.venv', 'bin', 'vantage-emulator');
  if (!existsSync(binary)) {
    throw new Error(
      `vantage-emulator not found at ${binary}: run \`make venv\` at the repository root or set VANTAGE_EMULATOR_BIN`,
    );
  }
  return binary;
}

/** A running emulator. */
export class Emulator {
  private constructor(
    readonly baseURL: string,
    readonly dataDir: string,
    private readonly process: ChildProcess,
    private readonly ownsDir: boolean,
  ) {}

  readonly apiKey = API_KEY;
  readonly organization = ORGANIZATION;

  /** Start one, with extra flags such as `['--fault-503-rate', '0.5']`; resolves once it listens. */
  static async start(extraArgs: string[] = [], dataDir?: string): Promise<Emulator> {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'vantage-ts-emulator-'));
    const child = spawn(
      emulatorBinary(),
      ['--port', '0', '--data-dir', dir, '--scale-delay-seconds', '0.2', '--cancel-grace-seconds', '1', ...extraArgs],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const baseURL = await new Promise<string>((resolveURL, reject) => {
      const timer = setTimeout(() => reject(new Error(`the emulator did not start in 30 s:\n${output}`)), 30_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /Vantage emulator listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolveURL(match[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited with ${code}:\n${output}`));
      });
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return new Emulator(baseURL, dir, child, dataDir === undefined);
  }

  /** Stop it (SIGTERM, then SIGKILL after 5 s) and remove its data folder if it made it. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (this.ownsDir) rmSync(resolve(this.dataDir), { recursive: true, force: true });
  }
}

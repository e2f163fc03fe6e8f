// Builds dist/esm (ES modules) and dist/cjs (CommonJS) with declarations; with --tests also the
// test, example and benchmark sources into build/. Each output folder gets a package.json naming
// its module type, so Node loads both builds from one package.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const run = (project) =>
  execFileSync(process.execPath, [tsc, '-p', join(root, project)], { stdio: 'inherit', cwd: root });

rmSync(join(root, 'dist'), { recursive: true, force: true });
run('tsconfig.esm.json');
run('tsconfig.cjs.json');
for (const [folder, type] of [
  ['dist/esm', 'module'],
  ['dist/cjs', 'commonjs'],
]) {
  mkdirSync(join(root, folder), { recursive: true });
  writeFileSync(join(root, folder, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
}
if (process.argv.includes('--tests')) {
  rmSync(join(root, 'build'), { recursive: true, force: true });
  run('tsconfig.test.json');
}

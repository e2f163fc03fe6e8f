/**
 * The seed's JS/TS blocks type-check as written under the package's strict compiler options: a
 * user pasting them into a `.ts` file gets no error (seed.test.ts runs them with types stripped).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from './helpers/emulator.js';
import { seedReference, typescriptBlocks } from './helpers/seed.js';
import { seedModule, typeCheckSeed } from './helpers/seed-types.js';

const PACKAGE_ROOT = join(REPO_ROOT, 'sdks', 'typescript');

test('a redeclared name goes in its own block and imports are hoisted', () => {
  const text = seedModule([
    "import { A } from 'm';\n\n// one\nconst x = new A();\n\n// two\nconst x = 2;\nuse(x);\n",
    "import { A } from 'm';\nconsole.log(x);\n",
  ]);
  assert.equal(text.match(/import \{ A \} from 'm';/g)?.length, 1);
  assert.match(text, /^\/\/ one\nconst x = new A\(\);$/m);
  assert.match(text, /\{\n\/\/ two\nconst x = 2;\nuse\(x\);\n\}/);
});

test('every JS/TS block of the seed reference type-checks as written (strict)', (t) => {
  const reference = seedReference();
  if (reference === null) {
    if (process.env.CI) assert.fail('seed reference not found (set VANTAGE_SEED_REFERENCE)');
    t.skip('seed reference not found');
    return;
  }
  const blocks = typescriptBlocks(readFileSync(reference, 'utf-8')).map((b) => b.code);
  assert.equal(blocks.length, 14);
  const clean = typeCheckSeed(blocks, PACKAGE_ROOT);
  assert.deepEqual(clean.errors, [], clean.text);

  // The check can fail: a wrong argument type and a misspelt field are both reported.
  const broken = typeCheckSeed(
    [
      ...blocks,
      "await client.jobs.get(12345);\nconst again = await client.jobs.get('job-1');\nconsole.log(again.statuss);\n",
    ],
    PACKAGE_ROOT,
  );
  assert.equal(broken.errors.length, 2, broken.errors.join('\n'));
  assert.match(broken.errors[0] ?? '', /not assignable to parameter of type 'string'/);
  assert.match(broken.errors[1] ?? '', /Property 'statuss' does not exist/);
});

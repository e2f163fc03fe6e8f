/**
 * Run an example against a throw-away local emulator (what `make demo-ts` does): start
 * `vantage-emulator` on a free port with a temporary data folder, run the example with
 * VANTAGE_API_KEY and VANTAGE_BASE_URL pointing at it, stop the emulator, delete the folder.
 *
 *     node build/examples/run-demo.js [build/examples/quickstart.js]
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Emulator } from '../test/helpers/emulator.js';

const script = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'quickstart.js');
const emulator = await Emulator.start();
console.log(`Started the Vantage emulator at ${emulator.baseURL} (data in a temporary folder, deleted afterwards)`);
let status = 1;
try {
  const result = spawnSync(process.execPath, [script], {
    stdio: 'inherit',
    env: {
      ...process.env,
      VANTAGE_API_KEY: emulator.apiKey,
      VANTAGE_BASE_URL: emulator.baseURL,
      VANTAGE_ORGANIZATION: emulator.organization,
    },
  });
  status = result.status ?? 1;
} finally {
  await emulator.stop();
  console.log('Stopped the emulator.');
}
process.exit(status);

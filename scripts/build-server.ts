// Builds what the server loads at start (`npm ci`'s prepare step and `npm run build`): its modules as one
// bundle (src/cli/server-build.ts), the migrated empty database a first start copies (src/db/data-template.ts)
// and the shipped policy set's validation (src/policy/shipped-check.ts).
import { buildServer } from '../src/cli/server-build.ts';
import { buildDataTemplate } from '../src/db/data-template.ts';
import { loadSchema } from '../src/policy/policy-set.ts';
import { defaultPolicyText } from '../src/policy/service.ts';
import { recordShippedCheck } from '../src/policy/shipped-check.ts';

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
let started = Date.now();
try {
  const built = await buildServer();
  process.stdout.write(
    `server: built build/server from ${built.sources} source files in ${seconds(started)} s\n`,
  );
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stdout.write(
    'server: rolldown is not installed; `warrant serve` will load its TypeScript sources\n',
  );
}
started = Date.now();
const template = await buildDataTemplate();
process.stdout.write(
  `server: made build/pgdata-template (${template.migrations} migrations) in ${seconds(started)} s\n`,
);
const policies = recordShippedCheck(defaultPolicyText, loadSchema());
process.stdout.write(
  `server: recorded the shipped policy set's check (${policies} policies) in build/policy-check.json\n`,
);

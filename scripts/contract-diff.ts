/**
 * `npm run contract`: builds the API's OpenAPI document, lints it with Spectral's `oas` ruleset and compares
 * it with the committed baseline, contracts/openapi.json. Exits 1 on a Spectral error or a breaking change;
 * `npm run contract -- --update` writes the document as the new baseline, which is how a change is accepted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';
import { startHarness } from '../test/harness.ts';
import { diffDocuments, type OpenApi } from '../test/openapi-diff.ts';

const BASELINE = fileURLToPath(new URL('../contracts/openapi.json', import.meta.url));
const update = process.argv.includes('--update');

const harness = await startHarness();
const document = harness.warrant.server.swagger() as OpenApi;
await harness.close();
const text = `${JSON.stringify(document, null, 2)}\n`;

let failed = false;
const spectral = new spectralCore.Spectral();
spectral.setRuleset({ extends: [[spectralRulesets.oas, 'recommended']] } as never);
const findings = await spectral.run(new spectralCore.Document(text, spectralParsers.Json, 'openapi.json'));
const errors = findings.filter((finding) => finding.severity === 0);
for (const finding of errors) {
  console.log(`spectral: ${finding.code} at ${finding.path.join('.')}: ${finding.message}`);
}
console.log(`spectral oas: ${errors.length} errors, ${findings.length - errors.length} warnings and hints`);
failed ||= errors.length > 0;

if (update) {
  writeFileSync(BASELINE, text);
  console.log('contracts/openapi.json updated');
} else {
  let baseline: OpenApi;
  try {
    baseline = JSON.parse(readFileSync(BASELINE, 'utf8')) as OpenApi;
  } catch (error) {
    console.log(`no baseline to compare with (${String(error)}); run npm run contract -- --update`);
    process.exit(1);
  }
  const differences = diffDocuments(baseline, document);
  const breaking = differences.filter((d) => d.breaking);
  const other = differences.filter((d) => !d.breaking);
  for (const d of breaking) console.log(`BREAKING ${d.where}: ${d.what}`);
  for (const d of other) console.log(`changed  ${d.where}: ${d.what}`);
  if (breaking.length > 0) {
    console.log(
      `${breaking.length} breaking changes against contracts/openapi.json. If they are meant, accept them ` +
        'with npm run contract -- --update and commit the baseline with the change.',
    );
    failed = true;
  } else if (other.length > 0 || readFileSync(BASELINE, 'utf8') !== text) {
    console.log('no breaking change; the document differs from the baseline: npm run contract -- --update');
  } else {
    console.log('the document matches contracts/openapi.json');
  }
}
process.exit(failed ? 1 : 0);

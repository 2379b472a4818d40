#!/usr/bin/env node
// Sums Jest --json result files into the one line CI reads: "N passed, N failed".
// A missing or unreadable file counts as one failure: a run that wrote nothing did not pass.
const { readFileSync } = require('node:fs');

let passed = 0;
let failed = 0;
const files = process.argv.slice(2);
if (files.length === 0) failed += 1;
for (const file of files) {
  try {
    const result = JSON.parse(readFileSync(file, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    // A test file that fails to load has no failed tests but is a failure all the same.
    failed += result.testResults.filter(
      (r) => r.status === 'failed' && r.assertionResults.length === 0,
    ).length;
    if (result.numTotalTests === 0) failed += 1;
  } catch (error) {
    console.error(`could not read ${file}: ${error.message}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

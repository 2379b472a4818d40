/**
 * Jest reporter of the reliability suite: marks the start of a run in .test-results/reliability.txt
 * and, when the run ends, prints the report lines the scenarios appended during this run
 * (test/reliability/support.ts `report`) as one block, so CI logs show them together.
 */
const { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

class ReliabilityReporter {
  constructor(globalConfig) {
    this.file = join(globalConfig.rootDir, '.test-results', 'reliability.txt');
    this.offset = 0;
  }

  onRunStart() {
    mkdirSync(join(this.file, '..'), { recursive: true });
    this.offset = existsSync(this.file) ? statSync(this.file).size : 0;
    const database = process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL';
    appendFileSync(
      this.file,
      `# reliability run ${new Date().toISOString()}  node ${process.version}  database: ${database}\n`,
    );
  }

  onRunComplete(_contexts, results) {
    if (!existsSync(this.file)) return;
    const lines = readFileSync(this.file).subarray(this.offset).toString().trimEnd();
    const seconds = ((Date.now() - results.startTime) / 1000).toFixed(1);
    appendFileSync(this.file, `# ${results.numFailedTests === 0 ? 'passed' : 'FAILED'} in ${seconds} s\n`);
    process.stdout.write(`\nReliability reports (${this.file}):\n${lines}\n# ${seconds} s\n`);
  }
}

module.exports = ReliabilityReporter;

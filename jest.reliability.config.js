/**
 * The reliability suite (`npm run test:reliability`, docs/reliability.md): crash, outage, database
 * restart, revocation and scale-out scenarios against real PostgreSQL, the sandbox and real worker
 * processes (dist/, so `npm run build` first). Same PostgreSQL setup as the main suite (embedded
 * unless DATABASE_URL is set); one file at a time, because the scenarios start processes of their
 * own and must not compete with each other for a 2-core CI machine.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/test/reliability'],
  testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/reliability/reporter.js'],
  testTimeout: 120_000,
  maxWorkers: 1,
};

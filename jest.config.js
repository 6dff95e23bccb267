// Three tiers (docs/style.md habit 9): unit specs beside pure logic, integration specs
// (`*.int-spec.ts`) against real PostgreSQL/Redis, end-to-end suites in test/ through supertest.
// Each tier has one test timeout and no file has its own: Jest ignores a project's `testTimeout`,
// so each tier sets it in its setup file (libs/testing/src/tiers/).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const moduleNameMapper = {
  '^@app/(platform|audit|identity|mail|consultations|staffing|notifications|triage|oversight|testing)$': '<rootDir>/libs/$1/src',
  '^@app/(platform|audit|identity|mail|consultations|staffing|notifications|triage|oversight|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// ESM-only packages, compiled for Jest: content-disposition 3 (loaded by @fastify/static under swagger,
// docs/stack.md); openid-client 6 with oauth4webapi and jose (single sign-on); @scure/base 2 and
// @noble/hashes 2 (loaded by otplib 13, the TOTP second factor, also from @otplib/*/node_modules).
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition|openid-client|oauth4webapi|jose|@otplib|@scure|@noble)/)'];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns,
  moduleNameMapper,
};
module.exports = {
  maxWorkers: 2,
  // Bull's reconnect timers can outlive a suite that stopped its private Redis on purpose.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/tiers/unit.setup.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/libs/**/*.int-spec.ts', '<rootDir>/apps/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/tiers/integration.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/tiers/e2e.setup.ts'],
      globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
    },
  ],
};

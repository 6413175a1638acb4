/**
 * The environment tests build their configuration from: this process's own, so a test file can set a
 * WARDEN_* variable before it creates its context (as an operator would before `warden start`), but never
 * DATABASE_URL — each test picks its own scratch database (test/support/db.ts).
 */
export function testEnvironment(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _database, ...env } = process.env;
  return env;
}

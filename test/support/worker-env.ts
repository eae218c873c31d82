/**
 * Runs before each test file: a test environment whose logs stay quiet unless a test captures
 * them, and whose Redis keys are under a prefix of this file's own.
 */
import { randomBytes } from 'node:crypto';

process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.REDIS_PREFIX = `t${process.pid}${randomBytes(3).toString('hex')}`;
process.env.CORRIDOR_SECRETS_FILE = '/nonexistent/corridor-test-secrets.json';
// Cheap on purpose, through the variables an operator would use (src/ has no test branches): a
// fast password KDF, no response-time floors (the reporter sign-in keeps a short one).
process.env.PASSWORD_KDF_OPS ??= '1';
process.env.PASSWORD_KDF_MEM_MB ??= '8';
process.env.LOGIN_MIN_RESPONSE_MS ??= '0';
process.env.REPORTER_SESSION_MIN_RESPONSE_MS ??= '50';

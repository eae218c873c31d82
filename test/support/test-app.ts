import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../src/bootstrap/create-api-app';
import { AppConfig, loadConfig } from '../../src/config';
import { generateRecoveryKeyPair, initCrypto, KeyPair, toBase64Url } from '../../src/crypto';
import { RedisClient } from '../../src/queue/redis.provider';
import { LogCapture } from './log-capture';
import { createTestDatabase } from './test-database';

export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body sent as is (for malformed-input tests). */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  baseUrl: string;
  logs: LogCapture;
  dataSource: DataSource;
  redis: RedisClient;
  /**
   * The install's recovery key pair, generated per app (so that tests can act as the offline
   * recovery key: team grants, recover-user); null when the test set CORRIDOR_RECOVERY_PUBLIC_KEY.
   */
  recovery: KeyPair | null;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<TestResponse<T>>;
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides for this app (on top of the test defaults). */
  env?: Record<string, string>;
  withWorker?: boolean;
  /** Reuse a database made by another test app (two API nodes on one database). */
  databaseUrl?: string;
  logLevel?: string;
  extraModules?: Type[];
}

/**
 * Boots the real application in-process on a free loopback port, on a fresh database copied from
 * the migrated template, with this file's own Redis prefix, and captures its logs.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.databaseUrl ? null : await createTestDatabase();
  await initCrypto();
  const recovery = options.env?.CORRIDOR_RECOVERY_PUBLIC_KEY ? null : generateRecoveryKeyPair();
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: options.databaseUrl ?? database!.url,
    DATABASE_POOL_SIZE: '5',
    RUN_MIGRATIONS: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: options.logLevel ?? 'info',
    ...(recovery ? { CORRIDOR_RECOVERY_PUBLIC_KEY: toBase64Url(recovery.publicKey) } : {}),
    ...options.env,
  });
  const logs = new LogCapture();
  const app = await createApiApp(config, {
    withWorker: options.withWorker,
    logStream: logs,
    extraModules: options.extraModules,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;

  const request = async <T>(
    method: string,
    path: string,
    o: RequestOptions = {},
  ): Promise<TestResponse<T>> => {
    const headers: Record<string, string> = { ...o.headers };
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  return {
    app,
    config,
    baseUrl,
    logs,
    dataSource: app.get(DataSource),
    redis: app.get(RedisClient),
    recovery,
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, body, o) => request('POST', path, { ...o, body }),
    async close() {
      await deleteKeysWithPrefix(app.get(RedisClient), config.redis.prefix);
      await app.close();
      await database?.drop();
    },
  };
}

/** Removes this test file's Redis keys (the prefix is unique per file). */
export async function deleteKeysWithPrefix(redis: RedisClient, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.connection.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    if (keys.length) await redis.connection.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

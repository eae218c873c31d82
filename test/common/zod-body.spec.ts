import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
/** Where @nestjs/swagger keeps a handler's parameters (API_PARAMETERS, not exported). */
const API_PARAMETERS = 'swagger/apiParameters';
import { z } from 'zod';
import { AppError } from '../../src/common/errors/app-error';
import {
  ZodBody,
  ZodParams,
  ZodPipe,
  ZodQuery,
  invalidFields,
  openApiSchemaOf,
} from '../../src/common/http/zod-body';

const sampleSchema = z.strictObject({ name: z.string().min(1).max(5), count: z.number().int().optional() });

describe('ZodPipe', () => {
  it('returns the parsed value, not the input object', () => {
    const input = { name: 'abc' };
    const out = new ZodPipe(sampleSchema).transform(input);
    expect(out).toEqual({ name: 'abc' });
    expect(out).not.toBe(input);
  });

  it('answers VALIDATION_FAILED naming the fields and never the submitted values', () => {
    const canary = 'CANARY-VALUE-123';
    let thrown: unknown;
    try {
      new ZodPipe(sampleSchema).transform({ name: canary, count: 1.5, extra: canary });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect((error.details?.fields as string[]).sort()).toEqual(['count', 'extra', 'name']);
    expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(canary);
  });

  it('uses the feature error given for a mismatch', () => {
    const featureError = (fields: string[]) => new AppError('CASE_INVALID', 422, 'bad case', { fields });
    expect(() => new ZodPipe(sampleSchema, featureError).transform(null)).toThrow(
      expect.objectContaining({ code: 'CASE_INVALID', details: { fields: ['body'] } }),
    );
  });

  it('reports nested paths joined with dots', () => {
    const nested = z.object({ a: z.object({ b: z.array(z.string()) }) });
    const parsed = nested.safeParse({ a: { b: ['x', 2] } });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(invalidFields(parsed.error)).toEqual(['a.b.1']);
  });

  it('names a key the schema does not allow by its own path, nested or not', () => {
    const strict = z.strictObject({ a: z.strictObject({ b: z.string() }) });
    const parsed = strict.safeParse({ a: { b: 'x', c: 1, d: 2 }, e: 3 });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(invalidFields(parsed.error).sort()).toEqual(['a.c', 'a.d', 'e']);
  });
});

describe('ZodBody', () => {
  @Controller('sample')
  class SampleController {
    @Post()
    create(@ZodBody(sampleSchema) body: unknown) {
      return body;
    }
  }

  it('documents the request body from the same schema that validates it', () => {
    const handler = Object.getOwnPropertyDescriptor(SampleController.prototype, 'create')!.value as object;
    const params = Reflect.getMetadata(API_PARAMETERS, handler) as { in: string; schema: unknown }[];
    const body = params.find((p) => p.in === 'body');
    expect(body?.schema).toEqual(openApiSchemaOf(sampleSchema));
    expect(body?.schema).toMatchObject({
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 5 } },
      additionalProperties: false,
    });
  });
});

describe('ZodQuery and ZodParams', () => {
  const querySchema = z.strictObject({ after: z.coerce.number().int().min(0).optional() });
  const paramsSchema = z.strictObject({ slug: z.string().regex(/^[a-z]+$/) });

  @Controller('sample/:slug')
  class SampleController {
    @Get()
    list(@ZodParams(paramsSchema) params: unknown, @ZodQuery(querySchema) query: unknown) {
      return [params, query];
    }
  }

  it('documents each property as a parameter, required as the schema says', () => {
    const handler = Object.getOwnPropertyDescriptor(SampleController.prototype, 'list')!.value as object;
    const params = Reflect.getMetadata(API_PARAMETERS, handler) as { in: string; name: string }[];
    expect(params).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          in: 'query',
          name: 'after',
          required: false,
          schema: expect.objectContaining({ type: 'integer', minimum: 0 }),
        }),
        expect.objectContaining({
          in: 'path',
          name: 'slug',
          required: true,
          schema: expect.objectContaining({ pattern: '^[a-z]+$' }),
        }),
      ]),
    );
    expect(params).toHaveLength(2);
  });

  it('coerces query strings and names unknown query fields', () => {
    expect(new ZodPipe(querySchema).transform({ after: '7' })).toEqual({ after: 7 });
    expect(() => new ZodPipe(querySchema).transform({ other: '1' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', details: { fields: ['other'] } }),
    );
  });
});

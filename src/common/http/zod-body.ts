import { Body, Injectable, Param, PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import type { AppError } from '../errors/app-error';
import { CommonErrorCode, commonError } from '../errors/common-errors';

/** Builds the error of a body that does not match its schema, from field paths only. */
export type InvalidBodyError = (fields: string[]) => AppError;

/** The default: VALIDATION_FAILED naming the offending fields (never their values). */
export const validationFailed: InvalidBodyError = (fields) =>
  commonError(CommonErrorCode.VALIDATION_FAILED, { fields });

/**
 * The field paths of a failed parse, deduplicated; `body` for the body as a whole. A key the
 * schema does not allow is named by its own path (the key is the client's, never a value).
 */
export function invalidFields(error: z.ZodError): string[] {
  const paths = error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    return issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...at, k]) : [at];
  });
  return [...new Set(paths.map((path) => path.join('.') || 'body'))];
}

/** The OpenAPI 3.0 form of a zod schema (the one definition both validates and documents). */
export function openApiSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Parses one value with one zod schema; a mismatch becomes the given 4xx error. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly onInvalid: InvalidBodyError = validationFailed,
  ) {}

  transform(value: unknown): z.output<S> {
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw this.onInvalid(invalidFields(parsed.error));
    return parsed.data;
  }
}

/** Documents `schema` as the request body of the method that carries the parameter. */
function documentBody(target: object, key: string | symbol | undefined, schema: z.ZodType): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) ApiBody({ schema: openApiSchemaOf(schema) })(target, key, descriptor);
}

/**
 * The request body, validated once at the boundary by `schema` and documented in OpenAPI from the
 * same schema: the handler receives the parsed plain value. `onInvalid` picks the feature's own
 * error code (default VALIDATION_FAILED); it is given field paths, never submitted values.
 *
 *   create(@ZodBody(createCaseSchema) body: CreateCaseBody) { … }
 */
export function ZodBody(schema: z.ZodType, onInvalid?: InvalidBodyError): ParameterDecorator {
  const bind = Body(new ZodPipe(schema, onInvalid));
  return (target, key, index) => {
    documentBody(target, key, schema);
    bind(target, key, index);
  };
}

type ParameterDocumenter = typeof ApiQuery | typeof ApiParam;

/** Documents each property of an object schema as one query or path parameter of the method. */
function documentParameters(
  target: object,
  key: string | symbol | undefined,
  schema: z.ZodType,
  document: ParameterDocumenter,
): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  const json = openApiSchemaOf(schema) as { properties?: Record<string, object>; required?: string[] };
  if (!descriptor || !json.properties) return;
  for (const [name, property] of Object.entries(json.properties)) {
    const required = json.required?.includes(name) ?? false;
    document({ name, required, schema: property as never })(target, key, descriptor);
  }
}

/**
 * The request body documented by `schema` but passed on unparsed, for the few routes whose checks
 * must come first (intake: rate limit, proof of work, channel signature; reporter: the session, so
 * that nobody without one learns anything about a body). The feature parses it later with the same
 * schema; a structure test allows this only where the route says why.
 */
export function UnparsedBody(schema: z.ZodType): ParameterDecorator {
  const bind = Body();
  return (target, key, index) => {
    documentBody(target, key, schema);
    bind(target, key, index);
  };
}

/**
 * The urlencoded body of an HTML form post on the hosted page, passed on unparsed: the page
 * service reads its fields against the form definition and answers every problem with a page in
 * the reader's language, never with the JSON error a schema pipe would throw. Not documented in
 * OpenAPI (the page routes are outside it).
 */
export function FormPostBody(): ParameterDecorator {
  return Body();
}

/**
 * The query string, validated by one zod schema (as `ZodBody` does for bodies); each property of
 * an object schema is documented as a query parameter. Query values arrive as strings: use
 * `z.coerce.number()` for numbers.
 */
export function ZodQuery(schema: z.ZodType, onInvalid?: InvalidBodyError): ParameterDecorator {
  const bind = Query(new ZodPipe(schema, onInvalid));
  return (target, key, index) => {
    documentParameters(target, key, schema, ApiQuery);
    bind(target, key, index);
  };
}

/** The path parameters, validated by one zod object schema and documented from it. */
export function ZodParams(schema: z.ZodType, onInvalid?: InvalidBodyError): ParameterDecorator {
  const bind = Param(new ZodPipe(schema, onInvalid));
  return (target, key, index) => {
    documentParameters(target, key, schema, ApiParam);
    bind(target, key, index);
  };
}

/** Documents a response of `status` with the JSON schema of a zod schema (no DTO class). */
export function ApiZodResponse(status: number, schema: z.ZodType, description = ''): MethodDecorator {
  return ApiResponse({ status, description, schema: openApiSchemaOf(schema) as never });
}

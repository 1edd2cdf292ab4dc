import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** One error from the API, with the fields the app acts on. */
export interface ApiError {
  message: string;
  /** `extensions.code`: UNAUTHENTICATED, FORBIDDEN, BAD_USER_INPUT, CONFLICT … */
  code: string;
  /** `extensions.field`: the input field a BAD_USER_INPUT or CONFLICT is about. */
  field?: string;
  /** `extensions.retryAfter`, in seconds, for RATE_LIMITED. */
  retryAfter?: number;
}

/** Thrown when a request fails as a whole or the API answers with errors. */
export class ApiRequestError extends Error {
  readonly errors: ApiError[];

  constructor(errors: ApiError[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.name = 'ApiRequestError';
    this.errors = errors;
  }

  /** The first error's code, the one a page usually reacts to. */
  get code(): string {
    return this.errors[0]?.code ?? 'INTERNAL';
  }
}

interface RawError {
  message?: string;
  extensions?: { code?: unknown; field?: unknown; retryAfter?: unknown };
}

function toApiError(raw: RawError): ApiError {
  const ext = raw.extensions ?? {};
  return {
    message: raw.message ?? '',
    code: typeof ext.code === 'string' ? ext.code : 'INTERNAL',
    field: typeof ext.field === 'string' ? ext.field : undefined,
    retryAfter: typeof ext.retryAfter === 'number' ? ext.retryAfter : undefined,
  };
}

const printed = new WeakMap<object, string>();

function source(document: TypedDocumentNode<unknown, never>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/**
 * Runs one operation against `/graphql`. The session travels in the
 * HttpOnly cookie the server sets on sign-in, so no token is handled here.
 */
export async function request<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        query: source(document as TypedDocumentNode<unknown, never>),
        variables: variables ?? {},
      }),
    });
  } catch {
    throw new ApiRequestError([{ message: 'network error', code: 'NETWORK' }]);
  }
  let body: { data?: TResult | null; errors?: RawError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new ApiRequestError([
      { message: `unexpected answer (HTTP ${response.status})`, code: 'INTERNAL' },
    ]);
  }
  if (body.errors && body.errors.length > 0) {
    throw new ApiRequestError(body.errors.map(toApiError));
  }
  if (!body.data) {
    throw new ApiRequestError([{ message: 'no data in the answer', code: 'INTERNAL' }]);
  }
  return body.data;
}

import type { z } from 'zod';
import type { Logger } from '../platform/logger';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, B, Q = Record<string, unknown>> {
  params: P;
  body: B;
  query: Q;
  log: Logger;
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

/**
 * One internal API operation: its path (express syntax, `:name` parameters), its zod schemas (used
 * for validation and for the OpenAPI document alike) and its handler.
 */
export interface Route<P = unknown, B = unknown, Q = Record<string, unknown>> {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  body?: z.ZodType<B>;
  /** Query string parameters (strings in, coerced by the schema). */
  query?: z.ZodType<Q>;
  /** Largest accepted raw body; larger answers 413 too_large. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Status code → description (and optional response schema) for the OpenAPI document. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  handler(ctx: RouteContext<P, B, Q>): Promise<RouteResult>;
}

// biome-ignore lint/suspicious/noExplicitAny: a list of routes with different parameter types
export type AnyRoute = Route<any, any, any>;

/** Identity helper that keeps each route's parameter and body types checked. */
export function defineRoute<P, B, Q = Record<string, unknown>>(route: Route<P, B, Q>): Route<P, B, Q> {
  return route;
}

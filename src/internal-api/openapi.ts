import { z } from 'zod';
import type { AnyRoute } from './route';
import { ErrorBody } from './schemas';

const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid_request: the body or a parameter is malformed (zod issues in details)',
  401: 'invalid_signature',
  413: 'too_large',
};

/**
 * JSON Schema of one zod schema. Schemas with `.meta({ id })` become shared components; their
 * `$defs` references are rewritten to point at `components.schemas`.
 */
function jsonSchema(schema: z.ZodType, components: Record<string, unknown>): unknown {
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  const rewritten = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'));
  const { $schema: _ignored, $defs, ...rest } = rewritten as Record<string, unknown>;
  Object.assign(components, $defs ?? {});
  return rest;
}

/**
 * The OpenAPI 3.1 document of the internal API, generated from the same zod schemas that validate
 * the requests, so the document cannot drift from the behaviour.
 */
export function buildOpenApiDocument(routes: AnyRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const components: Record<string, unknown> = {};
  for (const route of routes) {
    const openApiPath = route.path.replace(/:([A-Za-z_]+)/g, '{$1}');
    const parameters = [...route.path.matchAll(/:([A-Za-z_]+)/g)].map(([, name]) => {
      const shape = (route.params as z.ZodObject | undefined)?.shape?.[name] as z.ZodType | undefined;
      return {
        name,
        in: 'path',
        required: true,
        schema: shape ? jsonSchema(shape, components) : { type: 'string' },
      };
    });
    const queryShape = (route.query as z.ZodObject | undefined)?.shape ?? {};
    for (const [name, shape] of Object.entries(queryShape)) {
      parameters.push({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(shape as z.ZodType, components),
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(route.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { 'application/json': { schema: jsonSchema(response.schema, components) } } }
          : {}),
      };
    }
    for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
      if (status !== '400' || route.body || route.params) {
        responses[status] ??= {
          description,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        };
      }
    }
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      parameters,
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, components) } },
            },
          }
        : {}),
      responses,
      security: [{ plusplusSignature: [] }],
    };
  }
  jsonSchema(ErrorBody, components); // registers the shared Error component
  return {
    openapi: '3.1.0',
    info: {
      title: 'PlusPlus for Slack internal API',
      version: '1',
      description:
        'Called by the PlusPlus backend. Every request carries X-PlusPlus-Request-Timestamp (unix seconds) and ' +
        'X-PlusPlus-Signature: v1=<hex HMAC-SHA256(PLUSPLUS_SIGNING_SECRET, "v1:" + timestamp + ":" + METHOD + ":" + ' +
        'path with query + ":" + raw body)>, METHOD upper case, the path as sent (e.g. ' +
        '/internal/v1/tenants/acme/users/u1?x=1), the raw body empty for GET and DELETE. A timestamp more than 300 s ' +
        'from now, or a missing or wrong signature, is 401 invalid_signature, answered before the body is read. ' +
        'The older body-only v0= form ("v0:" + timestamp + ":" + raw body) is refused unless the app runs with ' +
        "PLUSPLUS_ACCEPT_V0_SIGNATURES=true. A Content-Length over a route's limit is 413 too_large before reading; " +
        'when the server already holds too many unverified bodies the answer is 503 unavailable with Retry-After.',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        plusplusSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-PlusPlus-Signature',
          description:
            'HMAC signature; see info.description. X-PlusPlus-Request-Timestamp is required as well.',
        },
      },
    },
  };
}

/**
 * Reading what the playground page posts (handler.ts): a bounded body, the action JSON a button
 * carries, and what an app posts to one of the sandbox's response_urls.
 */
import type { IncomingMessage } from 'node:http';
import { SandboxUsageError } from '../errors';

const MAX_FORM = 256 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM) throw new SandboxUsageError('form too large', 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseAction(form: URLSearchParams): Record<string, unknown> & { action_id: string } {
  let action: Record<string, unknown>;
  try {
    action = JSON.parse(form.get('action') ?? form.get('menu') ?? '');
  } catch {
    throw new SandboxUsageError('action must be the JSON the page put in the button');
  }
  if (!action || typeof action.action_id !== 'string' || !action.action_id)
    throw new SandboxUsageError('action.action_id is required');
  const out: Record<string, unknown> & { action_id: string } = { action_id: action.action_id };
  if (typeof action.block_id === 'string') out.block_id = action.block_id;
  if (typeof action.value === 'string') out.value = action.value;
  if (typeof action.type === 'string') out.type = action.type;
  return out;
}

/** A response_url body: JSON as the app's `respond()` sends it, or a form with a `payload`. */
export function parseResponseBody(raw: string, contentType: string): Record<string, unknown> {
  try {
    if (contentType.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      return form.has('payload') ? JSON.parse(form.get('payload')!) : Object.fromEntries(form);
    }
    const body = JSON.parse(raw);
    if (body && typeof body === 'object' && !Array.isArray(body)) return body;
  } catch {
    // fall through
  }
  throw new SandboxUsageError('invalid_payload', 400);
}

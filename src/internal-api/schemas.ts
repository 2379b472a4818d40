import { z } from 'zod';

/** Shared pieces of the internal API's zod schemas. */

export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** PlusPlus user ids: ids and emails-as-ids both fit; no slashes, no spaces. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.:@+-]{1,128}$/;

export const TenantId = z
  .string()
  .regex(TENANT_ID_PATTERN, 'tenant_id must be 1 to 64 characters of A-Z, a-z, 0-9, _ or -');

export const UserId = z
  .string()
  .regex(USER_ID_PATTERN, 'user_id must be 1 to 128 characters of A-Z, a-z, 0-9 and _ . : @ + -');

export const TenantParams = z.object({ tenant_id: TenantId });
export const UserParams = z.object({ tenant_id: TenantId, user_id: UserId });

export const ErrorBody = z
  .object({
    error: z.string().describe('machine-readable code'),
    message: z.string().describe('a sentence for humans'),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

import { PlusPlusUser } from './plusplus-user';
import { Tenant } from './tenant';
import { TenantSettings } from './tenant-settings';

export { PlusPlusUser, Tenant, TenantSettings };

/** Every entity, in one list the data source uses. */
export const ENTITIES = [Tenant, TenantSettings, PlusPlusUser];

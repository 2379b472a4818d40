import { ConnectTicket } from './connect-ticket';
import { OAuthState } from './oauth-state';
import { PlusPlusUser } from './plusplus-user';
import { SlackInstallation } from './slack-installation';
import { Tenant } from './tenant';
import { TenantSettings } from './tenant-settings';

export { ConnectTicket, OAuthState, PlusPlusUser, SlackInstallation, Tenant, TenantSettings };

/** Every entity, in one list the data source uses. */
export const ENTITIES = [Tenant, TenantSettings, PlusPlusUser, SlackInstallation, ConnectTicket, OAuthState];

import { ConnectTicket } from './connect-ticket';
import { DeliveryRow } from './delivery';
import { DeliveryPacingRow } from './delivery-pacing';
import { NotificationRow } from './notification';
import { OAuthState } from './oauth-state';
import { PlusPlusUser } from './plusplus-user';
import { SlackDirectorySync } from './slack-directory-sync';
import { SlackInstallation } from './slack-installation';
import { SlackMemberRow } from './slack-member';
import { Tenant } from './tenant';
import { TenantSettings } from './tenant-settings';

export {
  ConnectTicket,
  DeliveryPacingRow,
  DeliveryRow,
  NotificationRow,
  OAuthState,
  PlusPlusUser,
  SlackDirectorySync,
  SlackInstallation,
  SlackMemberRow,
  Tenant,
  TenantSettings,
};

/** Every entity, in one list the data source uses. */
export const ENTITIES = [
  Tenant,
  TenantSettings,
  PlusPlusUser,
  SlackInstallation,
  ConnectTicket,
  OAuthState,
  SlackMemberRow,
  SlackDirectorySync,
  NotificationRow,
  DeliveryRow,
  DeliveryPacingRow,
];

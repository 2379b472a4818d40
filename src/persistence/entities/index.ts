import { ConnectTicket } from './connect-ticket';
import { DeliveryRow } from './delivery';
import { DeliveryPacingRow } from './delivery-pacing';
import { NotificationRow } from './notification';
import { NotificationRevisionRow } from './notification-revision';
import { OAuthState } from './oauth-state';
import { PlusPlusUser } from './plusplus-user';
import { SlackDirectorySync } from './slack-directory-sync';
import { SlackInstallation } from './slack-installation';
import { SlackMemberRow } from './slack-member';
import { SlackWelcome } from './slack-welcome';
import { TemplateLocaleVariantRow } from './template-locale-variant';
import { TemplateOverrideRow } from './template-override';
import { TemplateSettingRow } from './template-setting';
import { Tenant } from './tenant';
import { TenantSettings } from './tenant-settings';
import { TrackChannelRow } from './track-channel';
import { TrackChannelMemberRow } from './track-channel-member';

export {
  ConnectTicket,
  DeliveryPacingRow,
  DeliveryRow,
  NotificationRevisionRow,
  NotificationRow,
  OAuthState,
  PlusPlusUser,
  SlackDirectorySync,
  SlackInstallation,
  SlackMemberRow,
  SlackWelcome,
  TemplateLocaleVariantRow,
  TemplateOverrideRow,
  TemplateSettingRow,
  Tenant,
  TenantSettings,
  TrackChannelMemberRow,
  TrackChannelRow,
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
  NotificationRevisionRow,
  DeliveryRow,
  DeliveryPacingRow,
  TrackChannelRow,
  TrackChannelMemberRow,
  SlackWelcome,
  TemplateSettingRow,
  TemplateOverrideRow,
  TemplateLocaleVariantRow,
];

import { InitialSchema1764400000000 } from './1764400000000-initial-schema';
import { SlackConnect1764500000000 } from './1764500000000-slack-connect';
import { SlackDirectory1764600000000 } from './1764600000000-slack-directory';
import { Deliveries1764700000000 } from './1764700000000-deliveries';
import { TrackChannels1764800000000 } from './1764800000000-track-channels';
import { Templates1764900000000 } from './1764900000000-templates';
import { Welcomes1764950000000 } from './1764950000000-welcomes';
import { UserEmailKey1765000000000 } from './1765000000000-user-email-key';
import { Retention1765300000000 } from './1765300000000-retention';
import { AcceptedSkipReasons1765400000000 } from './1765400000000-accepted-skip-reasons';
import { PacingSlots1765500000000 } from './1765500000000-pacing-slots';
import { NotificationRevisions1765620000000 } from './1765620000000-notification-revisions';
import { TrackCancellation1765700000000 } from './1765700000000-track-cancellation';
import { NotificationContentId1765710000000 } from './1765710000000-notification-content-id';
import { Timing1765800000000 } from './1765800000000-timing';
import { DefaultLocale1765820000000 } from './1765820000000-default-locale';
import { TemplateLocaleVariants1765830000000 } from './1765830000000-template-locale-variants';

/**
 * Every migration, in the order it runs. Append only: a migration that has landed is never edited;
 * a change to the schema is a new file here (see docs/decisions.md).
 */
export const MIGRATIONS = [
  InitialSchema1764400000000,
  SlackConnect1764500000000,
  SlackDirectory1764600000000,
  Deliveries1764700000000,
  TrackChannels1764800000000,
  Templates1764900000000,
  Welcomes1764950000000,
  UserEmailKey1765000000000,
  Retention1765300000000,
  AcceptedSkipReasons1765400000000,
  PacingSlots1765500000000,
  NotificationRevisions1765620000000,
  TrackCancellation1765700000000,
  NotificationContentId1765710000000,
  Timing1765800000000,
  DefaultLocale1765820000000,
  TemplateLocaleVariants1765830000000,
];

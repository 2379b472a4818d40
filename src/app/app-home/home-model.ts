import type { MemberLanguage } from '../../domain/locale';
/**
 * What the App Home use case returns: the Home tab and its modals as plain data, computed by
 * home-service.ts and turned into Block Kit by views/home and views/modals (which import this file;
 * nothing here imports a view). Every string in them may be user-supplied and is escaped by the
 * builders, never here. The limits below are App Home rules the service applies and the views
 * follow.
 */
import type { NotificationViewModel } from '../../domain/templates/types';
import type { SendWindow } from '../../domain/timing/window';

/** The Slack user's own PlusPlus account. */
export interface MyAccountModel {
  userId: string;
  name: string | null;
  email: string | null;
  receiveSlackNotifications: boolean;
}

export interface ConnectionModel {
  teamId: string;
  teamName: string | null;
  /** Slack user id of the installer, if known. */
  installedBy: string | null;
  /** ISO timestamp. */
  installedAt: string | null;
  connected: boolean;
  missingScopes: string[];
  reconnectRequired: boolean;
  /** A fresh Connect link when reconnect is required; null otherwise. */
  reconnectUrl: string | null;
  /** Connect's explanation of the state (GET /slack `message`), when it has one. */
  message: string | null;
}

export type MatchingModel =
  | {
      available: true;
      total: number;
      matched: number;
      unmatched: number;
      ambiguous: number;
      errors: number;
      slackMatchable: number;
      directoryWarm: boolean;
    }
  | { available: false; reason: string };

/** One `failed` delivery of the tenant (docs/delivery.md), newest first in the admin home. */
export interface DeliveryFailureModel {
  /** The PlusPlus user it was for. */
  userId: string;
  /** The Slack member, when the delivery got as far as resolving one. */
  slackUserId: string | null;
  /** Notification type: invite, enrollment, assignment, reminder. */
  type: string;
  /** Slack's error code, or ours (`retries_exhausted` …). */
  reason: string | null;
  /** ISO timestamp of the failure. */
  at: string;
}

export interface AdminModel {
  connection: ConnectionModel;
  notificationsEnabled: boolean;
  mapping: { plusplus: string; slack: string };
  matching: MatchingModel;
  /**
   * The last failed deliveries (at most {@link RECENT_FAILURES_LIMIT}). HomeService always fills
   * this and `templates`; the views leave a section out when its list is absent.
   */
  recentFailures?: DeliveryFailureModel[];
  /** The notification templates (one per kind). */
  templates?: TemplateKindModel[];
  /** Send window, digest and default time zone (issue 21). */
  timing?: TimingModel;
}

/** One template kind in the admin home (TemplatesService.list). */
export interface TemplateKindModel {
  kind: string;
  /** Human name of the kind, e.g. "Reminder". */
  label: string;
  enabled: boolean;
  /** false for test_message: Test Slack always sends it, so there is no Disable button. */
  canDisable: boolean;
  /** true when the tenant has not edited it (the default applies). */
  isDefault: boolean;
  overrideCount: number;
}

/** The four template fields as text in the modal (empty = not set). */
export interface TemplateFields {
  header: string;
  body: string;
  button_label: string;
  context: string;
}

export type TemplateFieldName = keyof TemplateFields;

/**
 * What a Slack plain_text_input holds per field: the template limits of docs/templates.md, except
 * the body (10,000 there), which Slack caps at 3,000 per input. A longer body cannot be edited in
 * the modal (HomeService says so instead of opening it); the modal's inputs use these as max_length.
 */
export const TEMPLATE_INPUT_MAX: Record<TemplateFieldName, number> = {
  header: 500,
  body: 3000,
  button_label: 300,
  context: 2000,
};

/** The template modal's state. */
export interface TemplateFormModel {
  /** The viewing member's language and zone (issue 22); absent: en-US, UTC. */
  language?: MemberLanguage;
  kind: string;
  label: string;
  isDefault: boolean;
  /** Variables the kind may use besides `data.…`. */
  variables: string[];
  fields: TemplateFields;
  preview: TemplatePreviewModel | null;
}

export type TemplatePreviewModel =
  /** The rendered message's parts (as renderMessage made them: escaped and within limits). */
  | { kind: 'ok'; text: string; message: NotificationViewModel }
  /** The unsaved template was refused: one line per problem (field, place, message). */
  | { kind: 'invalid'; problems: Array<{ field: string; message: string; line?: number; column?: number }> }
  | { kind: 'failed'; message: string };

/** How many failed deliveries the admin home lists. */
export const RECENT_FAILURES_LIMIT = 10;

export interface HomeModel {
  /** The viewing member's language and zone (issue 22); absent: en-US, UTC. */
  language?: MemberLanguage;
  /** A one-line notice at the top (the outcome of the last action, or a refusal). */
  notice: HomeNotice | null;
  /** Workspace not connected to any PlusPlus instance (or its installation revoked). */
  connected: boolean;
  me: MyAccountModel | null;
  /** Present only for admins. */
  admin: AdminModel | null;
}

/** The mapping modal's state. */
export interface MappingFormModel {
  /** The viewing member's language and zone (issue 22); absent: en-US, UTC. */
  language?: MemberLanguage;
  plusplus: string;
  slack: string;
  preview: MappingPreviewModel | null;
}

export type MappingPreviewModel =
  | { kind: 'errors'; plusplus: string | null; slack: string | null }
  | { kind: 'failed'; message: string }
  | {
      kind: 'ok';
      current: { matched: number; total: number };
      proposed: { matched: number; total: number };
      gained: number;
      lost: number;
      changed: number;
      /** PlusPlus user ids, a few of each. */
      examples: { gained: string[]; lost: string[]; changed: string[] };
      directoryWarm: boolean;
      /** Members whose custom fields are still being fetched (a preview of an expression using fields). */
      customFieldsMissing: number;
    };

/** Users per page of the unmatched list: 20 sections + a few more stays far below 100 blocks. */
export const UNMATCHED_PAGE_SIZE = 20;

export interface UnmatchedEntry {
  userId: string;
  name: string | null;
  email: string | null;
  reason: string;
}

export interface UnmatchedPageModel {
  /** The viewing member's language and zone (issue 22); absent: en-US, UTC. */
  language?: MemberLanguage;
  total: number;
  offset: number;
  pageSize: number;
  entries: UnmatchedEntry[];
  counts: { total: number; matched: number; ambiguous: number; errors: number };
}

/**
 * A notice at the top of the home: an outcome the view words in the reader's language, or text
 * as given (a refusal or an error message from a service, in English).
 */
export type HomeNotice =
  | string
  | { kind: 'test_sent' }
  | { kind: 'test_failed'; error: string }
  | { kind: 'test_not_found' }
  /** `message`: the service's own (English) explanation, inside a sentence in the reader's words. */
  | { kind: 'test_could_not_run'; message: string }
  | { kind: 'rematch_failed'; message: string }
  | { kind: 'not_connected' }
  | { kind: 'no_account' }
  | { kind: 'admins_only' }
  | { kind: 'no_such_template' }
  | { kind: 'tenant_notifications'; on: boolean }
  | { kind: 'my_notifications'; on: boolean }
  | { kind: 'rematch_skipped' }
  | { kind: 'rematch_done'; linked: number; changed: number }
  | { kind: 'mapping_saved' }
  | { kind: 'timing_saved' }
  /** `template`: the kind; `label`: its en-US name. */
  | {
      kind: 'template_reset' | 'template_on' | 'template_off' | 'template_saved' | 'template_default_again';
      template: string;
      label: string;
    };

/** The timing settings (issue 21) as the admin section and the modal show them. */
export interface TimingModel {
  /** null: no window (everything goes at once). */
  window: SendWindow | null;
  digest: { enabled: boolean; maxItems: number };
  defaultTimeZone: string;
}

/**
 * The view models App Home and its modals are built from. Plain data, computed by
 * src/services/home-service.ts; every string in them may be user-supplied and is escaped by the
 * builders, never here.
 */

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
  /** ConnectService's explanation of the state, when it has one. */
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
   * The last failed deliveries (at most {@link RECENT_FAILURES_LIMIT}); absent when the service
   * cannot read them (no database handed to it), so the section is left out.
   */
  recentFailures?: DeliveryFailureModel[];
  /** The notification templates (one per kind); absent when the service has no TemplatesService. */
  templates?: TemplateKindModel[];
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

/** The template modal's state. */
export interface TemplateFormModel {
  kind: string;
  label: string;
  isDefault: boolean;
  /** Variables the kind may use besides `data.…`. */
  variables: string[];
  fields: TemplateFields;
  preview: TemplatePreviewModel | null;
}

export type TemplatePreviewModel =
  /** The rendered message (blocks as renderMessage made them: escaped and within limits). */
  | { kind: 'ok'; text: string; blocks: Array<Record<string, unknown>> }
  /** The unsaved template was refused: one line per problem (field, place, message). */
  | { kind: 'invalid'; problems: Array<{ field: string; message: string; line?: number; column?: number }> }
  | { kind: 'failed'; message: string };

/** How many failed deliveries the admin home lists. */
export const RECENT_FAILURES_LIMIT = 10;

export interface HomeModel {
  /** A one-line notice at the top (the outcome of the last action, or a refusal). */
  notice: string | null;
  /** Workspace not connected to any PlusPlus instance (or its installation revoked). */
  connected: boolean;
  me: MyAccountModel | null;
  /** Present only for admins. */
  admin: AdminModel | null;
}

/** The mapping modal's state. */
export interface MappingFormModel {
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

export interface UnmatchedEntry {
  userId: string;
  name: string | null;
  email: string | null;
  reason: string;
}

export interface UnmatchedPageModel {
  total: number;
  offset: number;
  pageSize: number;
  entries: UnmatchedEntry[];
  counts: { total: number; matched: number; ambiguous: number; errors: number };
}

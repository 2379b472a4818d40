import type { MemberLanguage } from '../../domain/locale';
/**
 * Who is asking in App Home and what they are told when they may not, and what HomeService is
 * built from: shared by HomeService and the actions kept in their own files (home-mapping.ts,
 * home-template-actions.ts), which import this file rather than home-service.ts (no import cycle).
 */

import type { StoredUser } from '../../domain/users';
import type { AppHomeRepository } from '../../persistence/repositories/app-home-repository';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { UsersRepository } from '../../persistence/repositories/users-repository';
import type { Logger } from '../../platform/logger';
import type { StoredInstallation, TenantInstallationStore } from '../../slack/installation-store';
import type { ConnectLinks } from '../connect/connect-links';
import type { ConnectionStatusService } from '../connect/connection-status';
import type { TemplatesService } from '../template-editing/templates-service';
import type { MatchingService } from '../user-matching/matching-service';
import type { TestSlackService } from '../user-matching/test-slack';
import type { HomeModel, HomeNotice } from './home-model';

/** What HomeService is built from (src/compose.ts); every dependency is required. */
export interface HomeServiceOptions {
  installations: TenantInstallationStore;
  users: UsersRepository;
  tenants: TenantsRepository;
  matching: MatchingService;
  /** For the admin's connection section: where Connect stands, and a Reconnect link. */
  connect: {
    status: Pick<ConnectionStatusService, 'forTenant'>;
    links: Pick<ConnectLinks, 'createConnectLink'>;
  };
  testSlack: TestSlackService;
  /** The welcome markers and the admin's recent delivery failures. */
  appHome: AppHomeRepository;
  /** The admin's templates section and the template modal. */
  templates: TemplatesService;
  logger: Logger;
  /** The viewing member's language (issue 22); absent: everything in en-US. */
  locales?: { forSlackUser(teamId: string, slackUserId: string): Promise<MemberLanguage> };
}

/** Who is asking, resolved on the server for every request (never trusted from the payload). */
export interface Actor {
  tenantId: string;
  teamId: string;
  slackUserId: string;
  installation: StoredInstallation;
  me: StoredUser | null;
  isAdmin: boolean;
}

/** Refusals shown as the home's notice, as data: the view words them in the member's language. */
export const ADMINS_ONLY = { kind: 'admins_only' } as const satisfies HomeNotice;
export const NO_SUCH_TEMPLATE = { kind: 'no_such_template' } as const satisfies HomeNotice;
export const NOT_CONNECTED = { kind: 'not_connected' } as const satisfies HomeNotice;
export const NO_ACCOUNT = { kind: 'no_account' } as const satisfies HomeNotice;

/** The same refusals in en-US, where a modal's inline error (a plain string) shows them. */
export const NOTICE_TEXT = {
  admins_only: 'Only PlusPlus admins can change that. Nothing was changed.',
  no_such_template: 'There is no such notification template.',
  not_connected: 'PlusPlus is not connected to this Slack workspace.',
  no_account:
    "I couldn't find your PlusPlus account, so there is nothing to change. Check that your Slack email is the one you use in PlusPlus.",
} as const;

/**
 * Who may administer PlusPlus from Slack (App Home, `/plusplus mapping`, testing others): a
 * PlusPlus admin linked to this Slack member, or the Slack user who installed the app.
 */
export function isPlusPlusAdmin(
  me: StoredUser | null,
  installation: Pick<StoredInstallation, 'installerUserId'>,
  slackUserId: string,
): boolean {
  return Boolean(me?.isAdmin) || installation.installerUserId === slackUserId;
}

/**
 * What an action outside HomeService uses of it. The action resolves the actor and checks rights
 * itself, exactly like HomeService's own methods, so moving it out changes nobody's rights.
 */
export interface HomeContext {
  readonly o: HomeServiceOptions;
  actor(teamId: string, slackUserId: string): Promise<Actor | null>;
  homeOf(actor: Actor | null, notice: HomeNotice | null): Promise<HomeModel>;
  /** Logs the refused action and returns the home with ADMINS_ONLY. */
  refuse(actor: Actor, what: string): Promise<HomeModel>;
}

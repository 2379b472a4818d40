/**
 * Who is asking in App Home and what they are told when they may not: shared by HomeService and
 * the actions kept in their own files (home-mapping.ts, home-template-actions.ts).
 */
import type { HomeModel } from '../../views/home/model';
import type { StoredUser } from '../domain/users';
import type { StoredInstallation } from '../slack/installation-store';
import type { HomeServiceOptions } from './home-service';

/** Who is asking, resolved on the server for every request (never trusted from the payload). */
export interface Actor {
  tenantId: string;
  teamId: string;
  slackUserId: string;
  installation: StoredInstallation;
  me: StoredUser | null;
  isAdmin: boolean;
}

export const ADMINS_ONLY = 'Only PlusPlus admins can change that. Nothing was changed.';
export const NO_SUCH_TEMPLATE = 'There is no such notification template.';
export const NOT_CONNECTED = 'PlusPlus is not connected to this Slack workspace.';
export const NO_ACCOUNT =
  "I couldn't find your PlusPlus account, so there is nothing to change. Check that your Slack email is the one you use in PlusPlus.";

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
  homeOf(actor: Actor | null, notice: string | null): Promise<HomeModel>;
  /** Logs the refused action and returns the home with ADMINS_ONLY. */
  refuse(actor: Actor, what: string): Promise<HomeModel>;
}

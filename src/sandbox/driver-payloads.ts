/**
 * Interactivity payloads as Slack sends them (shapes from test/fixtures/slack-payloads:
 * bolt-python's test_block_actions__body.json and test_view_submission__body.json, with the extra
 * keys java-slack-sdk has seen). Pure builders; the driver adds ids, timestamps and signatures.
 */

/** A `block_actions` interaction. Field names follow Slack's payload where they map one to one. */
export interface BlockActionInput {
  team_id: string;
  team_domain?: string;
  user_id: string;
  user_name?: string;
  /** The action: at least `action_id`; `type` defaults to `button`, `block_id` to a random-looking id. */
  action: { action_id: string; block_id?: string; type?: string; value?: string; [key: string]: unknown };
  /**
   * The view the action happened in (App Home or a modal): the payload then has a `view` container
   * and no channel or response_url, as Slack does for views.
   */
  view?: {
    id: string;
    type?: 'home' | 'modal';
    callback_id?: string;
    private_metadata?: string;
    [key: string]: unknown;
  };
  /** For actions in a message: the channel and message ts (default: the app DM). */
  channel_id?: string;
  message_ts?: string;
  trigger_id?: string;
  response_url?: string;
  /** `view.state.values` for actions inside a modal. */
  state_values?: Record<string, Record<string, unknown>>;
}

/** A `view_submission` of a modal. */
export interface ViewSubmissionInput {
  team_id: string;
  team_domain?: string;
  user_id: string;
  user_name?: string;
  callback_id: string;
  /** `view.state.values`: block_id → action_id → element state (`{type, value}` …). */
  values: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  view_id?: string;
  external_id?: string;
  /** The modal's blocks (optional; apps read `state.values`, not blocks). */
  blocks?: unknown[];
  title?: string;
  trigger_id?: string;
  /** For modals with `response_url_enabled` inputs. */
  response_urls?: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
}

/** Values the driver supplies (ids, clock, app identity). */
export interface PayloadContext {
  apiAppId: string;
  token: string;
  triggerId: string;
  actionTs?: string;
  responseUrl?: string;
  viewId?: string;
  hash?: string;
}

function userOf(input: { user_id: string; user_name?: string; team_id: string }) {
  const name = input.user_name ?? input.user_id.toLowerCase();
  return { id: input.user_id, username: name, name, team_id: input.team_id };
}

function teamOf(input: { team_id: string; team_domain?: string }) {
  return { id: input.team_id, domain: input.team_domain ?? 'sandbox' };
}

export function blockActionPayload(input: BlockActionInput, ctx: PayloadContext): Record<string, unknown> {
  const action = {
    type: 'button',
    block_id: input.action.block_id ?? 'b1',
    action_ts: ctx.actionTs,
    ...input.action,
  };
  const common = {
    type: 'block_actions',
    user: userOf(input),
    api_app_id: ctx.apiAppId,
    token: ctx.token,
    trigger_id: ctx.triggerId,
    team: teamOf(input),
    enterprise: null,
    is_enterprise_install: false,
  };
  if (input.view) {
    const view = {
      type: 'home',
      team_id: input.team_id,
      app_id: ctx.apiAppId,
      app_installed_team_id: input.team_id,
      callback_id: '',
      private_metadata: '',
      state: { values: input.state_values ?? {} },
      ...input.view,
    };
    return {
      ...common,
      container: { type: 'view', view_id: input.view.id },
      view,
      state: { values: input.state_values ?? {} },
      actions: [action],
    };
  }
  const channelId = input.channel_id ?? `D${input.user_id.slice(1)}`;
  return {
    ...common,
    container: {
      type: 'message',
      message_ts: input.message_ts ?? '1.000001',
      channel_id: channelId,
      is_ephemeral: false,
    },
    channel: { id: channelId, name: channelId.startsWith('D') ? 'directmessage' : 'general' },
    response_url: ctx.responseUrl,
    actions: [action],
  };
}

export function viewSubmissionPayload(
  input: ViewSubmissionInput,
  ctx: PayloadContext,
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: teamOf(input),
    user: userOf(input),
    api_app_id: ctx.apiAppId,
    token: ctx.token,
    trigger_id: ctx.triggerId,
    view: {
      id: ctx.viewId,
      team_id: input.team_id,
      type: 'modal',
      blocks: input.blocks ?? [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id,
      state: { values: input.values },
      hash: ctx.hash,
      title: { type: 'plain_text', text: input.title ?? 'PlusPlus' },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: 'plain_text', text: 'Cancel' },
      submit: { type: 'plain_text', text: 'Save' },
      previous_view_id: null,
      root_view_id: ctx.viewId,
      app_id: ctx.apiAppId,
      external_id: input.external_id ?? '',
      app_installed_team_id: input.team_id,
      bot_id: 'B0PLUSPLUS',
    },
    response_urls: input.response_urls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { parseCommand } from '../../src/domain/commands';
import type { AfterAck } from '../../src/slack/after-ack';
import { busyReply, failedReply, helpReply, unknownReply } from '../../views/command-replies';
import { mappingModal } from '../../views/modals/mapping-modal';
import { slackView } from '../events/home';
import type { ListenerDeps } from '../index';

/**
 * `/plusplus`: acknowledged at once (Slack allows 3 s); help and unknown text are answered in the
 * ack itself, everything else after it through response_url, ephemerally.
 */
export function registerCommands(app: App, deps: ListenerDeps & { afterAck: AfterAck }): void {
  app.command('/plusplus', async ({ command, ack, respond, client }) => {
    const parsed = parseCommand(command.text);
    if (parsed.kind === 'help' || parsed.kind === 'unknown') {
      const reply = parsed.kind === 'help' ? helpReply() : unknownReply(parsed.text);
      await ack({ response_type: 'ephemeral', text: reply.text });
      return;
    }
    // Overload: say so in the ack (no extra work) rather than queue without bound.
    if (deps.afterAck.full) {
      await ack({ response_type: 'ephemeral', text: busyReply().text });
      return;
    }
    await ack();
    // The modal's trigger id expires 3 s after the command: it cannot wait its turn.
    if (parsed.kind === 'mapping') return answer(deps, command, parsed, respond, client);
    await deps.afterAck.run(() => answer(deps, command, parsed, respond, client));
  });
}

async function answer(
  deps: ListenerDeps,
  command: SlashCommand,
  parsed: ReturnType<typeof parseCommand>,
  respond: RespondFn,
  client: WebClient,
): Promise<void> {
  try {
    // Admins get the attributes modal (the same one as App Home's Edit); the trigger id from
    // the command is valid for 3 s, and mappingForm makes no Slack call.
    if (parsed.kind === 'mapping') {
      const form = await deps.home.mappingForm(command.team_id, command.user_id);
      if (form.ok) {
        await client.views.open({
          trigger_id: command.trigger_id,
          view: slackView(mappingModal(form.form)),
        });
        return;
      }
    }
    const reply = await deps.commands.handle(command.team_id, command.user_id, parsed);
    await respond({ response_type: 'ephemeral', text: reply.text });
  } catch (error) {
    deps.logger.error({ err: error, teamId: command.team_id, command: parsed.kind }, '/plusplus failed');
    await respond({ response_type: 'ephemeral', text: failedReply().text });
  }
}

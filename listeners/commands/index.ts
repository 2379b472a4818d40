import type { App } from '@slack/bolt';
import { parseCommand } from '../../src/domain/commands';
import { failedReply, helpReply, unknownReply } from '../../views/command-replies';
import type { ListenerDeps } from '../index';

/**
 * `/plusplus`: acknowledged at once (Slack allows 3 s); help and unknown text are answered in the
 * ack itself, everything else after it through response_url, ephemerally.
 */
export function registerCommands(app: App, deps: ListenerDeps): void {
  app.command('/plusplus', async ({ command, ack, respond }) => {
    const parsed = parseCommand(command.text);
    if (parsed.kind === 'help' || parsed.kind === 'unknown') {
      const reply = parsed.kind === 'help' ? helpReply() : unknownReply(parsed.text);
      await ack({ response_type: 'ephemeral', text: reply.text });
      return;
    }
    await ack();
    try {
      const reply = await deps.commands.handle(command.team_id, command.user_id, parsed);
      await respond({ response_type: 'ephemeral', text: reply.text });
    } catch (error) {
      deps.logger.error({ err: error, teamId: command.team_id, command: parsed.kind }, '/plusplus failed');
      await respond({ response_type: 'ephemeral', text: failedReply().text });
    }
  });
}

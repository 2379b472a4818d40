import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { HomeService } from '../../src/app/app-home/home-service';
import type { MemberLocales } from '../../src/app/directory-sync/member-locales';
import type { CommandsService } from '../../src/app/slash-commands/commands-service';
import {
  type PlusPlusCommand,
  parseCommand,
  type SubcommandHandler,
  subcommand,
} from '../../src/domain/commands';
import type { Logger } from '../../src/platform/logger';
import type { ResponseUrls } from '../../src/slack/response-url';
import type { AfterAck } from '../../src/slack-server/after-ack';
import {
  busyReply,
  commandReply,
  failedReply,
  helpReply,
  type Reply,
  unknownReply,
} from '../../views/command-replies';
import { EN, type Lang, lang } from '../../views/i18n';
import { mappingModal } from '../../views/modals/mapping-modal';
import { slackView } from '../slack-view';

type Args = Pick<SlackCommandMiddlewareArgs & AllMiddlewareArgs, 'command' | 'ack' | 'client'>;

/**
 * What an answer after the ack reads: kept while it waits its turn, instead of Bolt's arguments
 * (four strings; the Web API client only for the modal, which does not wait).
 */
type AnswerArgs = {
  command: Pick<Args['command'], 'team_id' | 'user_id' | 'trigger_id' | 'response_url'>;
  client?: Args['client'];
};

export interface PlusPlusCommandDeps {
  logger: Logger;
  commands: Pick<CommandsService, 'handle'>;
  home: Pick<HomeService, 'mappingForm'>;
  afterAck: Pick<AfterAck, 'full' | 'start'>;
  /** Where answers after the ack go (the command's response_url). */
  responses: Pick<ResponseUrls, 'post'>;
  /** The member's language (issue 22); absent: en-US. */
  locales?: Pick<MemberLocales, 'forSlackUser' | 'known'>;
}

/**
 * Before the ack the language may take only so long: Slack allows 3 s for the whole ack, and a
 * cold look-up can mean a users.info call. Slower than this: the answer is in en-US.
 */
const LANGUAGE_BEFORE_ACK_MS = 700;

async function languageOf(
  deps: PlusPlusCommandDeps,
  teamId: string,
  userId: string,
  withinMs?: number,
): Promise<Lang> {
  if (!deps.locales) return EN;
  const lookup = deps.locales.forSlackUser(teamId, userId).then(
    (language) => lang(language),
    () => EN,
  );
  if (withinMs === undefined) return lookup;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Lang>((resolve) => {
    timer = setTimeout(() => resolve(EN), withinMs);
  });
  try {
    return await Promise.race([lookup, late]);
  } finally {
    clearTimeout(timer);
  }
}

const ephemeral = (reply: Reply) => ({ response_type: 'ephemeral' as const, text: reply.text });

/**
 * `/plusplus`: acknowledged at once (Slack allows 3 s). The text is parsed against the declared
 * subcommands (src/domain/commands.ts), whose `handler` picks the answer: help and unknown text in
 * the ack itself, everything else after it through response_url, ephemerally.
 */
export const plusplusCommandHandler =
  (deps: PlusPlusCommandDeps) =>
  async (args: Args): Promise<void> => {
    const parsed = parseCommand(args.command.text);
    const { team_id: teamId, user_id: userId } = args.command;
    // Help and unknown text are answered in the ack, in the member's language: known at once if
    // this process has met the member (nothing read before the ack, issue 15), else looked up
    // within LANGUAGE_BEFORE_ACK_MS (a database read; a users.info for a member never seen).
    const known = deps.locales ? deps.locales.known(teamId, userId) : EN;
    if (parsed.kind === 'unknown' || subcommand(parsed.kind).handler === 'help-in-ack') {
      const l = known ? lang(known) : await languageOf(deps, teamId, userId, LANGUAGE_BEFORE_ACK_MS);
      return args.ack(ephemeral(parsed.kind === 'unknown' ? unknownReply(parsed.text, l) : helpReply(l)));
    }
    const handler = subcommand(parsed.kind).handler;
    // Overload: say so in the ack (no extra work: in the language if known) rather than queue
    // without bound.
    if (deps.afterAck.full) return args.ack(ephemeral(busyReply(known ? lang(known) : EN)));
    await args.ack();
    // The modal's trigger id expires 3 s after the command: it cannot wait its turn.
    if (handler === 'mapping-modal') return answerAfterAck(deps, args, parsed, handler);
    // Queued without waiting for it (AfterAck.start says why), holding only what the answer reads.
    const waiting: AnswerArgs = {
      command: {
        team_id: teamId,
        user_id: userId,
        trigger_id: args.command.trigger_id,
        response_url: args.command.response_url,
      },
    };
    deps.afterAck.start(
      () => answerAfterAck(deps, waiting, parsed, handler),
      (error) => deps.logger.error({ err: error, teamId, command: parsed.kind }, '/plusplus answer failed'),
    );
  };

/**
 * The answer after the ack. Any failure is logged and answered with "nothing was changed": the
 * user is waiting for a reply, and the ack has already gone.
 */
async function answerAfterAck(
  deps: PlusPlusCommandDeps,
  { command, client }: AnswerArgs,
  parsed: PlusPlusCommand,
  handler: SubcommandHandler,
): Promise<void> {
  try {
    // Admins get the attributes modal (the same one as App Home's Edit); mappingForm makes no
    // Slack call, so the trigger id is still fresh. Others get CommandsService's answer.
    if (handler === 'mapping-modal' && client) {
      const form = await deps.home.mappingForm(command.team_id, command.user_id);
      if (form.ok) {
        await client.views.open({ trigger_id: command.trigger_id, view: slackView(mappingModal(form.form)) });
        return;
      }
    }
    const [answer, l] = await Promise.all([
      deps.commands.handle(command.team_id, command.user_id, parsed),
      languageOf(deps, command.team_id, command.user_id),
    ]);
    await deps.responses.post(command.response_url, ephemeral(commandReply(answer, l)));
  } catch (error) {
    deps.logger.error({ err: error, teamId: command.team_id, command: parsed.kind }, '/plusplus failed');
    const l = await languageOf(deps, command.team_id, command.user_id);
    await deps.responses.post(command.response_url, ephemeral(failedReply(l)));
  }
}

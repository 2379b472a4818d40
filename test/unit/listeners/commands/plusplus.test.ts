import { plusplusCommandHandler } from '../../../../listeners/commands/plusplus';
import type { CommandAnswer, PlusPlusCommand } from '../../../../src/domain/commands';
import type { AfterAck } from '../../../../src/slack-server/after-ack';
import {
  busyReply,
  commandReply,
  failedReply,
  helpReply,
  type Reply,
  statusReply,
  unknownReply,
} from '../../../../views/command-replies';
import { mappingModal } from '../../../../views/modals/mapping-modal';
import { fakeLogger, fakeService, fakeSlack, homeModel, mappingForm, TEAM, USER } from '../fakes';

type Args = Parameters<ReturnType<typeof plusplusCommandHandler>>[0];

const RESPONSE_URL = 'https://hooks.slack.com/commands/T1/1/abc';

/** The answer the fake CommandsService gives unless a test says otherwise. */
const STATUS: CommandAnswer = {
  kind: 'status',
  userName: 'Ada <b>',
  userId: 'ada',
  receiving: true,
  connectionHealthy: true,
};

/**
 * `/plusplus <text>` typed by U1 in T1, with fakes for everything the handler touches. `answer` is
 * CommandsService's answer; `admin` whether the mapping form is offered; `full` the after-ack queue.
 */
function slash(
  text: string,
  o: { answer?: () => Promise<CommandAnswer>; admin?: boolean; full?: boolean } = {},
) {
  const slack = fakeSlack();
  const { calls } = slack;
  const commands = fakeService(calls, 'commands', {
    handle: o.answer ?? (async (): Promise<CommandAnswer> => STATUS),
  });
  const form = mappingForm();
  const home = fakeService(calls, 'home', {
    mappingForm: async () =>
      o.admin ? { ok: true as const, form } : { ok: false as const, home: homeModel('admins only') },
  });
  // The handler queues its answer and returns (AfterAck.start); run() below waits for it.
  const started: Array<Promise<unknown>> = [];
  const afterAck: Pick<AfterAck, 'full' | 'start'> = {
    full: o.full ?? false,
    start: (work, onError) => {
      calls.push('afterAck.run');
      started.push(work().catch(onError));
    },
  };
  const { logger, asLogger } = fakeLogger();
  // Answers after the ack go to the command's response_url: recorded as the fake's `respond`.
  const postedTo: string[] = [];
  const responses = {
    post: async (url: string, message: object) => {
      postedTo.push(url);
      await slack.respond(message);
    },
  };
  const handler = plusplusCommandHandler({ logger: asLogger, commands, home, afterAck, responses });
  const args = {
    command: {
      command: '/plusplus',
      text,
      team_id: TEAM,
      user_id: USER,
      trigger_id: 'TRIGGER',
      response_url: RESPONSE_URL,
    },
    ack: slack.ack,
    client: slack.webClient,
  } as unknown as Args;
  const run = async () => {
    await handler(args);
    await Promise.all(started);
  };
  return { ...slack, run, handler, args, commands, home, afterAck, logger, form, postedTo };
}

const ephemeral = (reply: Reply) => ({ response_type: 'ephemeral', text: reply.text });

describe('/plusplus', () => {
  it.each(['', 'help', 'HELP me'])('answers %j with the help text in the ack itself', async (text) => {
    const { run, calls, ack } = slash(text);
    await run();
    expect(calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith(ephemeral(helpReply()));
  });

  it('answers unknown text in the ack, quoting it (escaped by the view)', async () => {
    const { run, calls, ack } = slash('dance <!here>');
    await run();
    expect(calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith(ephemeral(unknownReply('dance <!here>')));
  });

  it.each<[string, PlusPlusCommand]>([
    ['status', { kind: 'status' }],
    ['mute', { kind: 'mute' }],
    ['unmute', { kind: 'unmute' }],
    ['test', { kind: 'test', target: null }],
    ['test <@U0ADA|ada>', { kind: 'test', target: { slackUserId: 'U0ADA' } }],
    ['test Ada@Example.com', { kind: 'test', target: { email: 'ada@example.com' } }],
  ])(
    'acks %j empty, then answers CommandsService’s reply through response_url in its turn',
    async (text, parsed) => {
      const { run, calls, ack, respond, commands, postedTo } = slash(text);
      await run();
      expect(calls).toEqual(['ack', 'afterAck.run', 'commands.handle', 'respond']);
      expect(postedTo).toEqual([RESPONSE_URL]);
      expect(ack).toHaveBeenCalledWith();
      expect(commands.handle).toHaveBeenCalledWith(TEAM, USER, parsed);
      expect(respond).toHaveBeenCalledWith(ephemeral(commandReply(STATUS)));
      expect(commandReply(STATUS)).toEqual(statusReply(STATUS));
    },
  );

  it('mapping, admin: opens the mapping modal at once on the command’s trigger id', async () => {
    const { run, calls, client, home, form } = slash('mapping', { admin: true });
    await run();
    expect(calls).toEqual(['ack', 'home.mappingForm', 'views.open']);
    expect(home.mappingForm).toHaveBeenCalledWith(TEAM, USER);
    expect(client.views.open).toHaveBeenCalledWith({ trigger_id: 'TRIGGER', view: mappingModal(form) });
  });

  it('mapping, not an admin: CommandsService answers (without waiting in the queue)', async () => {
    const refusal: CommandAnswer = { kind: 'admins_only', what: 'mapping' };
    const { run, calls, commands, respond } = slash('mapping', { admin: false, answer: async () => refusal });
    await run();
    expect(calls).toEqual(['ack', 'home.mappingForm', 'commands.handle', 'respond']);
    expect(commands.handle).toHaveBeenCalledWith(TEAM, USER, { kind: 'mapping' });
    expect(respond).toHaveBeenCalledWith(
      ephemeral({ text: 'Only PlusPlus admins can see and change user matching.' }),
    );
  });

  it("returns with its ack, before the queued answer is done (Bolt's arguments are not held meanwhile)", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { calls, respond, handler, args } = slash('status', {
      answer: async () => {
        await gate;
        return STATUS;
      },
    });
    await handler(args);
    expect(calls).toEqual(['ack', 'afterAck.run', 'commands.handle']);
    expect(respond).not.toHaveBeenCalled();
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(respond).toHaveBeenCalledWith(ephemeral(commandReply(STATUS)));
  });

  it('says "busy" in the ack, and does nothing else, when too many answers are waiting', async () => {
    const { run, calls, ack } = slash('status', { full: true });
    await run();
    expect(calls).toEqual(['ack']);
    expect(ack).toHaveBeenCalledWith(ephemeral(busyReply()));
  });

  it('answers a failure after the ack with "nothing was changed" and logs it', async () => {
    const failure = new Error('db down');
    const { run, calls, respond, logger } = slash('status', {
      answer: async () => {
        throw failure;
      },
    });
    await run();
    expect(calls).toEqual(['ack', 'afterAck.run', 'commands.handle', 'respond']);
    expect(respond).toHaveBeenCalledWith(ephemeral(failedReply()));
    expect(logger.error).toHaveBeenCalledWith(
      { err: failure, teamId: TEAM, command: 'status' },
      '/plusplus failed',
    );
  });
});

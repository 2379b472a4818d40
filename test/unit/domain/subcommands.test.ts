/**
 * The /plusplus subcommands are declared once (SUBCOMMANDS in src/domain/commands.ts). The
 * manifest's usage hint, the help text, the `commands` scope purpose and the router (parser plus
 * the listener's handler keys) must each cover exactly that list: no more, no fewer.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommand, SUBCOMMANDS, subcommand } from '../../../src/domain/commands';
import { SLASH_COMMAND_USAGE_HINT } from '../../../src/slack/manifest';
import { SCOPE_PURPOSES } from '../../../src/slack/scopes';
import { helpReply } from '../../../views/command-replies';
import { REPO_ROOT } from '../../support/fixtures';

const declared = SUBCOMMANDS.map((s) => s.name);

describe('the declared /plusplus subcommands', () => {
  it('are the six the app has, each declared once', () => {
    expect(declared).toEqual(['help', 'status', 'test', 'mute', 'unmute', 'mapping']);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('are exactly the usage hint’s entries, in order, in the code and in the checked-in manifest.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8'));
    const hint: string = manifest.features.slash_commands[0].usage_hint;
    expect(hint).toBe(SLASH_COMMAND_USAGE_HINT);
    expect(hint.split(' | ').map((entry) => entry.split(' ')[0])).toEqual(declared);
  });

  it('are exactly the subcommands the help text names', () => {
    const named = [...helpReply().text.matchAll(/`\/plusplus (\w+)/g)].map((m) => m[1]);
    expect(new Set(named)).toEqual(new Set(declared));
    for (const s of SUBCOMMANDS) {
      for (const line of s.help) expect(helpReply().text).toContain(`• ${line.typed} — ${line.does}`);
    }
  });

  it('are what the `commands` scope purpose lists', () => {
    expect(SCOPE_PURPOSES.commands).toBe(`Provide the /plusplus slash command (${declared.join(', ')}).`);
  });

  it('are exactly what the router knows: each name parses to its own kind, other words are unknown', () => {
    for (const name of declared) {
      expect(parseCommand(name).kind).toBe(name);
      expect(parseCommand(name.toUpperCase()).kind).toBe(name);
      expect(subcommand(name).handler).toMatch(/^(help-in-ack|mapping-modal|commands-service)$/);
    }
    for (const word of ['dance', 'helps', 'statuses', 'muted', 'map', 'unknown']) {
      expect(parseCommand(word).kind).toBe('unknown');
    }
  });
});

import { SCOPE_PURPOSES } from '../../src/slack/scopes';
import { HomeAction, PRIVACY_URL, templateBlockId } from '../ids';
import {
  actions,
  type Block,
  button,
  context,
  divider,
  esc,
  FIELD_TEXT_MAX,
  header,
  mention,
  plain,
  plural,
  section,
  slackDate,
} from './blocks';
import {
  type AdminModel,
  type DeliveryFailureModel,
  type HomeModel,
  type MyAccountModel,
  RECENT_FAILURES_LIMIT,
  type TemplateKindModel,
} from './model';

/** The App Home tab (`views.publish`): the admin's settings, then everyone's own preferences. */
export function homeView(model: HomeModel): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('PlusPlus')];
  if (model.notice) blocks.push(section(`:information_source: ${esc(model.notice, 1000)}`));
  if (!model.connected) {
    blocks.push(
      section(
        'PlusPlus is not connected to this Slack workspace. A PlusPlus admin can connect it in PlusPlus: ' +
          '*System Settings > Integrations > Slack*.',
      ),
    );
  } else {
    if (model.admin) blocks.push(...adminBlocks(model.admin), divider());
    blocks.push(...myBlocks(model.me));
  }
  blocks.push(context(`<${PRIVACY_URL}|PlusPlus privacy policy>`));
  return { type: 'home', blocks };
}

function adminBlocks(admin: AdminModel): Block[] {
  const c = admin.connection;
  const lines = [`*Workspace:* ${esc(c.teamName ?? c.teamId)} (\`${esc(c.teamId, 30)}\`)`];
  if (c.installedBy || c.installedAt) {
    const who = c.installedBy ? mention(c.installedBy) : 'someone';
    lines.push(`*Connected by:* ${who}${c.installedAt ? ` on ${slackDate(c.installedAt)}` : ''}`);
  }
  if (!c.connected) lines.push(':warning: *Slack no longer accepts PlusPlus’s token.*');
  else if (c.missingScopes.length > 0) {
    // Each with what it is for, so an admin can judge the reconnect it asks for.
    lines.push(':warning: *Missing permissions* (Reconnect to grant them):');
    for (const s of c.missingScopes) {
      const purpose = (SCOPE_PURPOSES as Record<string, string>)[s];
      lines.push(`• \`${esc(s, 40)}\`${purpose ? `: ${esc(purpose, 200)}` : ''}`);
    }
  } else lines.push(':white_check_mark: *Permissions:* all granted');
  const reconnect = c.reconnectUrl
    ? button({ text: 'Reconnect', actionId: HomeAction.Reconnect, url: c.reconnectUrl, style: 'primary' })
    : undefined;
  const blocks: Block[] = [header('Admin: connection'), section(lines.join('\n'), reconnect)];
  if (c.message) blocks.push(context(esc(c.message, 1500)));

  const on = admin.notificationsEnabled;
  blocks.push(
    divider(),
    header('Admin: notifications'),
    section(
      `*Allow PlusPlus to send Slack notifications:* ${on ? 'On' : 'Off'}\n` +
        (on
          ? 'PlusPlus sends invites, enrollments, assignments and reminders in Slack.'
          : 'Nobody gets PlusPlus notifications in Slack until this is on.'),
      button({
        text: on ? 'Turn off' : 'Turn on',
        actionId: HomeAction.TenantNotifications,
        value: on ? 'off' : 'on',
        ...(on ? {} : { style: 'primary' as const }),
      }),
    ),
    divider(),
    header('Admin: user matching'),
    {
      type: 'section',
      fields: [
        plain(`PlusPlus User Attribute:\n${admin.mapping.plusplus}`, FIELD_TEXT_MAX),
        plain(`Slack User Attribute:\n${admin.mapping.slack}`, FIELD_TEXT_MAX),
      ],
      accessory: button({ text: 'Edit', actionId: HomeAction.EditMapping, value: 'edit' }),
    },
  );
  const m = admin.matching;
  if (m.available) {
    const parts = [
      `*${plural(m.matched, 'user')} matched* of ${plural(m.total, 'PlusPlus user')}`,
      `${m.unmatched.toLocaleString('en-US')} unmatched`,
      `${m.ambiguous.toLocaleString('en-US')} ambiguous`,
      `${m.errors.toLocaleString('en-US')} with errors`,
    ];
    blocks.push(
      section(
        `${parts.join(' · ')}\n${plural(m.slackMatchable, 'Slack member')} can be matched.` +
          (m.directoryWarm ? '' : '\n:hourglass: The Slack directory is still being read; counts will grow.'),
      ),
    );
  } else {
    blocks.push(section(`:warning: Match counts are unavailable: ${esc(m.reason, 500)}`));
  }
  blocks.push(
    actions('home.matching', [
      button({ text: 'Re-match now', actionId: HomeAction.Rematch, value: 'rematch' }),
      button({ text: 'Unmatched users', actionId: HomeAction.ShowUnmatched, value: '0' }),
    ]),
  );
  if (admin.templates) blocks.push(divider(), ...templateBlocks(admin.templates));
  if (admin.recentFailures) blocks.push(divider(), ...failureBlocks(admin.recentFailures));
  return blocks;
}

/** Most template kinds listed (there are six); keeps the home far below 100 blocks whatever happens. */
const TEMPLATE_KINDS_SHOWN = 12;

/**
 * Notification templates: per kind a line (on/off, default/edited, overrides) and its buttons:
 * Enable/Disable (none for kinds that cannot be disabled), Edit (modal), Reset to default (only
 * when edited, with a confirmation). 2 blocks per kind + 2.
 */
function templateBlocks(kinds: TemplateKindModel[]): Block[] {
  const blocks: Block[] = [header('Admin: notification templates')];
  for (const t of kinds.slice(0, TEMPLATE_KINDS_SHOWN)) {
    const state = [
      t.enabled ? ':large_green_circle: On' : ':white_circle: *Off*',
      t.isDefault ? 'default template' : '*edited*',
    ];
    if (t.overrideCount > 0) state.push(plural(t.overrideCount, 'content override'));
    if (!t.canDisable) state.push('always on (Test Slack)');
    blocks.push(section(`*${esc(t.label, 100)}* (\`${esc(t.kind, 40)}\`)\n${state.join(' · ')}`));
    const elements: Block[] = [];
    if (t.canDisable) {
      elements.push(
        button({
          text: t.enabled ? 'Disable' : 'Enable',
          actionId: HomeAction.TemplateEnabled,
          value: `${t.kind}:${t.enabled ? 'off' : 'on'}`,
          ...(t.enabled ? {} : { style: 'primary' as const }),
        }),
      );
    }
    elements.push(button({ text: 'Edit', actionId: HomeAction.EditTemplate, value: t.kind }));
    if (!t.isDefault) {
      elements.push({
        ...button({ text: 'Reset to default', actionId: HomeAction.ResetTemplate, value: t.kind }),
        confirm: {
          title: plain('Reset to default?', 100),
          text: plain(`This template goes back to PlusPlus's default. Your edit is lost.`, 300),
          confirm: plain('Reset', 30),
          deny: plain('Cancel', 30),
        },
      });
    }
    blocks.push(actions(templateBlockId(t.kind), elements));
  }
  blocks.push(
    context(
      'Disabled kinds are not sent in Slack (recipients still get email). Templates use Mustache, ' +
        'e.g. `{{content.title}}`; edits are checked before they are saved.',
    ),
  );
  return blocks;
}

/**
 * Recent delivery failures: one section, a line per failure. Every part is escaped and clipped on
 * its own (ids 60, type 32, code 60 characters), so ten lines stay far below the 3000 of a section.
 */
function failureBlocks(failures: DeliveryFailureModel[]): Block[] {
  const blocks: Block[] = [header('Admin: recent delivery failures')];
  if (failures.length === 0) {
    blocks.push(section('No failed deliveries. :tada:'));
    return blocks;
  }
  const lines = failures.slice(0, RECENT_FAILURES_LIMIT).map((f) => {
    const id = `\`${esc(f.userId, 60)}\``;
    const who = f.slackUserId ? `${mention(f.slackUserId)} (${id})` : id;
    const code = f.reason ? `\`${esc(f.reason, 60)}\`` : 'no error code';
    return `• ${who} · ${esc(f.type, 32)} · ${code} · ${slackDate(f.at)}`;
  });
  blocks.push(
    section(lines.join('\n')),
    context(
      'The last failed Slack notifications, newest first: recipient, type, Slack’s error code, when. ' +
        'Recipients still get them by email.',
    ),
  );
  return blocks;
}

function myBlocks(me: MyAccountModel | null): Block[] {
  const blocks: Block[] = [header('Your preferences')];
  if (!me) {
    blocks.push(
      section(
        "I couldn't find your PlusPlus account. Check that your email in Slack is the one you use in " +
          'PlusPlus, or ask a PlusPlus admin to check the user matching settings.',
      ),
    );
    return blocks;
  }
  const name = me.name ? `${esc(me.name)} (\`${esc(me.userId, 100)}\`)` : `\`${esc(me.userId, 100)}\``;
  blocks.push(
    section(`*Your PlusPlus account:* ${name}${me.email ? `\n${esc(me.email)}` : ''}`),
    section(
      `*Receive Slack notifications:* ${me.receiveSlackNotifications ? 'On' : 'Off'}\n` +
        (me.receiveSlackNotifications
          ? 'You get PlusPlus notifications here in Slack (and by email).'
          : 'You get PlusPlus notifications by email only.'),
      button({
        text: me.receiveSlackNotifications ? 'Turn off' : 'Turn on',
        actionId: HomeAction.MyNotifications,
        value: me.receiveSlackNotifications ? 'off' : 'on',
      }),
    ),
    actions('home.me', [
      button({ text: 'Send me a test message', actionId: HomeAction.TestMe, value: 'test' }),
      button({ text: 'Privacy policy', actionId: HomeAction.Privacy, url: PRIVACY_URL }),
    ]),
  );
  return blocks;
}

import {
  type AdminModel,
  type DeliveryFailureModel,
  type HomeModel,
  type HomeNotice,
  type MyAccountModel,
  RECENT_FAILURES_LIMIT,
  type TemplateKindModel,
} from '../../src/app/app-home/home-model';
import { SCOPE_PURPOSES } from '../../src/slack/scopes';
import { type Lang, langOf } from '../i18n';
import { kindLabel } from '../i18n/kinds';
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
  readerDate,
  section,
} from './blocks';
import { timingBlocks } from './timing-blocks';

/**
 * The App Home tab (`views.publish`): the admin's settings, then everyone's own preferences, in
 * the viewing member's language and time zone.
 */
export function homeView(model: HomeModel, l: Lang = langOf(model)): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header('PlusPlus')];
  if (model.notice) blocks.push(section(`:information_source: ${esc(noticeText(model.notice, l), 1000)}`));
  if (!model.connected) {
    blocks.push(section(l.t('home.notConnected')));
  } else {
    if (model.admin) blocks.push(...adminBlocks(model.admin, l), divider());
    blocks.push(...myBlocks(model.me, l));
  }
  blocks.push(context(l.t('home.privacy', { privacyUrl: PRIVACY_URL })));
  return { type: 'home', blocks };
}

/** A notice in the reader's language: known outcomes are catalogue messages, the rest is as given. */
function noticeText(notice: HomeNotice, l: Lang): string {
  if (typeof notice === 'string') return notice;
  switch (notice.kind) {
    case 'test_sent':
      return l.t('notice.testSent');
    case 'test_failed':
      return l.t('notice.testFailed', { error: notice.error });
    case 'test_not_found':
      return l.t('notice.testNotFound');
    case 'test_could_not_run':
      return l.t('notice.testCouldNotRun', { message: notice.message });
    case 'rematch_failed':
      return l.t('notice.rematchFailed', { message: notice.message });
    case 'not_connected':
      return l.t('notice.notConnected');
    case 'no_account':
      return l.t('notice.noAccount');
    case 'admins_only':
      return l.t('notice.adminsOnly');
    case 'no_such_template':
      return l.t('notice.noSuchTemplate');
    case 'tenant_notifications':
      return l.t('notice.tenantNotifications', { on: notice.on ? 'yes' : 'no' });
    case 'my_notifications':
      return l.t('notice.myNotifications', { on: notice.on ? 'yes' : 'no' });
    case 'rematch_skipped':
      return l.t('notice.rematchSkipped');
    case 'rematch_done':
      return l.t('notice.rematchDone', { linked: notice.linked, changed: notice.changed });
    case 'mapping_saved':
      return l.t('notice.mappingSaved');
    case 'timing_saved':
      return l.t('timing.notice.saved');
    default: {
      // The template notices: the kind named in the reader's language (en-US: the model's label).
      const label = l.locale === 'en-US' ? notice.label : (kindLabel(notice.template, l) ?? notice.label);
      const key = TEMPLATE_NOTICES[notice.kind];
      return l.t(key, { label });
    }
  }
}

const TEMPLATE_NOTICES = {
  template_reset: 'notice.templateReset',
  template_on: 'notice.templateOn',
  template_off: 'notice.templateOff',
  template_saved: 'notice.templateSaved',
  template_default_again: 'notice.templateDefaultAgain',
} as const;

function adminBlocks(admin: AdminModel, l: Lang): Block[] {
  const c = admin.connection;
  const lines = [l.t('home.admin.workspace', { name: esc(c.teamName ?? c.teamId), id: esc(c.teamId, 30) })];
  if (c.installedBy || c.installedAt) {
    const who = c.installedBy ? mention(c.installedBy) : l.t('common.someone');
    lines.push(
      c.installedAt
        ? l.t('home.admin.connectedByOn', { who, date: readerDate(c.installedAt, l) })
        : l.t('home.admin.connectedBy', { who }),
    );
  }
  if (!c.connected) lines.push(l.t('home.admin.tokenRefused'));
  else if (c.missingScopes.length > 0) {
    // Each with what it is for, so an admin can judge the reconnect it asks for.
    lines.push(l.t('home.admin.missingScopes'));
    for (const s of c.missingScopes) {
      const purpose = (SCOPE_PURPOSES as Record<string, string>)[s];
      lines.push(`• \`${esc(s, 40)}\`${purpose ? `: ${esc(purpose, 200)}` : ''}`);
    }
  } else lines.push(l.t('home.admin.allGranted'));
  const reconnect = c.reconnectUrl
    ? button({
        text: l.t('home.admin.reconnect'),
        actionId: HomeAction.Reconnect,
        url: c.reconnectUrl,
        style: 'primary',
      })
    : undefined;
  const blocks: Block[] = [header(l.t('home.admin.connectionHeader')), section(lines.join('\n'), reconnect)];
  if (c.message) blocks.push(context(esc(c.message, 1500)));

  const on = admin.notificationsEnabled;
  blocks.push(
    divider(),
    header(l.t('home.admin.notificationsHeader')),
    section(
      l.t('home.admin.notifications', { on: on ? 'yes' : 'no' }),
      button({
        text: l.t(on ? 'common.turnOff' : 'common.turnOn'),
        actionId: HomeAction.TenantNotifications,
        value: on ? 'off' : 'on',
        ...(on ? {} : { style: 'primary' as const }),
      }),
    ),
    divider(),
    header(l.t('home.admin.matchingHeader')),
    {
      type: 'section',
      fields: [
        plain(l.t('home.admin.plusplusAttribute', { value: admin.mapping.plusplus }), FIELD_TEXT_MAX),
        plain(l.t('home.admin.slackAttribute', { value: admin.mapping.slack }), FIELD_TEXT_MAX),
      ],
      accessory: button({ text: l.t('common.edit'), actionId: HomeAction.EditMapping, value: 'edit' }),
    },
  );
  const m = admin.matching;
  if (m.available) {
    const counts = l.t('home.admin.matchCounts', {
      matched: m.matched,
      total: m.total,
      unmatched: m.unmatched,
      ambiguous: m.ambiguous,
      errors: m.errors,
      matchable: m.slackMatchable,
    });
    blocks.push(section(m.directoryWarm ? counts : `${counts}\n${l.t('home.admin.directoryReading')}`));
  } else {
    blocks.push(section(l.t('home.admin.countsUnavailable', { reason: esc(m.reason, 500) })));
  }
  blocks.push(
    actions('home.matching', [
      button({ text: l.t('home.admin.rematch'), actionId: HomeAction.Rematch, value: 'rematch' }),
      button({ text: l.t('home.admin.unmatchedUsers'), actionId: HomeAction.ShowUnmatched, value: '0' }),
    ]),
  );
  if (admin.timing) blocks.push(divider(), ...timingBlocks(admin.timing, l));
  if (admin.templates) blocks.push(divider(), ...templateBlocks(admin.templates, l));
  if (admin.recentFailures) blocks.push(divider(), ...failureBlocks(admin.recentFailures, l));
  return blocks;
}

/** Most template kinds listed (there are fourteen); keeps the home far below 100 blocks whatever happens. */
const TEMPLATE_KINDS_SHOWN = 16;

/**
 * Notification templates: per kind a line (on/off, default/edited, overrides) and its buttons:
 * Enable/Disable (none for kinds that cannot be disabled), Edit (modal), Reset to default (only
 * when edited, with a confirmation). 2 blocks per kind + 2.
 */
function templateBlocks(kinds: TemplateKindModel[], l: Lang): Block[] {
  const blocks: Block[] = [header(l.t('home.templates.header'))];
  for (const t of kinds.slice(0, TEMPLATE_KINDS_SHOWN)) {
    const state = [
      l.t(t.enabled ? 'home.templates.on' : 'home.templates.off'),
      l.t(t.isDefault ? 'home.templates.default' : 'home.templates.edited'),
    ];
    if (t.overrideCount > 0) state.push(l.t('home.templates.overrides', { count: t.overrideCount }));
    if (!t.canDisable)
      state.push(l.t(t.kind === 'test_message' ? 'home.templates.alwaysOnTest' : 'home.templates.alwaysOn'));
    // The model's label is en-US; another language names the kind from its catalogue.
    const label = l.locale === 'en-US' ? t.label : (kindLabel(t.kind, l) ?? t.label);
    blocks.push(section(`*${esc(label, 100)}* (\`${esc(t.kind, 40)}\`)\n${state.join(' · ')}`));
    const elements: Block[] = [];
    if (t.canDisable) {
      elements.push(
        button({
          text: l.t(t.enabled ? 'common.disable' : 'common.enable'),
          actionId: HomeAction.TemplateEnabled,
          value: `${t.kind}:${t.enabled ? 'off' : 'on'}`,
          ...(t.enabled ? {} : { style: 'primary' as const }),
        }),
      );
    }
    elements.push(button({ text: l.t('common.edit'), actionId: HomeAction.EditTemplate, value: t.kind }));
    if (!t.isDefault) {
      elements.push({
        ...button({ text: l.t('home.templates.reset'), actionId: HomeAction.ResetTemplate, value: t.kind }),
        confirm: {
          title: plain(l.t('home.templates.resetTitle'), 100),
          text: plain(l.t('home.templates.resetText'), 300),
          confirm: plain(l.t('home.templates.resetConfirm'), 30),
          deny: plain(l.t('common.cancel'), 30),
        },
      });
    }
    blocks.push(actions(templateBlockId(t.kind), elements));
  }
  blocks.push(context(l.t('home.templates.help', { example: '{{content.title}}' })));
  return blocks;
}

/**
 * Recent delivery failures: one section, a line per failure. Every part is escaped and clipped on
 * its own (ids 60, type 32, code 60 characters), so ten lines stay far below the 3000 of a section.
 */
function failureBlocks(failures: DeliveryFailureModel[], l: Lang): Block[] {
  const blocks: Block[] = [header(l.t('home.failures.header'))];
  if (failures.length === 0) {
    blocks.push(section(l.t('home.failures.none')));
    return blocks;
  }
  const lines = failures.slice(0, RECENT_FAILURES_LIMIT).map((f) => {
    const id = `\`${esc(f.userId, 60)}\``;
    const who = f.slackUserId ? `${mention(f.slackUserId)} (${id})` : id;
    const code = f.reason ? `\`${esc(f.reason, 60)}\`` : l.t('home.failures.noCode');
    return `• ${who} · ${esc(f.type, 32)} · ${code} · ${readerDate(f.at, l)}`;
  });
  blocks.push(section(lines.join('\n')), context(l.t('home.failures.help')));
  return blocks;
}

function myBlocks(me: MyAccountModel | null, l: Lang): Block[] {
  const blocks: Block[] = [header(l.t('home.me.header'))];
  if (!me) {
    blocks.push(section(l.t('reply.noAccount')));
    return blocks;
  }
  const name = me.name ? `${esc(me.name)} (\`${esc(me.userId, 100)}\`)` : `\`${esc(me.userId, 100)}\``;
  blocks.push(
    section(`${l.t('home.me.account', { name })}${me.email ? `\n${esc(me.email)}` : ''}`),
    section(
      l.t('home.me.notifications', { on: me.receiveSlackNotifications ? 'yes' : 'no' }),
      button({
        text: l.t(me.receiveSlackNotifications ? 'common.turnOff' : 'common.turnOn'),
        actionId: HomeAction.MyNotifications,
        value: me.receiveSlackNotifications ? 'off' : 'on',
      }),
    ),
    actions('home.me', [
      button({ text: l.t('home.me.test'), actionId: HomeAction.TestMe, value: 'test' }),
      button({ text: l.t('common.privacyPolicy'), actionId: HomeAction.Privacy, url: PRIVACY_URL }),
    ]),
  );
  return blocks;
}

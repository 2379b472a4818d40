/**
 * Every text the app shows in Slack, rendered in every locale at its largest, against Block Kit's
 * limits (the sandbox's Slack-faithful checker) — German and Japanese run longer or wider than
 * English. A translation that Block Kit would cut (a modal title over 24 characters, a button over
 * 75) fails here rather than being clipped with "…" in front of a member.
 */
import type { AdminModel, HomeModel, UnmatchedPageModel } from '../../../../src/app/app-home/home-model';
import { SUPPORTED_LOCALES } from '../../../../src/domain/locale';
import {
  changeReply,
  renderMessage,
  TEMPLATE_KINDS,
  validateTemplate,
} from '../../../../src/domain/templates';
import { formatWhen } from '../../../../src/domain/templates/dates';
import { LOCALIZED_DEFAULTS } from '../../../../src/domain/templates/defaults-i18n';
import type { DigestModel } from '../../../../src/domain/timing/digest';
import { checkMessageBlocks, checkView } from '../../../../src/sandbox/block-kit';
import { commandReply } from '../../../../views/command-replies';
import { homeView } from '../../../../views/home/home-view';
import { lang } from '../../../../views/i18n';
import { changeReplyText } from '../../../../views/messages/change-reply';
import { digestMessage } from '../../../../views/messages/digest';
import { notificationMessage } from '../../../../views/messages/notification';
import { mappingModal } from '../../../../views/modals/mapping-modal';
import { templateModal } from '../../../../views/modals/template-modal';
import { timingErrorText, timingModal } from '../../../../views/modals/timing-modal';
import { messageModal, unmatchedModal } from '../../../../views/modals/unmatched-modal';
import { installerWelcomeMessage, welcomeMessage } from '../../../../views/welcome';

type Obj = Record<string, unknown>;

/** Every plain_text / mrkdwn text in a view with its path; a clipped one ends in "…". */
function texts(v: unknown, path = ''): Array<{ path: string; text: string }> {
  if (Array.isArray(v)) return v.flatMap((x, i) => texts(x, `${path}/${i}`));
  if (v === null || typeof v !== 'object') return [];
  const o = v as Obj;
  const own =
    typeof o.text === 'string' && (o.type === 'plain_text' || o.type === 'mrkdwn')
      ? [{ path, text: o.text }]
      : [];
  return [...own, ...Object.entries(o).flatMap(([k, x]) => texts(x, `${path}/${k}`))];
}
const clipped = (v: unknown) => texts(v).filter((t) => t.text.endsWith('…') && !t.text.endsWith('Loading…'));

const big = 987_654;
const admin = (): AdminModel => ({
  connection: {
    teamId: 'T123',
    teamName: 'Acme',
    installedBy: 'U0INSTALLER',
    installedAt: '2025-01-02T03:04:05.000Z',
    connected: true,
    missingScopes: ['channels:manage', 'groups:write', 'users:read.email'],
    reconnectRequired: true,
    reconnectUrl: 'https://example.com/connect',
    message: 'Reconnect please',
  },
  notificationsEnabled: true,
  mapping: { plusplus: 'email', slack: 'profile.email' },
  matching: {
    available: true,
    total: big,
    matched: big,
    unmatched: big,
    ambiguous: big,
    errors: big,
    slackMatchable: big,
    directoryWarm: false,
  },
  templates: TEMPLATE_KINDS.map((kind) => ({
    kind,
    label: kind,
    enabled: kind !== 'invite',
    canDisable: kind !== 'test_message',
    isDefault: false,
    overrideCount: big,
  })),
  recentFailures: Array.from({ length: 10 }, (_, i) => ({
    userId: `user-${i}-${'x'.repeat(50)}`,
    slackUserId: 'U0AAAAAAAA',
    type: 'reminder_cancelled',
    reason: 'x'.repeat(60),
    at: '2026-12-01T15:00:00.000Z',
  })),
});

describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
  const l = lang({ locale, timeZone: locale === 'ja-JP' ? 'Asia/Tokyo' : 'Europe/Berlin' });

  it('App Home at its largest is valid Block Kit with nothing cut', () => {
    for (const notice of [
      { kind: 'test_sent' as const },
      { kind: 'test_failed' as const, error: 'x'.repeat(80) },
    ]) {
      const model: HomeModel = {
        notice,
        connected: true,
        me: { userId: 'u1', name: 'A'.repeat(200), email: 'a@example.com', receiveSlackNotifications: false },
        admin: admin(),
      };
      const view = homeView(model, l);
      expect(checkView(view, 'home')).toEqual([]);
      expect(clipped(view)).toEqual([]);
    }
    expect(checkView(homeView({ notice: null, connected: false, me: null, admin: null }, l), 'home')).toEqual(
      [],
    );
    const noAccount = homeView({ notice: null, connected: true, me: null, admin: null }, l);
    expect(checkView(noAccount, 'home')).toEqual([]);
  });

  it('the modals are valid Block Kit with titles, buttons and labels uncut', () => {
    const previews = [
      null,
      { kind: 'errors' as const, plusplus: 'bad '.repeat(100), slack: 'bad '.repeat(100) },
      { kind: 'failed' as const, message: 'no' },
      {
        kind: 'ok' as const,
        current: { matched: big, total: big },
        proposed: { matched: 1, total: big },
        gained: big,
        lost: big,
        changed: big,
        examples: { gained: ['u1', 'u2'], lost: ['u3'], changed: ['u4'] },
        directoryWarm: false,
        customFieldsMissing: big,
      },
    ];
    for (const preview of previews) {
      const modal = mappingModal({ plusplus: 'email', slack: 'profile.email', preview }, l);
      expect(checkView(modal, 'modal')).toEqual([]);
      expect(clipped(modal)).toEqual([]);
    }
    for (const kind of TEMPLATE_KINDS) {
      const message = renderMessage({
        type: kind,
        content: { id: 'c', title: 'T', url: 'https://example.com', starts_at: '2026-12-01T15:00:00Z' },
        locale,
        appText: { optOut: l.t('notification.optOut'), defaultButton: l.t('notification.defaultButton') },
      });
      for (const preview of [
        null,
        { kind: 'ok' as const, text: message.text, message: message.view },
        {
          kind: 'invalid' as const,
          problems: Array.from({ length: 12 }, () => ({
            field: 'body',
            message: 'm'.repeat(100),
            line: 2,
            column: 5,
          })),
        },
      ]) {
        const modal = templateModal(
          {
            kind,
            label: kind,
            isDefault: true,
            variables: ['content.title'],
            fields: { header: '', body: 'x', button_label: '', context: '' },
            preview,
          },
          l,
        );
        expect(checkView(modal, 'modal')).toEqual([]);
        expect(clipped(modal).filter((t) => !t.path.includes('/fields'))).toEqual([]);
      }
    }
    const page: UnmatchedPageModel = {
      total: big,
      offset: 20,
      pageSize: 20,
      entries: Array.from({ length: 20 }, (_, i) => ({
        userId: `u${i}`,
        name: 'N'.repeat(100),
        email: 'e@example.com',
        reason: ['no_value', 'not_found', 'ambiguous', 'expression_error', 'no_email_in_slack'][i % 5]!,
      })),
      counts: { total: big, matched: big, ambiguous: big, errors: big },
    };
    const unmatched = unmatchedModal(page, l);
    expect(checkView(unmatched, 'modal')).toEqual([]);
    expect(clipped(unmatched)).toEqual([]);
    expect(checkView(messageModal(l.t('unmatched.title'), l.t('unmatched.loading'), l), 'modal')).toEqual([]);
  });

  it('welcome DMs, /plusplus replies and thread replies fit Slack', () => {
    for (const m of [
      welcomeMessage(l),
      installerWelcomeMessage('Acme', l),
      installerWelcomeMessage(null, l),
    ]) {
      expect(checkMessageBlocks(m.blocks)).toEqual([]);
      expect(m.text.length).toBeLessThan(3000);
    }
    const answers = [
      { kind: 'help' as const },
      { kind: 'unknown' as const, text: 'x'.repeat(200) },
      { kind: 'not_connected' as const },
      { kind: 'no_account' as const },
      { kind: 'status' as const, userName: 'A', userId: 'u', receiving: false, connectionHealthy: false },
      { kind: 'muted' as const },
      { kind: 'unmuted' as const },
      { kind: 'admins_only' as const, what: 'mapping' as const },
      { kind: 'admins_only' as const, what: 'test_others' as const },
      { kind: 'mapping' as const, plusplus: 'email', slack: 'profile.email' },
      {
        kind: 'test' as const,
        outcome: 'matched' as const,
        targetLabel: 'A',
        self: false,
        slackUserId: 'U1',
        sent: false,
        error: 'e',
      },
      { kind: 'test' as const, outcome: 'not_found' as const, targetLabel: 'A', self: true },
      { kind: 'target_not_found' as const, label: 'x' },
    ];
    for (const a of answers) {
      const text = commandReply(a, l).text;
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThan(3000);
    }
    const reply = changeReplyText(
      changeReply(
        { id: 'c', title: 'T'.repeat(300), starts_at: '2026-12-01T15:00:00Z', location: 'L'.repeat(400) },
        { parts: ['time', 'place', 'title', 'details'] },
        l.timeZone,
        locale,
      ),
      l,
    );
    expect(reply.length).toBeLessThan(3000);
  });

  it('notifications in this language: valid default templates, the opt-out line, within limits', () => {
    const language = locale.split('-')[0]!;
    for (const kind of TEMPLATE_KINDS) {
      if (language !== 'en') expect(validateTemplate(kind, LOCALIZED_DEFAULTS[language]![kind])).toEqual([]);
      const rendered = renderMessage({
        type: kind,
        content: {
          id: 'c',
          title: 'T'.repeat(500),
          url: 'https://example.com/x',
          starts_at: '2026-12-01T15:00:00Z',
          ends_at: '2026-12-02T17:00:00Z',
          location: 'L'.repeat(500),
          description: 'D'.repeat(5000),
        },
        actor: { name: 'A'.repeat(200) },
        recipient: { name: 'R' },
        change: {
          parts: ['time', 'place'],
          reason: 'R'.repeat(1000),
          previous: { id: 'c', title: 'Old', starts_at: '2026-11-30T15:00:00Z' },
        },
        locale,
        timeZone: l.timeZone,
        appText: { optOut: l.t('notification.optOut'), defaultButton: l.t('notification.defaultButton') },
      });
      expect(rendered.usedDefaultTemplate).toBeUndefined();
      const posted = notificationMessage(rendered);
      expect(checkMessageBlocks(posted.blocks)).toEqual([]);
      expect(rendered.view.context.at(-1)).toBe(l.t('notification.optOut'));
    }
  });
  it('send windows and digests (issue 21): the digest, App Home timing and its modal with every error', () => {
    // A digest at its largest: 10 items of every type with long titles full of characters that
    // escaping lengthens, dates over two days, and many more than listed.
    const types = ['invite', 'enrollment', 'assignment', 'reminder'];
    const when = formatWhen('2026-12-01T15:00:00Z', '2026-12-02T17:00:00Z', l.timeZone, locale);
    const digest: DigestModel = {
      items: Array.from({ length: 10 }, (_, i) => ({
        type: types[i % types.length]!,
        title: `${'<T&>'.repeat(200)} ${i}`,
        url: `https://acme.plusplus.example/events/${'x'.repeat(200)}/${i}`,
        whenMrkdwn: when!.mrkdwn,
        whenPlain: when!.plain,
      })),
      more: big,
      moreUrl: 'https://acme.plusplus.example/',
    };
    const posted = digestMessage(digest, l);
    expect(checkMessageBlocks(posted.blocks)).toEqual([]);
    expect(posted.text.length).toBeLessThanOrEqual(3000);
    // Titles are clipped on purpose (300 characters); the app's own words never are.
    const own = (posted.blocks as Array<{ type: string }>).filter((b) => b.type !== 'section');
    expect(clipped(own)).toEqual([]);
    expect(clipped(posted.blocks.at(-2))).toEqual([]);
    expect(JSON.stringify(posted.blocks)).toContain(l.t('notification.optOut').slice(0, 20));

    const timing = {
      window: {
        start: '09:00',
        end: '17:30',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as never,
        types: ['invite', 'enrollment', 'assignment', 'reminder'] as never,
      },
      digest: { enabled: true, maxItems: 10 },
      defaultTimeZone: 'America/Argentina/ComodRivadavia',
    };
    const home = homeView(
      { notice: { kind: 'timing_saved' }, connected: true, me: null, admin: { ...admin(), timing } },
      l,
    );
    expect(checkView(home, 'home')).toEqual([]);
    expect(clipped(home)).toEqual([]);

    const modal = timingModal(
      {
        windowOn: true,
        start: '09:00',
        end: '17:30',
        days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        types: ['invite', 'enrollment', 'assignment', 'reminder'],
        timeZone: 'America/Argentina/ComodRivadavia',
        digestOn: true,
        maxItems: '10',
      },
      l,
    );
    expect(checkView(modal, 'modal')).toEqual([]);
    expect(clipped(modal)).toEqual([]);
    // Inline errors (response_action "errors"): every code worded, one short sentence each.
    const codes = [
      'not_a_time',
      'end_not_after_start',
      'no_days',
      'unknown_days',
      'no_types',
      'unknown_types',
      'not_a_time_zone',
      'not_a_boolean',
      'max_items_range',
      'not_connected',
      'admins_only',
    ] as const;
    for (const code of codes) {
      const text = timingErrorText(code, l);
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(150);
    }
  });
});

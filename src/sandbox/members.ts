/**
 * Workspace members: a compact record per member, rendered into Slack's JSON shape on demand, so a
 * 100,000-member workspace costs one small object per member and pages are built only when asked.
 *
 * The rendered shapes follow the real users.list recordings in
 * test/fixtures/slack-recordings (key sets and their order): active members have 20 top-level
 * keys (+ `is_invited_user` for invited people), deactivated ones only 8, bots carry
 * `profile.bot_id`/`api_app_id`/`always_active` and no email, Slackbot is `USLACKBOT` with
 * `is_bot: false`, and `profile.fields` is always `null` outside users.profile.get.
 *
 * Over ~350 lines on purpose: the compact record and its rendering into each of Slack's shapes
 * must change together.
 */
import { hash32, hex, prng, slackId } from './ids';

export interface CustomFieldValue {
  value: string;
  alt: string;
}

/** One member, as the sandbox stores it. Every flag maps to a Slack key of the same meaning. */
export interface MemberRecord {
  id: string;
  teamId: string;
  name: string;
  realName: string;
  firstName: string;
  lastName: string;
  displayName: string;
  /** null: no email on the profile (bots, Slackbot, some people). */
  email: string | null;
  title: string;
  phone: string;
  tz: string;
  tzLabel: string;
  tzOffset: number;
  /** The member's Slack language (`en-US`, `de-DE` …); shown only with `include_locale=true`. */
  locale: string;
  color: string;
  updated: number;
  deleted: boolean;
  isBot: boolean;
  isAppUser: boolean;
  isAdmin: boolean;
  isOwner: boolean;
  isPrimaryOwner: boolean;
  isRestricted: boolean;
  isUltraRestricted: boolean;
  isInvitedUser: boolean;
  /** Bots: the B… id and the A… id of the app that owns the bot user ('' for legacy bots). */
  botId?: string;
  appId?: string;
  /** Custom profile fields by field id (`Xf…`); only users.profile.get shows them. */
  fields: Record<string, CustomFieldValue>;
  statusText: string;
  statusEmoji: string;
}

export type MemberKind =
  | 'person'
  | 'admin'
  | 'guest'
  | 'single_channel_guest'
  | 'deactivated'
  | 'bot'
  | 'deactivated_bot'
  | 'invited'
  | 'no_email'
  | 'app_user';

/** The custom profile fields every generated workspace defines (ids look like Slack's `Xf…`). */
export interface ProfileFieldDefinition {
  id: string;
  label: string;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Edsger',
  'Frances',
  'Dennis',
  'Radia',
  'Tim',
  'Hedy',
  'John',
  'Katherine',
  'Donald',
  'Shafi',
  'Leslie',
  'Anita',
  'Guido',
  'Sophie',
  'Yukihiro',
  'Mary',
  'Bjarne',
  'Karen',
  'James',
  'Jean',
  'Niklaus',
  'Adele',
  'Ivan',
  'Lynn',
  'Brian',
  'Evelyn',
  'Robin',
  'Marissa',
  'Whitfield',
  'Carol',
  'Vint',
  'Susan',
  'Ward',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Dijkstra',
  'Allen',
  'Ritchie',
  'Perlman',
  'Berners-Lee',
  'Lamarr',
  'McCarthy',
  'Johnson',
  'Knuth',
  'Goldwasser',
  'Lamport',
  'Borg',
  'van Rossum',
  'Wilson',
  'Matsumoto',
  'Keller',
  'Stroustrup',
  'Spärck Jones',
  'Gosling',
  'Bartik',
  'Wirth',
  'Goldberg',
  'Sutherland',
  'Conway',
  'Kernighan',
  'Berezin',
  'Milner',
  "O'Neil",
  'Diffie',
  'Shaw',
  'Cerf',
  'Kare',
  'Cunningham',
];
const TITLES = ['', '', 'Engineer', 'Designer', 'Product Manager', 'Learning Lead', 'Sales', 'Support'];
const ZONES: Array<[string, string, number]> = [
  ['America/New_York', 'Eastern Standard Time', -18000],
  ['America/Los_Angeles', 'Pacific Standard Time', -28800],
  ['Europe/London', 'Greenwich Mean Time', 0],
  ['Europe/Berlin', 'Central European Time', 3600],
  ['Asia/Kolkata', 'India Standard Time', 19800],
];
const COLORS = ['9f69e7', '4bbe2e', 'e7392d', '3c989f', 'e96699', 'aba727', '5b89d5', 'de5f24'];

export function fieldDefinitions(namespace: number): ProfileFieldDefinition[] {
  return [
    { id: `Xf${slackId('', namespace, 1).slice(0, 9)}`, label: 'Employee ID' },
    { id: `Xf${slackId('', namespace, 2).slice(0, 9)}`, label: 'Department' },
  ];
}

/** Which kind of member index `i` is: fixed for 0 (Slackbot) and 1 (primary owner), else by seed. */
function kindFor(i: number, roll: number): MemberKind | 'slackbot' | 'primary_owner' {
  if (i === 0) return 'slackbot';
  if (i === 1) return 'primary_owner';
  if (roll < 0.02) return 'admin';
  if (roll < 0.05) return 'guest';
  if (roll < 0.065) return 'single_channel_guest';
  if (roll < 0.125) return 'deactivated';
  if (roll < 0.165) return 'bot';
  if (roll < 0.175) return 'deactivated_bot';
  if (roll < 0.2) return 'invited';
  if (roll < 0.225) return 'no_email';
  if (roll < 0.24) return 'app_user';
  return 'person';
}

export interface GenerateOptions {
  teamId: string;
  /** Namespace number for this workspace's ids. */
  namespace: number;
  domain: string;
  seed: number;
  fields: ProfileFieldDefinition[];
  /** Unix seconds used as the members' `updated`. */
  epoch: number;
  /**
   * Give members from index 3 on a language in turn (de-DE, fr-FR, es-ES, ja-JP, en-US) with a
   * zone that fits it: the demo workspace (issue 22). Off: everyone en-US, as before.
   */
  languages?: boolean;
}

/** The demo workspace's languages, in turn, with a zone each: [locale, tz, label, offset]. */
const LANGUAGES: Array<[string, string, string, number]> = [
  ['de-DE', 'Europe/Berlin', 'Central European Time', 3600],
  ['fr-FR', 'Europe/Paris', 'Central European Time', 3600],
  ['es-ES', 'Europe/Madrid', 'Central European Time', 3600],
  ['ja-JP', 'Asia/Tokyo', 'Japan Standard Time', 32400],
  ['en-US', 'America/New_York', 'Eastern Standard Time', -18000],
];

/** Generates member `i` of a workspace; the same options and index always give the same member. */
export function generateMember(i: number, o: GenerateOptions): MemberRecord {
  const rnd = prng(hash32(`${o.seed}:${o.teamId}:${i}`));
  const kind = kindFor(i, rnd());
  if (kind === 'slackbot') return slackbot(o.teamId);
  const first = FIRST[Math.floor(rnd() * FIRST.length)];
  const last = LAST[Math.floor(rnd() * LAST.length)];
  const zone = ZONES[Math.floor(rnd() * ZONES.length)];
  const handle = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  const m = baseMember(o.teamId, slackId('U', o.namespace, i), `${handle}${i}`, first, last);
  m.email = `${handle}.${i}@${o.domain}.example.com`;
  m.title = TITLES[Math.floor(rnd() * TITLES.length)];
  m.tz = zone[0];
  m.tzLabel = zone[1];
  m.tzOffset = zone[2];
  m.color = COLORS[i % COLORS.length];
  // Members 1 (the primary owner, who installs) and 2 (the banner's member) stay en-US.
  if (o.languages && i >= 3) {
    const [locale, tz, label, offset] = LANGUAGES[(i - 3) % LANGUAGES.length]!;
    m.locale = locale;
    m.tz = tz;
    m.tzLabel = label;
    m.tzOffset = offset;
  }
  m.updated = o.epoch - Math.floor(rnd() * 86_400 * 365);
  if (rnd() < 0.7) {
    m.fields[o.fields[0].id] = { value: `E${String(10_000 + i)}`, alt: '' };
    if (rnd() < 0.5) m.fields[o.fields[1].id] = { value: rnd() < 0.5 ? 'Engineering' : 'Sales', alt: '' };
  }
  switch (kind) {
    case 'primary_owner':
      m.isAdmin = m.isOwner = m.isPrimaryOwner = true;
      break;
    case 'admin':
      m.isAdmin = true;
      break;
    case 'guest':
      m.isRestricted = true;
      break;
    case 'single_channel_guest':
      m.isRestricted = m.isUltraRestricted = true;
      break;
    case 'deactivated':
      m.deleted = true;
      break;
    case 'invited':
      m.isInvitedUser = true;
      break;
    case 'no_email':
      m.email = null;
      break;
    case 'app_user':
      m.isAppUser = true;
      break;
    case 'bot':
    case 'deactivated_bot':
      makeBot(m, slackId('B', o.namespace, i), slackId('A', o.namespace, i));
      m.name = `${last.toLowerCase().replace(/[^a-z]/g, '')}bot${i}`;
      m.realName = `${last} Bot`;
      m.displayName = m.name;
      m.deleted = kind === 'deactivated_bot';
      break;
  }
  return m;
}

export function baseMember(
  teamId: string,
  id: string,
  name: string,
  first: string,
  last: string,
): MemberRecord {
  const realName = `${first} ${last}`.trim();
  return {
    id,
    teamId,
    name,
    realName,
    firstName: first,
    lastName: last,
    displayName: first,
    email: null,
    title: '',
    phone: '',
    tz: 'America/Los_Angeles',
    tzLabel: 'Pacific Standard Time',
    tzOffset: -28800,
    locale: 'en-US',
    color: '757575',
    updated: 0,
    deleted: false,
    isBot: false,
    isAppUser: false,
    isAdmin: false,
    isOwner: false,
    isPrimaryOwner: false,
    isRestricted: false,
    isUltraRestricted: false,
    isInvitedUser: false,
    fields: {},
    statusText: '',
    statusEmoji: '',
  };
}

/** Turns a member into a bot user: `is_bot`, a B… id, the owning app, no email, no custom fields. */
export function makeBot(m: MemberRecord, botId: string, appId: string): void {
  m.isBot = true;
  m.botId = botId;
  m.appId = appId;
  m.email = null;
  m.fields = {};
  m.firstName = '';
  m.lastName = '';
}

function slackbot(teamId: string): MemberRecord {
  const m = baseMember(teamId, 'USLACKBOT', 'slackbot', 'slackbot', '');
  m.realName = 'Slackbot';
  m.displayName = 'Slackbot';
  return m;
}

/** What the caller may see: `email` needs users:read.email; `fields` only via users.profile.get. */
export interface RenderOptions {
  includeEmail: boolean;
  includeFields?: boolean;
  /** users.list / users.info with `include_locale=true`. */
  includeLocale?: boolean;
  /** The sandbox's clock (ms): `tz_offset` is the zone's offset at that instant, as Slack's follows DST. */
  now?: number;
}

function imageUrls(m: MemberRecord): Record<string, string> {
  const h = hex(hash32(m.id), 12);
  const base = m.isBot
    ? `https://avatars.slack-edge.com/sandbox/${h}`
    : `https://secure.gravatar.com/avatar/${h}`;
  const out: Record<string, string> = {};
  for (const size of [24, 32, 48, 72, 192, 512]) out[`image_${size}`] = `${base}_${size}.png`;
  return out;
}

/** The `profile` object, keys in the order real Slack sends them. */
export function renderProfile(m: MemberRecord, o: RenderOptions): Record<string, unknown> {
  const p: Record<string, unknown> = {
    title: m.title,
    phone: m.phone,
    skype: '',
    real_name: m.realName,
    real_name_normalized: m.realName.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
    display_name: m.displayName,
    display_name_normalized: m.displayName.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''),
    fields: o.includeFields ? { ...m.fields } : null,
    status_text: m.statusText,
    status_emoji: m.statusEmoji,
    status_emoji_display_info: [],
    status_expiration: 0,
    avatar_hash: hex(hash32(`${m.id}:avatar`), 12),
  };
  if (m.id === 'USLACKBOT') p.always_active = true;
  if (m.isBot) {
    p.api_app_id = m.appId ?? '';
    p.always_active = !m.deleted;
    p.bot_id = m.botId;
  }
  if (m.email !== null && o.includeEmail && !m.isBot) p.email = m.email;
  if (m.firstName || m.lastName || m.id === 'USLACKBOT') {
    p.first_name = m.firstName;
    p.last_name = m.lastName;
  }
  Object.assign(p, imageUrls(m));
  p.status_text_canonical = '';
  p.team = m.teamId;
  return p;
}

/** The member object of users.list / users.info / users.lookupByEmail. */
/**
 * Slack's `tz_offset` is the zone's offset now (seconds), so it changes with daylight saving: the
 * stored one is only the fallback for a zone Intl does not know.
 */
function offsetNow(tz: string, fallback: number, now = Date.now()): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date(now))
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(parts ?? '');
    if (!m) return parts === 'GMT' ? 0 : fallback;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return fallback;
  }
}

export function renderMember(m: MemberRecord, o: RenderOptions): Record<string, unknown> {
  const profile = renderProfile(m, { includeEmail: o.includeEmail, includeFields: false });
  if (m.deleted) {
    // Deactivated accounts come back with only these keys (see users_list.response0.json).
    return {
      id: m.id,
      team_id: m.teamId,
      name: m.name,
      deleted: true,
      profile,
      is_bot: m.isBot,
      is_app_user: m.isAppUser,
      updated: m.updated,
    };
  }
  const out: Record<string, unknown> = {
    id: m.id,
    team_id: m.teamId,
    name: m.name,
    deleted: false,
    color: m.color,
    real_name: m.realName,
    tz: m.tz,
    tz_label: m.tzLabel,
    tz_offset: offsetNow(m.tz, m.tzOffset, o.now),
    // Slack adds `locale` only when the call says include_locale=true.
    ...(o.includeLocale ? { locale: m.locale ?? 'en-US' } : {}),
    profile,
    is_admin: m.isAdmin,
    is_owner: m.isOwner,
    is_primary_owner: m.isPrimaryOwner,
    is_restricted: m.isRestricted,
    is_ultra_restricted: m.isUltraRestricted,
    is_bot: m.isBot,
    is_app_user: m.isAppUser,
    updated: m.updated,
    is_email_confirmed: m.email !== null && !m.isBot && !m.isInvitedUser,
  };
  if (m.isInvitedUser) out.is_invited_user = true;
  out.who_can_share_contact_card = 'EVERYONE';
  return out;
}

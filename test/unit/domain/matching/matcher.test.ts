import fc from 'fast-check';
import { compileExpression, ExpressionError, evaluate } from '../../../../src/domain/jmespath/jmespath';
import {
  type AttributeExpressionError,
  buildDirectoryIndex,
  buildMatcher,
  diffResults,
  type MatchOutcome,
  type MatchResult,
} from '../../../../src/domain/matching/matcher';
import type { SlackMember } from '../../../../src/domain/matching/slack-members';
import { matchKeys } from '../../../../src/domain/matching/values';
import type { UserRecord } from '../../../../src/domain/users';

const DEFAULTS = { plusplusExpression: 'email', slackExpression: 'profile.email' };

function member(id: string, email: string | null, extra: Record<string, unknown> = {}): SlackMember {
  const { profile, ...rest } = extra as { profile?: Record<string, unknown> };
  return {
    id,
    name: id.toLowerCase(),
    deleted: false,
    is_bot: false,
    profile: {
      email: email ?? undefined,
      display_name: '',
      real_name: `Real ${id}`,
      fields: null,
      ...profile,
    },
    ...rest,
  };
}

function user(id: string, record: Record<string, unknown>): UserRecord {
  return { id, ...record };
}

function outcome(result: MatchResult, userId: string): MatchOutcome {
  const found = result.outcomes.get(userId);
  if (!found) throw new Error(`no outcome for ${userId}`);
  return found;
}

const linked = (slackUserId: string) => expect.objectContaining({ status: 'matched', slackUserId });
const unmatched = (reason: string) => expect.objectContaining({ status: 'unmatched', reason });

describe('buildMatcher', () => {
  it('tags a bad expression with the settings field it came from', () => {
    const failure = (options: typeof DEFAULTS) => {
      try {
        buildMatcher(options);
      } catch (error) {
        return error as AttributeExpressionError;
      }
      throw new Error('expected a compile error');
    };
    const plusplus = failure({ plusplusExpression: 'email.', slackExpression: 'profile.' });
    expect(plusplus).toBeInstanceOf(ExpressionError);
    expect(plusplus).toMatchObject({ field: 'plusplus_user_attribute', kind: 'syntax', position: 6 });
    const slack = failure({ plusplusExpression: 'email', slackExpression: 'lower(profile.email)' });
    expect(slack).toMatchObject({ field: 'slack_user_attribute', reason: 'unknown-function' });
    expect(() => buildDirectoryIndex([], '[')).toThrow(
      expect.objectContaining({ field: 'slack_user_attribute' }),
    );
  });
});

describe('matchAll: the design examples', () => {
  it('email ↔ profile.email ignores letter case and surrounding white space', () => {
    const matcher = buildMatcher(DEFAULTS);
    const result = matcher.matchAll(
      [
        user('u1', { email: '  Ada.Lovelace@Example.COM ' }),
        user('u2', { email: 'grace@example.com' }),
        user('u3', { email: 'nobody@example.com' }),
        user('u4', { name: 'No Email' }),
      ],
      [
        member('UADA', 'ada.lovelace@example.com', { profile: { display_name: 'Ada' } }),
        member('UGRACE', ' GRACE@example.com'),
      ],
    );
    expect(outcome(result, 'u1')).toEqual({ status: 'matched', slackUserId: 'UADA', displayName: 'Ada' });
    expect(outcome(result, 'u2')).toEqual({
      status: 'matched',
      slackUserId: 'UGRACE',
      displayName: 'Real UGRACE',
    });
    expect(outcome(result, 'u3')).toEqual(unmatched('not_found'));
    expect(outcome(result, 'u4')).toEqual(unmatched('no_value'));
    expect(result.counts.users).toEqual({
      total: 4,
      matched: 2,
      unmatched: 2,
      ambiguous: 0,
      errors: 0,
      noValue: 1,
      notFound: 1,
    });
  });

  it('employee_id ↔ a custom profile field (as filled in from users.profile.get), number against string', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'employee_id',
      slackExpression: 'profile.fields.Xf01ABCDEF.value',
    });
    const result = matcher.matchAll(
      [
        user('u1', { employee_id: 1234 }),
        user('u2', { employee_id: 'e-77' }),
        user('u3', { employee_id: 999 }),
      ],
      [
        member('U1', 'a@x.io', { profile: { fields: { Xf01ABCDEF: { value: '1234', alt: '' } } } }),
        member('U2', 'b@x.io', { profile: { fields: { Xf01ABCDEF: { value: 'E-77', alt: '' } } } }),
        member('U3', 'c@x.io'), // fields: null, as users.list returns them
      ],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
    expect(outcome(result, 'u2')).toEqual(linked('U2'));
    expect(outcome(result, 'u3')).toEqual(unmatched('not_found'));
    expect(result.counts.slack).toMatchObject({ matchable: 3, withoutValue: 1 });
  });

  it('metadata.<key> on the PlusPlus side', () => {
    const matcher = buildMatcher({ plusplusExpression: 'metadata.slack_handle', slackExpression: 'name' });
    const result = matcher.matchAll(
      [user('u1', { metadata: { slack_handle: 'Ada' } }), user('u2', { metadata: {} })],
      [member('UADA', 'a@x.io', { name: 'ada' })],
    );
    expect(outcome(result, 'u1')).toEqual(linked('UADA'));
    expect(outcome(result, 'u2')).toEqual(unmatched('no_value'));
  });

  it('filters, indexing and pipes on both sides', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'emails[?primary].address | [0]',
      slackExpression: "values(profile.fields)[?alt == 'work'].value | [0]",
    });
    const result = matcher.matchAll(
      [
        user('u1', {
          emails: [
            { address: 'home@x.io', primary: false },
            { address: 'Work@X.io', primary: true },
          ],
        }),
        user('u2', { emails: [{ address: 'home@x.io', primary: false }] }),
      ],
      [
        member('U1', 'a@x.io', {
          profile: {
            fields: { Xf1: { value: 'home@x.io', alt: 'home' }, Xf2: { value: 'work@x.io', alt: 'work' } },
          },
        }),
      ],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
    expect(outcome(result, 'u2')).toEqual(unmatched('no_value')); // the filter selects nothing → null
  });

  it('a wildcard over custom fields gives an array that matches on any element', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'hris_id',
      slackExpression: 'profile.fields.*.value',
    });
    const result = matcher.matchAll(
      [user('u1', { hris_id: 'H-2' })],
      [member('U1', 'a@x.io', { profile: { fields: { Xf1: { value: 'H-1' }, Xf2: { value: 'h-2' } } } })],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
  });

  it('functions: join and to_string', () => {
    const matcher = buildMatcher({
      plusplusExpression: "join(' ', [first_name, last_name])",
      slackExpression: 'profile.real_name',
    });
    const result = matcher.matchAll(
      [user('u1', { first_name: 'Ada', last_name: 'Lovelace' })],
      [member('U1', 'a@x.io', { profile: { real_name: 'ada lovelace' } })],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));

    const byNumber = buildMatcher({
      plusplusExpression: 'to_string(employee.number)',
      slackExpression: 'profile.fields.Xf9.value',
    }).matchAll(
      [user('u1', { employee: { number: 7 } })],
      [member('U7', 'a@x.io', { profile: { fields: { Xf9: { value: '7' } } } })],
    );
    expect(outcome(byNumber, 'u1')).toEqual(linked('U7'));
  });

  it('a member without e-mail stays invisible even when matching on another attribute', () => {
    const matcher = buildMatcher({ plusplusExpression: 'name', slackExpression: 'profile.real_name' });
    const result = matcher.matchAll(
      [user('u1', { name: 'Ada Lovelace' }), user('u2', { name: 'Grace Hopper' })],
      [
        member('U1', null, { profile: { real_name: 'Ada Lovelace' } }),
        member('U2', 'grace@x.io', { profile: { real_name: 'Grace Hopper' } }),
        member('UBOT', 'bot@x.io', { is_bot: true, profile: { real_name: 'Ada Lovelace' } }),
        member('UOLD', 'old@x.io', { deleted: true, profile: { real_name: 'Ada Lovelace' } }),
      ],
    );
    expect(outcome(result, 'u1')).toEqual(unmatched('not_found'));
    expect(outcome(result, 'u2')).toEqual(linked('U2'));
    expect(result.counts.slack).toEqual({
      total: 4,
      deleted: 1,
      bots: 1,
      appUsers: 0,
      slackbot: 0,
      withoutEmail: 1,
      matchable: 1,
      withoutValue: 0,
      errors: 0,
    });
  });
});

describe('matchAll: ambiguity', () => {
  it('several Slack members with the same value: no link', () => {
    const result = buildMatcher(DEFAULTS).matchAll(
      [user('u1', { email: 'shared@x.io' })],
      [member('U1', 'shared@x.io'), member('U2', 'SHARED@x.io')],
    );
    expect(outcome(result, 'u1')).toEqual({
      status: 'unmatched',
      reason: 'ambiguous',
      detail: '2 Slack members have this value',
      slackUserIds: ['U1', 'U2'],
    });
    expect(result.counts.users.ambiguous).toBe(1);
  });

  it('several PlusPlus users with the same value: none of them is linked', () => {
    const result = buildMatcher(DEFAULTS).matchAll(
      [user('u1', { email: 'ada@x.io' }), user('u2', { email: 'ADA@x.io' }), user('u3', { email: 'b@x.io' })],
      [member('U1', 'ada@x.io'), member('U3', 'b@x.io')],
    );
    expect(outcome(result, 'u1')).toEqual({
      status: 'unmatched',
      reason: 'ambiguous',
      detail: '2 PlusPlus users match this Slack member',
      slackUserIds: ['U1'],
    });
    expect(outcome(result, 'u2')).toEqual(unmatched('ambiguous'));
    expect(outcome(result, 'u3')).toEqual(linked('U3'));
  });

  it('one user whose values lead to two different members is ambiguous, and blocks others on those members', () => {
    const matcher = buildMatcher({ plusplusExpression: 'emails', slackExpression: 'profile.email' });
    const result = matcher.matchAll(
      [user('u1', { emails: ['a@x.io', 'b@x.io'] }), user('u2', { emails: ['b@x.io'] })],
      [member('UA', 'a@x.io'), member('UB', 'b@x.io')],
    );
    expect(outcome(result, 'u1')).toEqual(
      expect.objectContaining({ reason: 'ambiguous', detail: 'The values match 2 different Slack members' }),
    );
    expect(outcome(result, 'u2')).toEqual(unmatched('ambiguous'));
  });

  it('a member with several values reached through a shared one by someone else is not linked', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'email',
      slackExpression: '[profile.email, profile.team]',
    });
    const result = matcher.matchAll(
      [user('u1', { email: 'a@x.io' }), user('u2', { email: 'Sales' }), user('u3', { email: 'c@x.io' })],
      [
        member('UA', 'a@x.io', { profile: { team: 'sales' } }),
        member('UB', 'b@x.io', { profile: { team: 'sales' } }),
        member('UC', 'c@x.io', { profile: { team: 'support' } }),
      ],
    );
    expect(outcome(result, 'u2')).toEqual(unmatched('ambiguous'));
    expect(outcome(result, 'u1')).toEqual(
      expect.objectContaining({
        reason: 'ambiguous',
        detail: "Another PlusPlus user's value matches this Slack member and others",
      }),
    );
    expect(outcome(result, 'u3')).toEqual(linked('UC'));
  });

  it('duplicate values on one member do not make it ambiguous', () => {
    const matcher = buildMatcher({ plusplusExpression: 'email', slackExpression: '[profile.email, name]' });
    const result = matcher.matchAll([user('u1', { email: 'ada' })], [member('U1', 'ADA', { name: 'ada' })]);
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
  });
});

describe('matchAll: values and errors', () => {
  it('an array result matches on any element', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'emails[*].address',
      slackExpression: 'profile.email',
    });
    const result = matcher.matchAll(
      [user('u1', { emails: [{ address: 'old@x.io' }, { address: 'Ada@X.io' }] })],
      [member('U1', 'ada@x.io')],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
  });

  it('numbers compare with strings by their string form', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'employee_id',
      slackExpression: 'profile.fields.X.value',
    });
    const field = (value: unknown) => ({ profile: { fields: { X: { value } } } });
    const result = matcher.matchAll(
      [user('u1', { employee_id: 42 }), user('u2', { employee_id: '0043' }), user('u3', { employee_id: 44 })],
      [
        member('U42', 'a@x.io', field('42')),
        member('U43', 'b@x.io', field(43)),
        member('U44', 'c@x.io', field(44.0)),
      ],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U42'));
    expect(outcome(result, 'u2')).toEqual(unmatched('not_found'));
    expect(outcome(result, 'u3')).toEqual(linked('U44'));
  });

  it.each([null, '', '   ', { nested: 'a@x.io' }, [], [{ a: 1 }]])('%j is no value', (value) => {
    const result = buildMatcher(DEFAULTS).matchAll([user('u1', { email: value })], [member('U1', 'a@x.io')]);
    expect(outcome(result, 'u1')).toEqual(unmatched('no_value'));
  });

  it('objects and empty strings on the Slack side are no value too', () => {
    const matcher = buildMatcher({ plusplusExpression: 'email', slackExpression: 'profile.extra' });
    const index = matcher.indexDirectory([
      member('U1', 'a@x.io', { profile: { extra: { x: 1 } } }),
      member('U2', 'b@x.io', { profile: { extra: ' ' } }),
      member('U3', 'c@x.io', { profile: { extra: 'c' } }),
    ]);
    expect(index.counts).toMatchObject({ matchable: 3, withoutValue: 2 });
    expect(index.lookup(' C ').map((m) => m.id)).toEqual(['U3']);
  });

  it('a run-time error for one user is expression_error for that user only', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'to_string(abs(level))',
      slackExpression: 'profile.level',
    });
    const result = matcher.matchAll(
      [user('u1', { level: -3 }), user('u2', { level: 'high' }), user('u3', {})],
      [member('U1', 'a@x.io', { profile: { level: '3' } })],
    );
    expect(outcome(result, 'u1')).toEqual(linked('U1'));
    expect(outcome(result, 'u2')).toEqual({
      status: 'unmatched',
      reason: 'expression_error',
      detail: expect.stringContaining('abs() expected argument 1 to be type number'),
    });
    expect(outcome(result, 'u3')).toEqual(unmatched('expression_error')); // abs(null) fails too
    expect(result.counts.users).toMatchObject({ matched: 1, errors: 2, unmatched: 0 });
  });

  it('a run-time error for one member leaves that member without a value', () => {
    const matcher = buildMatcher({
      plusplusExpression: 'level',
      slackExpression: 'to_string(abs(profile.level))',
    });
    const index = matcher.indexDirectory([
      member('U1', 'a@x.io', { profile: { level: -3 } }),
      member('U2', 'b@x.io', { profile: { level: 'x' } }),
    ]);
    expect(index.counts).toMatchObject({ matchable: 2, errors: 1, withoutValue: 0 });
    expect(index.firstError).toEqual({ slackUserId: 'U2', message: expect.stringContaining('abs()') });
    expect(outcome(matcher.matchAll([user('u1', { level: 3 })], index), 'u1')).toEqual(linked('U1'));
  });
});

describe('matchOne and the directory index', () => {
  const members = [member('U1', 'ada@x.io'), member('U2', 'grace@x.io'), member('U3', 'grace@x.io')];

  it('reuses one index for many users', () => {
    const matcher = buildMatcher(DEFAULTS);
    const index = buildDirectoryIndex(members, 'profile.email');
    expect(matcher.matchOne(user('u1', { email: 'ADA@x.io' }), index)).toEqual(linked('U1'));
    expect(matcher.matchOne(user('u2', { email: 'grace@x.io' }), index)).toEqual(unmatched('ambiguous'));
    expect(matcher.matchOne(user('u3', { email: 'x@x.io' }), members)).toEqual(unmatched('not_found'));
  });

  it('sees PlusPlus-side ambiguity only when given the other users', () => {
    const matcher = buildMatcher(DEFAULTS);
    const index = matcher.indexDirectory(members);
    const me = user('u1', { email: 'ada@x.io' });
    const others = [me, user('u9', { email: 'Ada@x.io' })];
    expect(matcher.matchOne(me, index)).toEqual(linked('U1'));
    expect(matcher.matchOne(me, index, { otherUsers: others })).toEqual(unmatched('ambiguous'));
    expect(matcher.matchOne(me, index, { otherUsers: [me] })).toEqual(linked('U1'));
  });

  it('refuses an index built for another Slack expression', () => {
    const index = buildDirectoryIndex(members, 'name');
    expect(() => buildMatcher(DEFAULTS).matchOne(user('u1', { email: 'ada@x.io' }), index)).toThrow(
      /built for the Slack expression "name"/,
    );
  });
});

describe('diffResults', () => {
  it('lists gained, lost and changed links', () => {
    const directory = [
      member('U1', 'a@x.io', { name: 'x' }),
      member('U2', 'b@x.io', { name: 'alpha' }),
      member('U3', 'c@x.io', { name: 'c' }),
    ];
    const users = [
      user('u1', { email: 'a@x.io', handle: 'alpha' }),
      user('u2', { email: 'nobody@x.io', handle: 'x' }),
      user('u3', { email: 'c@x.io', handle: 'c' }),
      user('u4', { email: 'gone@x.io' }),
    ];
    const before = buildMatcher(DEFAULTS).matchAll(users, directory);
    const after = buildMatcher({ plusplusExpression: 'handle', slackExpression: 'name' }).matchAll(
      [...users.slice(0, 3), user('u5', { handle: 'nope' })],
      directory,
    );
    expect(diffResults(before, after)).toEqual({
      gained: [{ userId: 'u2', to: 'U1' }],
      lost: [],
      changed: [{ userId: 'u1', from: 'U1', to: 'U2' }],
      unchanged: 1,
    });
    expect(diffResults(after, before)).toEqual({
      gained: [],
      lost: [{ userId: 'u2', from: 'U1', reason: 'not_found' }],
      changed: [{ userId: 'u1', from: 'U2', to: 'U1' }],
      unchanged: 1,
    });
  });

  it('counts a user missing from the new result as lost', () => {
    const directory = [member('U1', 'a@x.io')];
    const before = buildMatcher(DEFAULTS).matchAll([user('u1', { email: 'a@x.io' })], directory);
    const after = buildMatcher(DEFAULTS).matchAll([], directory);
    expect(diffResults(before, after).lost).toEqual([{ userId: 'u1', from: 'U1' }]);
    expect(diffResults(after, before).gained).toEqual([{ userId: 'u1', to: 'U1' }]);
  });
});

/**
 * The hash join against the definition, computed the slow way: a user's members are those sharing
 * at least one key; exactly one member that no other user's keys lead to is a link.
 */
function referenceMatch(users: UserRecord[], members: SlackMember[], options: typeof DEFAULTS) {
  const pp = compileExpression(options.plusplusExpression);
  const sl = compileExpression(options.slackExpression);
  const keysOf = (expression: typeof pp, data: unknown): string[] | 'error' => {
    try {
      return matchKeys(evaluate(expression, data));
    } catch {
      return 'error';
    }
  };
  const visible = members.filter(
    (m) =>
      !m.deleted && !m.is_bot && !m.is_app_user && m.id !== 'USLACKBOT' && (m.profile?.email ?? '').trim(),
  );
  const memberKeys = visible.map((m) => {
    const keys = keysOf(sl, m);
    return keys === 'error' ? [] : keys;
  });
  const hits = users.map((u) => {
    const keys = keysOf(pp, u);
    if (keys === 'error') return 'expression_error' as const;
    if (keys.length === 0) return 'no_value' as const;
    return visible.map((_, j) => j).filter((j) => memberKeys[j]!.some((k) => keys.includes(k)));
  });
  return users.map((_user, i) => {
    const mine = hits[i]!;
    if (typeof mine === 'string') return mine;
    if (mine.length === 0) return 'not_found';
    if (mine.length > 1) return 'ambiguous';
    const claimed = hits.some((other, k) => k !== i && typeof other !== 'string' && other.includes(mine[0]!));
    return claimed ? 'ambiguous' : `matched:${visible[mine[0]!]!.id}`;
  });
}

describe('matchAll agrees with the definition (property)', () => {
  const word = fc.constantFrom('a', 'A ', 'b', 'c', 'B', '', '7', 7, true, null);
  const value = fc.oneof(word, fc.array(word, { maxLength: 3 }), fc.constant({ x: 'a' }));
  const slackMember = fc.record({
    v: value,
    email: fc.constantFrom('e@x.io', '', null),
    kind: fc.constantFrom('human', 'human', 'human', 'bot', 'deleted'),
  });

  it('for random users and members', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 8 }),
        fc.array(slackMember, { maxLength: 8 }),
        (values, specs) => {
          const users = values.map((v, i) => user(`u${i}`, { v }));
          const members = specs.map((s, j) =>
            member(`U${j}`, s.email, {
              is_bot: s.kind === 'bot',
              deleted: s.kind === 'deleted',
              profile: { v: s.v },
            }),
          );
          const options = { plusplusExpression: 'v', slackExpression: 'profile.v' };
          const result = buildMatcher(options).matchAll(users, members);
          const got = users.map((u) => {
            const o = outcome(result, u.id);
            return o.status === 'matched' ? `matched:${o.slackUserId}` : o.reason;
          });
          expect(got).toEqual(referenceMatch(users, members, options));
        },
      ),
      { numRuns: 500 },
    );
  });
});

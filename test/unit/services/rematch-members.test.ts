/**
 * MatchingService.rematchMembers against its specification: after one Slack member changes, the
 * incremental re-match leaves every link exactly as a full re-match of the new directory would,
 * while reading and writing only the users the member can affect. Random directories and users
 * (values shared on either side, deleted and e-mail-less members, array values), with the default
 * expressions (the indexed path) and with others (the evaluate-everything path), on in-memory
 * stand-ins for the repositories.
 */
import fc from 'fast-check';
import { MatchingService } from '../../../src/app/user-matching/matching-service';
import { evaluate } from '../../../src/domain/jmespath/jmespath';
import { buildMatcher } from '../../../src/domain/matching/matcher';
import type { SlackMember } from '../../../src/domain/matching/slack-members';
import { matchKeys } from '../../../src/domain/matching/values';
import { emailKey, type UserRecord } from '../../../src/domain/users';
import { createLogger } from '../../../src/platform/logger';

interface World {
  users: UserRecord[];
  members: SlackMember[];
  links: Map<string, string | null>;
  expressions: { plusplus: string; slack: string };
}

const lower = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : null);

function service(world: World, touched: Set<string>) {
  const users = {
    records: async () => world.users,
    recordsByEmailKeys: async (_t: string, keys: readonly string[]) =>
      world.users.filter((u) => keys.includes(emailKey(u) ?? '')),
    recordsBySlackUserIds: async (_t: string, ids: readonly string[]) =>
      world.users.filter((u) => ids.includes(world.links.get(u.id) ?? '')),
    refreshDisplayName: async () => 0,
    applyLinks: async (_t: string, links: Array<{ userId: string; slackUserId: string | null }>) => {
      let changed = 0;
      for (const l of links) {
        touched.add(l.userId);
        if ((world.links.get(l.userId) ?? null) !== l.slackUserId) changed++;
        world.links.set(l.userId, l.slackUserId);
      }
      return changed;
    },
  };
  const directory = {
    isWarm: async () => true,
    members: async () => world.members,
    membersByIds: async (_t: string, ids: readonly string[]) =>
      world.members.filter((m) => ids.includes(m.id)),
    membersByEmails: async (_t: string, emails: readonly string[]) =>
      world.members.filter((m) => emails.includes(lower(m.profile?.email) ?? '')),
    membersNeedingFields: async () => [],
  };
  return new MatchingService({
    users: users as never,
    tenants: {
      settings: async () => ({
        plusplusUserAttribute: world.expressions.plusplus,
        slackUserAttribute: world.expressions.slack,
      }),
    } as never,
    connect: {
      botTokenForTenant: async () => ({ token: 'xoxb', installation: { teamId: 'T1' } }),
    } as never,
    directory: directory as never,
    webClient: (() => {
      throw new Error('no Slack calls here');
    }) as never,
    logger: createLogger({ level: 'silent' }),
  });
}

function fullLinks(world: World): Map<string, string | null> {
  const matcher = buildMatcher({
    plusplusExpression: world.expressions.plusplus,
    slackExpression: world.expressions.slack,
  });
  const result = matcher.matchAll(world.users, world.members);
  return new Map([...result.outcomes].map(([id, o]) => [id, o.status === 'matched' ? o.slackUserId : null]));
}

const email = fc.constantFrom('a@x.io', 'A@x.io ', 'b@x.io', 'c@x.io', 'd@x.io', '', null);
const title = fc.constantFrom('owl', 'heron', 'Owl', 'crow', null);
const memberArb = fc.record({
  email,
  title,
  deleted: fc.boolean(),
});
const userArb = fc.record({
  email: fc.oneof(email, fc.array(email, { maxLength: 2 })),
  alt: title,
});
const EXPRESSIONS = [
  { plusplus: 'email', slack: 'profile.email' },
  { plusplus: '[email, metadata.alt]', slack: '[profile.email, profile.title]' },
  { plusplus: 'metadata.alt', slack: 'profile.title' },
];

describe('MatchingService.rematchMembers', () => {
  it('ends with the links a full re-match gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(memberArb, { minLength: 1, maxLength: 6 }),
        fc.array(userArb, { minLength: 1, maxLength: 7 }),
        fc.nat({ max: EXPRESSIONS.length - 1 }),
        fc.nat(),
        memberArb,
        fc.boolean(),
        async (ms, us, e, pick, change, knownBefore) => {
          const members: SlackMember[] = ms.map((m, i) => ({
            id: `U${i}`,
            deleted: m.deleted,
            profile: { email: m.email, title: m.title, display_name: `M${i}` },
          }));
          // With the default expressions users are found through email_key, which holds a single
          // address: a list in `email` (never sent by PlusPlus) is left to full re-matches.
          const users: UserRecord[] = us.map((u, i) => ({
            id: `u${i}`,
            email: e === 0 && Array.isArray(u.email) ? (u.email[0] ?? null) : u.email,
            metadata: { alt: u.alt },
          }));
          const world: World = { users, members, links: new Map(), expressions: EXPRESSIONS[e]! };
          world.links = fullLinks(world);
          const links0 = new Map(world.links);

          const at = pick % members.length;
          const previous = members[at]!;
          world.members = members.map((m, i) =>
            i === at
              ? {
                  ...m,
                  deleted: change.deleted,
                  profile: { ...m.profile, email: change.email, title: change.title },
                }
              : m,
          );
          const touched = new Set<string>();
          await service(world, touched).rematchMembers('t1', [
            { slackUserId: previous.id, previous: knownBefore ? previous : undefined },
          ]);
          const expected = fullLinks(world);
          if (knownBefore) {
            expect(Object.fromEntries(world.links)).toEqual(Object.fromEntries(expected));
          } else {
            // Without the member's previous values, a user who only gains a link through a value the
            // member gave up can be missed (until the next full re-match); nobody keeps a wrong link.
            for (const [id, link] of world.links) {
              if (link !== (expected.get(id) ?? null)) expect(link).toBeNull();
            }
          }
          // Users the member cannot affect are not even rewritten: here, those without any value.
          const matcher = buildMatcher({
            plusplusExpression: world.expressions.plusplus,
            slackExpression: world.expressions.slack,
          });
          for (const u of users) {
            const hasValue = (() => {
              try {
                return matchKeys(evaluate(matcher.plusplusExpression, u)).length > 0;
              } catch {
                return false;
              }
            })();
            if (!hasValue && links0.get(u.id) !== previous.id) expect(touched.has(u.id)).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

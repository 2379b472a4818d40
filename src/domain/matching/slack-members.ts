/**
 * The Slack side of user matching (design §6): which members of the cached `users.list` directory
 * can be matched at all, what a member is called, whether the Slack expression needs the custom
 * profile fields that only `users.profile.get` returns, and the directory indexed by the values
 * of the Slack expression. Pure: no framework imports.
 */
import {
  type CompiledExpression,
  compileExpression,
  evaluate,
  type JmespathNode,
  type JsonValue,
} from '../jmespath/jmespath';
import { runToEnd, type Steps } from './steps';
import { matchKeys, scalarKey } from './values';

/** One custom profile field as `users.profile.get` returns it (`users.list` gives `fields: null`). */
export interface SlackCustomField {
  value: string;
  alt?: string;
  [key: string]: unknown;
}

/** A member's `profile`, loosely typed: only what this app reads is named; other keys are kept. */
export interface SlackProfile {
  email?: string | null;
  display_name?: string | null;
  real_name?: string | null;
  /** `null` in `users.list`; filled in from `users.profile.get` when the Slack expression needs it. */
  fields?: Record<string, SlackCustomField> | null;
  [key: string]: unknown;
}

/**
 * A Slack member object as `users.list` / `users.info` return it. The Slack User Attribute is
 * evaluated against the whole object, so unknown keys are kept, not stripped.
 */
export interface SlackMember {
  id: string;
  name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  profile?: SlackProfile | null;
  [key: string]: unknown;
}

/** Slackbot's fixed member id; Slackbot has `is_bot: false` in `users.list`. */
export const SLACKBOT_ID = 'USLACKBOT';

/** Why a member is left out of matching, in the order the checks run (a deleted bot is `deleted`). */
export type ExclusionReason = 'deleted' | 'slackbot' | 'bot' | 'app_user' | 'no_email';

/**
 * Whether a member takes part in matching. Deleted members, bots, app users, Slackbot and members
 * without a non-empty `profile.email` are filtered out before either expression is evaluated
 * (design §1), whatever the Slack expression is. {@link exclusionReason} says which rule applied;
 * this is a plain boolean on purpose, so `if (isMatchableMember(m))` cannot be always true.
 */
export function isMatchableMember(member: SlackMember): boolean {
  return exclusionReason(member) === null;
}

/** Why {@link isMatchableMember} is false for this member, or `null` when it is matchable. */
export function exclusionReason(member: SlackMember): ExclusionReason | null {
  if (member.deleted === true) return 'deleted';
  if (member.id === SLACKBOT_ID) return 'slackbot';
  if (member.is_bot === true) return 'bot';
  if (member.is_app_user === true) return 'app_user';
  const email = member.profile?.email;
  if (typeof email !== 'string' || email.trim() === '') return 'no_email';
  return null;
}

/**
 * The name shown for a linked account (design §4 Test Slack): `profile.display_name`, else
 * `profile.real_name`, else `name`, the first that is non-empty after trimming (returned trimmed).
 * `null` when the member has none of them.
 */
export function displayName(member: SlackMember): string | null {
  return (
    nonEmpty(member.profile?.display_name) ?? nonEmpty(member.profile?.real_name) ?? nonEmpty(member.name)
  );
}

function nonEmpty(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Functions that can expose the contents of `profile.fields` without the expression naming
 * `fields`: `values(profile)`, `to_string(profile)`, `merge(profile, …)`, `keys(profile)`.
 */
const WHOLE_OBJECT_FUNCTIONS = new Set(['values', 'to_string', 'merge', 'keys']);

/**
 * Whether evaluating the Slack expression needs each member's custom profile fields, which
 * `users.list` does not return (`profile.fields` is `null` there) and only `users.profile.get`
 * does, one call per member at Slack's rate limit.
 *
 * This looks at the parsed expression, not the raw text (so `"fields"` quoted counts, and a
 * `fields` inside a string literal does not), and errs on the side of fetching: it is true when
 * the expression names a field called `fields` anywhere, or reaches into objects without naming
 * keys (a `*` wildcard over an object, or `values`, `to_string`, `merge`, `keys`), since those
 * could read custom fields too. A wrong `true` costs API calls; a wrong `false` would silently
 * match on missing data. Throws the wrapper's ExpressionError for an invalid expression.
 */
export function expressionNeedsCustomFields(expression: string | CompiledExpression): boolean {
  const compiled = typeof expression === 'string' ? compileExpression(expression) : expression;
  if (compiled.fieldNames.has('fields')) return true;
  for (const name of compiled.functionNames) if (WHOLE_OBJECT_FUNCTIONS.has(name)) return true;
  return containsNodeType(compiled.ast, 'ValueProjection');
}

function containsNodeType(node: unknown, type: string): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const n = node as JmespathNode;
  if (n.type === type) return true;
  if (n.type === 'KeyValuePair') return containsNodeType(n.value, type);
  if (n.type === 'Slice') return false;
  for (const child of n.children ?? []) if (containsNodeType(child, type)) return true;
  return false;
}

/**
 * The Slack side of the report. Every member is counted once, in the first category that applies,
 * in this order: deleted, bot (Slackbot, `is_bot`, `is_app_user`), without e-mail, matchable; so
 * `total = deleted + bots + withoutEmail + matchable`.
 */
export interface SlackMemberCounts {
  total: number;
  deleted: number;
  /** Not deleted and not human: `is_bot` members, app users and Slackbot (broken down below). */
  bots: number;
  /** Of `bots`: `is_app_user` members that are not `is_bot`. */
  appUsers: number;
  /** Of `bots`: Slackbot (USLACKBOT), 0 or 1. */
  slackbot: number;
  /** Humans (not deleted, not bots) without a non-empty `profile.email`. */
  withoutEmail: number;
  /** Members the Slack expression is evaluated on. */
  matchable: number;
  /** Of `matchable`: the Slack expression gave no value (null, "", an object …). */
  withoutValue: number;
  /** Of `matchable`: evaluating the Slack expression failed (the member then has no value). */
  errors: number;
}

/**
 * A directory of Slack members indexed by the values of one Slack expression. Build it once per
 * directory version and expression and reuse it for many {@link Matcher.matchOne} calls (Test
 * Slack) and full runs. Immutable once built.
 */
export class DirectoryIndex {
  /**
   * key → member position (≥ 0) in {@link members}, or `-(shared entry + 1)` when several members
   * share the key. Small integers keep the map compact (no boxed values, no per-key arrays).
   */
  private readonly keys: ReadonlyMap<string, number>;
  /** Members sharing a key, by shared entry number. */
  private readonly shared: readonly (readonly number[])[];
  /**
   * For the rare members that have several keys and are in a shared entry: those entries. Used to
   * see that another user's ambiguous value also points at a member someone else matched.
   */
  private readonly sharedByMember: ReadonlyMap<number, readonly number[]>;

  private constructor(
    /** The Slack expression the index was built for. */
    readonly slackExpression: string,
    /** The matchable members, in directory order. */
    readonly members: readonly SlackMember[],
    readonly counts: Readonly<SlackMemberCounts>,
    keys: Map<string, number>,
    shared: number[][],
    sharedByMember: Map<number, number[]>,
    /** The first member the Slack expression failed on, if any (for the report). */
    readonly firstError: { readonly slackUserId: string; readonly message: string } | null,
  ) {
    this.keys = keys;
    this.shared = shared;
    this.sharedByMember = sharedByMember;
  }

  /** Index `members` by the values of `slackExpression`; see {@link buildDirectoryIndex}. */
  static build(members: Iterable<SlackMember>, slackExpression: CompiledExpression): DirectoryIndex {
    return runToEnd(DirectoryIndex.buildSteps(members, slackExpression));
  }

  /** {@link build} as steps: yields after each member, so a large directory can be indexed in slices. */
  static *buildSteps(
    members: Iterable<SlackMember>,
    slackExpression: CompiledExpression,
  ): Steps<DirectoryIndex> {
    const counts: SlackMemberCounts = {
      total: 0,
      deleted: 0,
      bots: 0,
      appUsers: 0,
      slackbot: 0,
      withoutEmail: 0,
      matchable: 0,
      withoutValue: 0,
      errors: 0,
    };
    const matchable: SlackMember[] = [];
    const keys = new Map<string, number>();
    const shared: number[][] = [];
    /** Members with more than one key (only they can be in a shared entry and elsewhere). */
    const multiKey = new Set<number>();
    let firstError: { slackUserId: string; message: string } | null = null;

    for (const member of members) {
      yield;
      counts.total++;
      const reason = exclusionReason(member);
      if (reason !== null) {
        if (reason === 'deleted') counts.deleted++;
        else if (reason === 'no_email') counts.withoutEmail++;
        else {
          counts.bots++;
          if (reason === 'app_user') counts.appUsers++;
          else if (reason === 'slackbot') counts.slackbot++;
        }
        continue;
      }
      const position = matchable.length;
      matchable.push(member);
      counts.matchable++;
      let result: JsonValue;
      try {
        result = evaluate(slackExpression, member);
      } catch (error) {
        counts.errors++;
        firstError ??= { slackUserId: member.id, message: errorMessage(error) };
        continue;
      }
      if (!Array.isArray(result)) {
        const key = scalarKey(result);
        if (key === null) counts.withoutValue++;
        else addKey(keys, shared, key, position);
        continue;
      }
      const memberKeys = matchKeys(result);
      if (memberKeys.length === 0) counts.withoutValue++;
      if (memberKeys.length > 1) multiKey.add(position);
      for (const key of memberKeys) addKey(keys, shared, key, position);
    }

    const sharedByMember = new Map<number, number[]>();
    if (multiKey.size > 0) {
      shared.forEach((entry, entryNumber) => {
        for (const position of entry) {
          if (!multiKey.has(position)) continue;
          const list = sharedByMember.get(position);
          if (list) list.push(entryNumber);
          else sharedByMember.set(position, [entryNumber]);
        }
      });
    }
    return new DirectoryIndex(
      slackExpression.expression,
      matchable,
      Object.freeze(counts),
      keys,
      shared,
      sharedByMember,
      firstError,
    );
  }

  /** The matchable members whose Slack value equals `value` after normalization (for tools and tests). */
  lookup(value: unknown): SlackMember[] {
    const key = scalarKey(value);
    const entry = key === null ? undefined : this.keys.get(key);
    if (entry === undefined) return [];
    return entry >= 0 ? [this.members[entry]!] : this.shared[-entry - 1]!.map((i) => this.members[i]!);
  }

  /** @internal The raw entry for a key (see {@link keys}). */
  entry(key: string): number | undefined {
    return this.keys.get(key);
  }

  /** @internal Members of a shared entry. */
  sharedMembers(entryNumber: number): readonly number[] {
    return this.shared[entryNumber]!;
  }

  /** @internal Shared entries of a member that has several keys. */
  sharedEntriesOf(position: number): readonly number[] | undefined {
    return this.sharedByMember.get(position);
  }
}

function addKey(keys: Map<string, number>, shared: number[][], key: string, position: number): void {
  const entry = keys.get(key);
  if (entry === undefined) {
    keys.set(key, position);
  } else if (entry >= 0) {
    if (entry !== position) {
      shared.push([entry, position]);
      keys.set(key, -shared.length);
    }
  } else {
    const members = shared[-entry - 1]!;
    // A member's keys are added together, so a repeat of this member is the last element.
    if (members[members.length - 1] !== position) members.push(position);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

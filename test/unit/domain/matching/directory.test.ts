import { ExpressionError } from '../../../../src/domain/jmespath/jmespath';
import {
  displayName,
  exclusionReason,
  expressionNeedsCustomFields,
  isMatchableMember,
  type SlackMember,
} from '../../../../src/domain/matching/slack-members';

const human = (overrides: Partial<SlackMember> = {}): SlackMember => ({
  id: 'U1',
  name: 'ada',
  profile: { email: 'ada@example.com', display_name: 'Ada', real_name: 'Ada Lovelace', fields: null },
  ...overrides,
});

describe('isMatchableMember / exclusionReason', () => {
  it('accepts a human member with an e-mail', () => {
    expect(isMatchableMember(human())).toBe(true);
    expect(exclusionReason(human())).toBeNull();
  });

  it.each<[string, SlackMember, string]>([
    ['deleted', human({ deleted: true }), 'deleted'],
    ['a deleted bot (deleted wins)', human({ deleted: true, is_bot: true }), 'deleted'],
    ['Slackbot (is_bot is false for it)', human({ id: 'USLACKBOT', is_bot: false }), 'slackbot'],
    ['a bot with an e-mail', human({ is_bot: true }), 'bot'],
    ['an app user', human({ is_app_user: true }), 'app_user'],
    ['no profile', { id: 'U2', name: 'x' }, 'no_email'],
    ['a null profile', { id: 'U2', name: 'x', profile: null }, 'no_email'],
    ['no email key', human({ profile: { real_name: 'X' } }), 'no_email'],
    ['an empty email', human({ profile: { email: '' } }), 'no_email'],
    ['a blank email', human({ profile: { email: '  \t' } }), 'no_email'],
    ['a null email', human({ profile: { email: null } }), 'no_email'],
  ])('rejects %s', (_label, member, reason) => {
    expect(isMatchableMember(member)).toBe(false);
    expect(exclusionReason(member)).toBe(reason);
  });
});

describe('displayName', () => {
  it('prefers display_name, then real_name, then name, each trimmed and non-empty', () => {
    expect(displayName(human())).toBe('Ada');
    expect(displayName(human({ profile: { display_name: '  ', real_name: ' Ada L ' } }))).toBe('Ada L');
    expect(displayName(human({ profile: { display_name: '', real_name: '' } }))).toBe('ada');
    expect(displayName({ id: 'U9', name: ' ' })).toBeNull();
  });
});

describe('expressionNeedsCustomFields', () => {
  it.each([
    ['profile.email', false],
    ['name', false],
    ["join(' ', [profile.first_name, profile.last_name])", false],
    ["contains(profile.title, 'fields')", false], // a string literal, not a field
    ['profile.fields.Xf01ABCDEF.value', true],
    ['profile."fields".Xf01ABCDEF.value', true],
    ['profile.fields.*.value | [0]', true],
    ["values(profile.fields)[?alt == 'hris'].value | [0]", true],
    ['profile.*', true], // a wildcard over the profile could see the fields
    ['to_string(profile)', true],
    ['values(profile)', true],
    ['profile.emails[*].address', false], // a list projection reaches no object values
  ])('%s → %s', (expression, expected) => {
    expect(expressionNeedsCustomFields(expression)).toBe(expected);
  });

  it('throws the wrapper error for an invalid expression', () => {
    expect(() => expressionNeedsCustomFields('profile.')).toThrow(ExpressionError);
  });
});

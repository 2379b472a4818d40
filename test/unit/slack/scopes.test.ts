import {
  parseScopeString,
  REQUIRED_BOT_SCOPES,
  SCOPE_PURPOSES,
  scopeHealth,
} from '../../../src/slack/scopes';

describe('REQUIRED_BOT_SCOPES', () => {
  it('is the list in the design, without duplicates', () => {
    expect(REQUIRED_BOT_SCOPES).toEqual([
      'chat:write',
      'commands',
      'users:read',
      'users:read.email',
      'users.profile:read',
      'channels:manage',
      'channels:read',
      'groups:write',
      'groups:read',
    ]);
    expect(new Set(REQUIRED_BOT_SCOPES).size).toBe(REQUIRED_BOT_SCOPES.length);
  });

  it('has one sentence of purpose per scope', () => {
    expect(Object.keys(SCOPE_PURPOSES).sort()).toEqual([...REQUIRED_BOT_SCOPES].sort());
    for (const purpose of Object.values(SCOPE_PURPOSES)) expect(purpose).toMatch(/^[A-Z].{10,200}\.$/);
  });
});

describe('scopeHealth', () => {
  it('is healthy when everything is granted, extra scopes allowed', () => {
    const health = scopeHealth([...REQUIRED_BOT_SCOPES, 'im:write']);
    expect(health).toEqual({
      required: [...REQUIRED_BOT_SCOPES],
      granted: [...REQUIRED_BOT_SCOPES, 'im:write'],
      missing: [],
      reconnectRequired: false,
    });
  });

  it('lists missing scopes in required order and asks for a reconnect', () => {
    const health = scopeHealth(['groups:read', 'chat:write', 'commands']);
    expect(health.missing).toEqual([
      'users:read',
      'users:read.email',
      'users.profile:read',
      'channels:manage',
      'channels:read',
      'groups:write',
    ]);
    expect(health.reconnectRequired).toBe(true);
  });

  it('does not treat a broader scope as implying a narrower one', () => {
    const granted = REQUIRED_BOT_SCOPES.filter((s) => s !== 'channels:read' && s !== 'users:read');
    expect(scopeHealth(granted).missing).toEqual(['users:read', 'channels:read']);
  });

  it('ignores blanks, whitespace and duplicates; nothing granted means everything missing', () => {
    expect(scopeHealth([' chat:write ', '', 'chat:write']).granted).toEqual(['chat:write']);
    expect(scopeHealth([]).missing).toEqual([...REQUIRED_BOT_SCOPES]);
  });

  it('does not let callers mutate the shared list', () => {
    scopeHealth([]).required.push('admin');
    expect(REQUIRED_BOT_SCOPES).not.toContain('admin');
  });
});

describe('parseScopeString', () => {
  it("splits Slack's comma-separated scope string", () => {
    expect(parseScopeString('chat:write,commands, users:read')).toEqual([
      'chat:write',
      'commands',
      'users:read',
    ]);
    expect(parseScopeString('')).toEqual([]);
    expect(parseScopeString(undefined)).toEqual([]);
  });
});

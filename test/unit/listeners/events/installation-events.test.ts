import { appUninstalledHandler } from '../../../../listeners/events/app-uninstalled';
import { tokensRevokedHandler } from '../../../../listeners/events/tokens-revoked';
import { fakeService, TEAM } from '../fakes';

type UninstalledArgs = Parameters<ReturnType<typeof appUninstalledHandler>>[0];
type RevokedArgs = Parameters<ReturnType<typeof tokensRevokedHandler>>[0];

describe('app_uninstalled', () => {
  it('tells Revocation which team removed the app', async () => {
    const calls: string[] = [];
    const revocation = fakeService(calls, 'revocation', { onAppUninstalled: async () => undefined });
    await appUninstalledHandler({ revocation })({ body: { team_id: TEAM } } as UninstalledArgs);
    expect(revocation.onAppUninstalled).toHaveBeenCalledWith(TEAM);
    expect(calls).toEqual(['revocation.onAppUninstalled']);
  });

  it('lets a failure through (Bolt logs it; Slack retries the event)', async () => {
    const failure = new Error('db');
    const revocation = fakeService([], 'revocation', {
      onAppUninstalled: async () => {
        throw failure;
      },
    });
    await expect(
      appUninstalledHandler({ revocation })({ body: { team_id: TEAM } } as UninstalledArgs),
    ).rejects.toBe(failure);
  });
});

describe('tokens_revoked', () => {
  const revoked = (bot: string[] | undefined) =>
    ({
      body: { team_id: TEAM },
      event: { type: 'tokens_revoked', tokens: { bot } },
    }) as unknown as RevokedArgs;

  it('passes the revoked bot user ids', async () => {
    const revocation = fakeService([], 'revocation', { onTokensRevoked: async () => undefined });
    await tokensRevokedHandler({ revocation })(revoked(['UBOT1', 'UBOT2']));
    expect(revocation.onTokensRevoked).toHaveBeenCalledWith(TEAM, ['UBOT1', 'UBOT2']);
  });

  it('passes an empty list when only user tokens were revoked', async () => {
    const revocation = fakeService([], 'revocation', { onTokensRevoked: async () => undefined });
    await tokensRevokedHandler({ revocation })(revoked(undefined));
    expect(revocation.onTokensRevoked).toHaveBeenCalledWith(TEAM, []);
  });
});

/**
 * "A workspace was just connected to a tenant": the OAuth callback (oauth-callback.ts) publishes it
 * at the end of every successful install; the composition root subscribes what follows an install
 * (the installer's welcome DM, the first directory sync and re-match). An explicit port, so Connect
 * needs neither the directory sync nor matching (both of which need Connect's tokens), and no field
 * of a built service is reassigned afterwards to close that loop.
 */
export type ConnectedListener = (tenantId: string) => void;

export class ConnectedWorkspaces {
  private readonly listeners: ConnectedListener[] = [];

  subscribe(listener: ConnectedListener): void {
    this.listeners.push(listener);
  }

  /** Runs every listener; a listener starts its own background work and must not throw. */
  publish(tenantId: string): void {
    for (const listener of this.listeners) listener(tenantId);
  }
}

import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { TenantsRepository } from '../persistence/repositories/tenants-repository';
import type { ConnectService } from '../slack/connect-service';
import type { WebClientFactory } from '../slack/web-client';
import { TrackChannelService } from './service';
import { TrackChannelStore } from './store';
import { TrackChannelSync, type TrackSyncDeps, type TrackSyncOptions } from './sync';
import { TrackChannelWorker, type TrackWorkerOptions } from './worker';

export { TrackChannelService, type TrackChannelView } from './service';
export { TrackChannelStore } from './store';
export { TrackChannelSync, type TrackSyncOptions } from './sync';
export { TrackChannelWorker, type TrackWorkerOptions } from './worker';

export interface TracksDeps {
  dataSource: DataSource;
  tenants: TenantsRepository;
  connect: Pick<ConnectService, 'botTokenForTenant' | 'reportSlackError' | 'observeScopes'>;
  webClient: WebClientFactory;
  logger: Logger;
  sync?: TrackSyncOptions;
  worker?: TrackWorkerOptions;
  render?: TrackSyncDeps['render'];
  isTypeEnabled?: TrackSyncDeps['isTypeEnabled'];
}

export interface Tracks {
  store: TrackChannelStore;
  service: TrackChannelService;
  sync: TrackChannelSync;
  worker: TrackChannelWorker;
}

/** Track channels (issue 7, docs/tracks.md), assembled: the composition root starts the worker. */
export function createTracks(d: TracksDeps): Tracks {
  const logger = d.logger.child({ component: 'track-channels' });
  const store = new TrackChannelStore(d.dataSource, d.tenants);
  const sync = new TrackChannelSync({
    store,
    tenants: d.tenants,
    connect: d.connect,
    webClient: d.webClient,
    logger,
    options: d.sync,
    render: d.render,
    isTypeEnabled: d.isTypeEnabled,
  });
  const worker = new TrackChannelWorker(store, sync, logger, d.worker);
  const service = new TrackChannelService(store);
  service.onChange = () => worker.poke();
  return { store, service, sync, worker };
}

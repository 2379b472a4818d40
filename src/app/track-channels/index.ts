import type { TrackChannelStore } from '../../persistence/queues/track-channel-queue';
import type { TenantsRepository } from '../../persistence/repositories/tenants-repository';
import type { Logger } from '../../platform/logger';
import type { WebClientFactory } from '../../slack/web-client';
import type { Connections } from '../connect/connections';
import { TrackChannelSync, type TrackSyncDeps, type TrackSyncOptions } from './channel-sync';
import { TrackChannelWorker, type TrackWorkerOptions } from './channel-worker';
import { TrackChannelService } from './track-channel-service';

export { TrackChannelStore } from '../../persistence/queues/track-channel-queue';
export { TrackChannelSync, type TrackSyncOptions } from './channel-sync';
export { TrackChannelWorker, type TrackWorkerOptions } from './channel-worker';
export { TrackChannelService, type TrackChannelView } from './track-channel-service';

export interface TracksDeps {
  /** The track channels and their queue (src/persistence/queues/track-channel-queue.ts). */
  store: TrackChannelStore;
  tenants: TenantsRepository;
  connect: Connections;
  webClient: WebClientFactory;
  logger: Logger;
  sync?: TrackSyncOptions;
  worker?: TrackWorkerOptions;
  render: TrackSyncDeps['render'];
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
  const store = d.store;
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

import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';

// Each handler takes the arguments of its own payload kind; the kind and id routed to it
// guarantee them (a command handler gets `command`, an event handler `event` …).
// biome-ignore lint/suspicious/noExplicitAny: a table of handlers of different payload kinds
export type RouteHandler = (args: any) => Promise<void>;

export type RouteKind = 'command' | 'event' | 'action' | 'view';

/**
 * Every payload the app handles, by kind and id: slash commands by name, events by `event.type`,
 * buttons (`block_actions`) by action id, modal submissions (`view_submission`) by callback id.
 * Mounted as **one** global Bolt middleware rather than one Bolt listener per kind: Bolt runs the
 * matcher chain of every registered listener on every request (a copy of the chain, a spread of
 * the arguments per matcher, a promise per listener, `Promise.allSettled` over them), and three
 * listeners besides `/plusplus` cost bare Bolt 16–21 % more CPU per slash command
 * (docs/performance.md, issue 15). Here a request costs one map look-up.
 *
 * A payload with no route goes on to Bolt's listener stage (nothing is registered there), and
 * src/slack-server/payload-shape.ts acknowledges it once that is done, as for a listener that did
 * not ack. Bolt acknowledges events itself before any middleware runs, as it did for listeners;
 * a handler's error reaches Bolt's error handler (`app.error`) the same way a listener's did.
 */
export class ListenerRoutes {
  private readonly tables: Record<RouteKind, Map<string, RouteHandler>> = {
    command: new Map(),
    event: new Map(),
    action: new Map(),
    view: new Map(),
  };

  /** Routes `id` of `kind` to `handler`; an id routed twice is a wiring mistake. */
  add(kind: RouteKind, id: string, handler: RouteHandler): this {
    if (this.tables[kind].has(id)) throw new Error(`${kind} ${id} is routed twice`);
    this.tables[kind].set(id, handler);
    return this;
  }

  /** The ids routed for a kind (tests and docs). */
  ids(kind: RouteKind): string[] {
    return [...this.tables[kind].keys()];
  }

  /** The handler for a payload, or undefined when the app does not handle it. */
  handlerFor(body: unknown): RouteHandler | undefined {
    const b = body as {
      command?: unknown;
      type?: unknown;
      event?: { type?: unknown };
      actions?: Array<{ action_id?: unknown }>;
      view?: { callback_id?: unknown };
    };
    if (typeof b.command === 'string') return this.tables.command.get(b.command);
    switch (b.type) {
      case 'event_callback':
        return this.lookup('event', b.event?.type);
      case 'block_actions':
        // Bolt hands a listener the first action as `action`; Slack sends one per button press.
        return this.lookup('action', b.actions?.[0]?.action_id);
      case 'view_submission':
        return this.lookup('view', b.view?.callback_id);
      default:
        return undefined;
    }
  }

  /** Installs the routes on a Bolt app as one global middleware. */
  mount(app: Pick<App, 'use'>): void {
    const route: Middleware<AnyMiddlewareArgs> = async (args) => {
      const handler = this.handlerFor(args.body);
      if (handler) return handler(args);
      await args.next();
    };
    app.use(route);
  }

  private lookup(kind: RouteKind, id: unknown): RouteHandler | undefined {
    return typeof id === 'string' ? this.tables[kind].get(id) : undefined;
  }
}

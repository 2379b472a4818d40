/**
 * Whether this process has requests waiting for their answer that its background loops should let
 * go first (issue 15): Slack's acks, when the Slack server and the workers share a process
 * (ROLE=all). The composition root makes one, hands `waiting` to the job loops (JobLoop's
 * `yieldTo`), and the Slack server attaches its count once it exists; until then, and in a
 * process without a Slack server (ROLE=worker), nothing waits.
 */
export class ForegroundRequests {
  private probe: () => boolean = () => false;

  /** Where the answer comes from from now on (the Slack server's acks pending). */
  attach(probe: () => boolean): void {
    this.probe = probe;
  }

  readonly waiting = (): boolean => this.probe();
}

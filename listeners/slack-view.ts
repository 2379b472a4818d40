import type { types } from '@slack/bolt';

/** Our builders return plain objects (views/ import no Slack types); Bolt's client wants its View. */
export const slackView = (view: object): types.View => view as unknown as types.View;

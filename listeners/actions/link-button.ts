import type { ButtonArgs } from './home-button';

/**
 * URL buttons (Reconnect, the privacy policy, the template preview link): Slack opens the link
 * itself but still sends block_actions, and shows the user an error if they are not acked.
 */
export const linkButtonHandler =
  () =>
  async ({ ack }: Pick<ButtonArgs, 'ack'>): Promise<void> => {
    await ack();
  };

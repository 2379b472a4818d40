import type { MemberLanguage } from '../../domain/locale';
import type { Logger } from '../../platform/logger';
import { slackErrorCode } from '../../slack/failures';
import type { WebClientFactory } from '../../slack/web-client';
import type { Revocation } from './revocation';
import type { TokenKeeper } from './token-keeper';

/** A message as views/ builds it: the fallback text and its Block Kit. */
export interface WelcomeMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

export interface InstallerWelcomeOptions {
  tokens: Pick<TokenKeeper, 'botTokenForTenant'>;
  revocation: Pick<Revocation, 'reportSlackError'>;
  webClient: WebClientFactory;
  logger: Logger;
  /** The installer's language and zone (MemberLocales, issue 22). */
  languageOf: (tenantId: string, slackUserId: string) => Promise<MemberLanguage>;
  /** The DM for the workspace (views/welcome.ts `installerWelcomeMessage`, given by src/compose.ts). */
  message: (teamName: string | null, language: MemberLanguage) => WelcomeMessage;
}

/** After an install: one DM with next steps to the installer only (design §5). */
export class InstallerWelcome {
  constructor(private readonly o: InstallerWelcomeOptions) {}

  /** Best effort: Slack's refusal is logged (and a dead token reported), not thrown. */
  async welcome(tenantId: string): Promise<void> {
    const connection = await this.o.tokens.botTokenForTenant(tenantId);
    const installer = connection?.installation.installerUserId;
    if (!connection || !installer) return;
    const language = await this.o.languageOf(tenantId, installer);
    const message = this.o.message(connection.installation.teamName, language);
    try {
      await this.o.webClient(connection.token).chat.postMessage({
        channel: installer,
        text: message.text,
        // biome-ignore lint/suspicious/noExplicitAny: Block Kit built by views/welcome.ts
        blocks: message.blocks as any,
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      await this.o.revocation.reportSlackError(connection.installation.teamId, error);
      this.o.logger.warn(
        { tenantId, err: slackErrorCode(error) ?? String(error) },
        'installer welcome not sent',
      );
    }
  }
}

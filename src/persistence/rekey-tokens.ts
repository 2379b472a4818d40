import type { DataSource } from 'typeorm';
import type { TokenCipher } from '../platform/token-cipher';

/**
 * `npm run migrate -- rekey` (issue 18 item 7): re-encrypts every stored Slack token with the
 * current TOKEN_ENCRYPTION_KEY after a rotation, reading old values with TOKEN_ENCRYPTION_KEY_PREVIOUS.
 *
 * - Resumable: rows are taken in batches, each batch in its own transaction; a run stopped halfway
 *   leaves every finished batch done, and the next run starts with the rows still on an old key.
 * - Idempotent: a row whose values already carry the current key's id is not selected, so a second
 *   run changes nothing. Rows are locked (FOR UPDATE) while re-encrypted, so an app refreshing a
 *   token meanwhile, or a second rekey, waits for the batch instead of overwriting it.
 * - A row that no known key decrypts is left as it is and reported by installation id (never a
 *   token): its workspace has to be connected again.
 */

export interface RekeyOptions {
  /** Installations per transaction (default 100). */
  batchSize?: number;
  /** Called after each committed batch; throwing stops the run (what an interruption looks like). */
  onBatch?: (progress: RekeyProgress) => void;
}

export interface RekeyProgress {
  /** Installations re-encrypted so far in this run. */
  rekeyed: number;
  /** Installations none of the known keys decrypts (their ids). */
  failed: string[];
  batches: number;
}

interface Row {
  id: string;
  team_id: string;
  bot_token_encrypted: string | null;
  bot_refresh_token_encrypted: string | null;
}

export async function rekeyTokens(
  dataSource: DataSource,
  cipher: TokenCipher,
  options: RekeyOptions = {},
): Promise<RekeyProgress> {
  const batchSize = options.batchSize ?? 100;
  const progress: RekeyProgress = { rekeyed: 0, failed: [], batches: 0 };
  for (;;) {
    const taken = await dataSource.transaction(async (tx) => {
      const rows: Row[] = await tx.query(
        `SELECT id, team_id, bot_token_encrypted, bot_refresh_token_encrypted
           FROM slack_installations
          WHERE ((bot_token_encrypted IS NOT NULL AND NOT starts_with(bot_token_encrypted, $1))
              OR (bot_refresh_token_encrypted IS NOT NULL AND NOT starts_with(bot_refresh_token_encrypted, $1)))
            AND NOT (id = ANY($2::uuid[]))
          ORDER BY id
          LIMIT $3
          FOR UPDATE`,
        [cipher.currentPrefix, progress.failed, batchSize],
      );
      for (const row of rows) {
        const again = (value: string | null) =>
          value === null ? null : cipher.reencrypt(value, row.team_id);
        let bot: string | null;
        let refresh: string | null;
        try {
          bot = again(row.bot_token_encrypted);
          refresh = again(row.bot_refresh_token_encrypted);
        } catch {
          progress.failed.push(row.id);
          continue;
        }
        await tx.query(
          `UPDATE slack_installations SET bot_token_encrypted = $2, bot_refresh_token_encrypted = $3 WHERE id = $1`,
          [row.id, bot, refresh],
        );
        progress.rekeyed++;
      }
      return rows.length;
    });
    if (taken === 0) return progress;
    progress.batches++;
    options.onBatch?.({ ...progress, failed: [...progress.failed] });
  }
}

/** How many installations still hold a value not encrypted with the current key. */
export async function countNotOnCurrentKey(dataSource: DataSource, cipher: TokenCipher): Promise<number> {
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM slack_installations
      WHERE (bot_token_encrypted IS NOT NULL AND NOT starts_with(bot_token_encrypted, $1))
         OR (bot_refresh_token_encrypted IS NOT NULL AND NOT starts_with(bot_refresh_token_encrypted, $1))`,
    [cipher.currentPrefix],
  );
  return n;
}

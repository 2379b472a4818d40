import { Client } from 'pg';

/**
 * How many Slack tokens the app still stores for a workspace. No API answers this (GET /slack says
 * `connected:false` and why, not what is kept), so this one read-only query is the demo's only look
 * into the database. Answers null when the database cannot be reached.
 */
export async function storedTokens(
  databaseUrl: string | null,
  teamId: string,
): Promise<{ installations: number; tokens: number } | null> {
  if (!databaseUrl) return null;
  const client = new Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ installations: string; tokens: string }>(
      `SELECT count(*) AS installations,
              count(bot_token_encrypted) + count(bot_refresh_token_encrypted) AS tokens
         FROM slack_installations WHERE team_id = $1`,
      [teamId],
    );
    return { installations: Number(rows[0]?.installations ?? 0), tokens: Number(rows[0]?.tokens ?? 0) };
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

/** auth.test, auth.revoke, team.info. */
import type { Answer, CallContext, MethodDef } from './context';
import { bool } from './context';

function authTest(ctx: CallContext): Answer {
  const { ws, install, app, token } = ctx.auth;
  const bot = ws.member(install.botUserId)!;
  const out: Answer = {
    ok: true,
    url: `https://${ws.domain}.slack.com/`,
    team: ws.name,
    user: bot.name,
    team_id: ws.id,
    user_id: bot.id,
    bot_id: install.botId,
    is_enterprise_install: false,
  };
  const rec = ctx.state.tokens.get(token);
  if (app.tokenRotation && rec?.expiresAt) {
    out.expires_in = Math.max(0, Math.floor((rec.expiresAt - ctx.state.now()) / 1000));
  }
  return out;
}

function authRevoke(ctx: CallContext): Answer {
  if (!bool(ctx.params, 'test')) ctx.state.revokeToken(ctx.auth.token);
  return { ok: true, revoked: true };
}

function teamInfo(ctx: CallContext): Answer {
  const { ws } = ctx.auth;
  const icon: Record<string, unknown> = {};
  for (const s of [34, 44, 68, 88, 102, 132, 230])
    icon[`image_${s}`] = `https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-${s}.png`;
  icon.image_default = true;
  return {
    ok: true,
    team: {
      id: ws.id,
      name: ws.name,
      url: `https://${ws.domain}.slack.com/`,
      domain: ws.domain,
      email_domain: '',
      icon,
      avatar_base_url: 'https://ca.slack-edge.com/',
      is_verified: false,
    },
  };
}

export const authTeamMethods: Record<string, MethodDef> = {
  'auth.test': { auth: true, handler: authTest },
  'auth.revoke': { auth: true, handler: authRevoke },
  'team.info': { auth: true, handler: teamInfo },
};

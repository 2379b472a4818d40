import { slackSignature, slackSignatureMatches } from '../../../src/slack/request-signature';

// Slack's documented test vector (https://api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = '1531420618';
const BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack request signatures', () => {
  it("signs Slack's example as Slack does, from a string or the raw bytes", () => {
    expect(slackSignature(SECRET, TS, BODY)).toBe(SIGNATURE);
    expect(slackSignature(SECRET, Number(TS), BODY.toString())).toBe(SIGNATURE);
  });

  it('accepts the signature in either case of hex', () => {
    expect(slackSignatureMatches(SECRET, TS, BODY, SIGNATURE)).toBe(true);
    expect(slackSignatureMatches(SECRET, TS, BODY, `v0=${SIGNATURE.slice(3).toUpperCase()}`)).toBe(true);
  });

  it('refuses another secret, timestamp or body, a cut signature and another version', () => {
    expect(slackSignatureMatches('another-secret', TS, BODY, SIGNATURE)).toBe(false);
    expect(slackSignatureMatches(SECRET, '1531420619', BODY, SIGNATURE)).toBe(false);
    expect(slackSignatureMatches(SECRET, TS, Buffer.concat([BODY, Buffer.from('&x=1')]), SIGNATURE)).toBe(
      false,
    );
    expect(slackSignatureMatches(SECRET, TS, BODY, SIGNATURE.slice(0, -2))).toBe(false);
    expect(slackSignatureMatches(SECRET, TS, BODY, `v1=${SIGNATURE.slice(3)}`)).toBe(false);
    expect(slackSignatureMatches(SECRET, TS, BODY, '')).toBe(false);
  });
});

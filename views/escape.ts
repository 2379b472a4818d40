/**
 * Slack's own escaping for text we put into messages: `&`, `<`, `>` and nothing else (HTML-style
 * escaping of quotes would show up literally in Slack). A user-supplied `<!channel>` becomes
 * harmless text.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

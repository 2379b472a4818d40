/**
 * The playground page's only script (served as `/_sandbox/ui/page.js`; the page's CSP allows no
 * other): it asks `/_sandbox/ui/version` every 1.5 s and reloads the page when the app changed
 * what the member sees (a DM arrived, the Home was republished, a modal opened), unless the member
 * is typing or has typed something not sent yet; and it submits a select that acts at once in Slack (a menu outside an input block)
 * or the member switcher when the choice changes.
 */
export const PAGE_JS = `(function () {
  var body = document.body;
  var team = body.getAttribute('data-team');
  var user = body.getAttribute('data-user');
  if (!team || !user) return;
  var app = new URLSearchParams(location.search).get('app');
  var url = location.pathname.replace(/\\/$/, '') + '/version?team=' + encodeURIComponent(team) +
    '&user=' + encodeURIComponent(user) + (app ? '&app=' + encodeURIComponent(app) : '');
  // The version the page was drawn at: a change between drawing and the first poll counts too.
  var known = body.getAttribute('data-version') || null;
  var dirty = false;
  document.addEventListener('input', function () { dirty = true; });
  function typing() {
    var el = document.activeElement;
    return el && /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) && el.type !== 'hidden';
  }
  function poll() {
    fetch(url, { cache: 'no-store' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (v) {
      if (!v) return;
      if (known === null) known = v.version;
      else if (v.version !== known && !typing() && !dirty) location.reload();
    }).catch(function () {}).then(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 1500);
  document.addEventListener('change', function (e) {
    var el = e.target;
    if (!el || !el.form) return;
    if (el.getAttribute('data-autosubmit')) { el.form.submit(); return; }
    var menu = el.getAttribute('data-menu');
    if (!menu) return;
    var field = document.createElement('input');
    field.type = 'hidden';
    field.name = 'menu';
    field.value = menu;
    el.form.appendChild(field);
    el.form.submit();
  });
})();
`;

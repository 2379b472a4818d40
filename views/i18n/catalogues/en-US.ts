/**
 * en-US: the source catalogue. Every other locale has exactly these keys, with the same ICU
 * arguments (test/unit/views/i18n/catalogues.test.ts). Whole sentences with placeholders; plurals
 * and choices in ICU (`{n, plural, …}`, `{x, select, …}`). Arguments arrive escaped for Slack by
 * the view; a catalogue string itself is trusted mrkdwn. ICU quoting: `'` only quotes before `{`,
 * `}` or `#`, so write apostrophes as ’ where one could meet a brace.
 */
export const enUS = {
  // Shared words
  'common.on': 'On',
  'common.off': 'Off',
  'common.turnOn': 'Turn on',
  'common.turnOff': 'Turn off',
  'common.edit': 'Edit',
  'common.enable': 'Enable',
  'common.disable': 'Disable',
  'common.save': 'Save',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.preview': 'Preview',
  'common.someone': 'someone',
  'common.privacyPolicy': 'Privacy policy',
  'common.dateAt': '{date} at {time}',

  // Notifications: the line the app adds under every template (not editable)
  'notification.optOut':
    "To stop PlusPlus notifications in Slack, type `/plusplus mute` or use the switch in the app's Home tab.",
  'notification.defaultButton': 'Open in PlusPlus',
  'change.cancelled': '{title} has been cancelled.',
  'change.cancelledWithReason': '{title} has been cancelled. Reason: {reason}',
  'change.updated':
    'Update: the {what} of {title} changed.{hasWhen, select, yes { Now: {when}.} other {}}{hasWhere, select, yes { Where: {where}.} other {}} The message above has the details.',

  // /plusplus help
  'help.title': '*PlusPlus for Slack* — `/plusplus` commands:',
  'help.line': '• {typed} — {does}',
  'help.either': '{a} or {b}',
  'help.does.help': 'this list',
  'help.does.status': 'your linked PlusPlus account and whether Slack notifications are on',
  'help.does.test': 'find your PlusPlus account and send yourself a test message',
  'help.does.test_others': 'test another user (admins)',
  'help.does.mute': 'turn PlusPlus notifications in Slack off or on (email continues)',
  'help.does.mapping': 'how PlusPlus users are matched to Slack members (admins)',

  // /plusplus replies
  'reply.unknown': "Sorry, I don't know `{text}`.",
  'reply.notConnected':
    'PlusPlus is not connected to this Slack workspace any more. A PlusPlus admin can reconnect it in PlusPlus: System Settings > Integrations > Slack.',
  'reply.noAccount':
    "I couldn't find your PlusPlus account. Check that your email in Slack is the one you use in PlusPlus, or ask a PlusPlus admin to check the user matching settings.",
  'reply.status.linked': 'Your Slack account is linked to the PlusPlus account *{who}*.',
  'reply.status.on': 'PlusPlus notifications in Slack are *on*. Turn them off with `/plusplus mute`.',
  'reply.status.off':
    'PlusPlus notifications in Slack are *off* (you still get email). Turn them on with `/plusplus unmute`.',
  'reply.status.attention':
    'Note: the connection needs attention from a PlusPlus admin (missing permissions).',
  'reply.muted':
    'Done: PlusPlus will not send you Slack notifications any more. You still get them by email. `/plusplus unmute` turns them back on.',
  'reply.unmuted': 'Done: PlusPlus notifications in Slack are on again. `/plusplus mute` turns them off.',
  'reply.adminsOnly.mapping': 'Only PlusPlus admins can see and change user matching.',
  'reply.adminsOnly.test_others': 'Only PlusPlus admins can test Slack for other people.',
  'reply.test.notFound':
    '{self, select, yes {Could not find your Slack account with the current matching settings.} other {Could not find the Slack account of {target} with the current matching settings.}}',
  'reply.test.sent':
    '{self, select, yes {You are linked to {mention}.} other {{target} is linked to {mention}.}} A test message is on its way.',
  'reply.test.failed':
    '{self, select, yes {You are linked to {mention}.} other {{target} is linked to {mention}.}} The test message could not be sent: `{error}`.',
  'reply.targetNotFound': "I couldn't find a PlusPlus user for {label}.",
  'reply.mapping':
    '*User matching*: a PlusPlus user is linked to the Slack member whose values match.\n• PlusPlus User Attribute: `{plusplus}`\n• Slack User Attribute: `{slack}`\nChange them in PlusPlus (System Settings > Integrations > Slack).',
  'reply.failed': 'Something went wrong on our side; nothing was changed. Please try again in a minute.',
  'reply.busy':
    'PlusPlus is busy answering other commands right now; nothing was changed. Please try again in a minute.',

  // Welcome DMs
  'welcome.text':
    'Hi! I’m PlusPlus. I send you your PlusPlus invites, enrollments, assignments and reminders here.',
  'welcome.body':
    '• `/plusplus help` lists what you can do from Slack.\n• `/plusplus mute` (or the switch in my *Home* tab) stops Slack notifications; you still get them by email. `/plusplus unmute` turns them back on.',
  'welcome.context': 'This is a one-time welcome. <{privacyUrl}|Privacy policy>',
  'installer.text':
    '{hasTeam, select, yes {PlusPlus is connected to {team}. Here is what to do next.} other {PlusPlus is connected. Here is what to do next.}}',
  'installer.steps':
    '1. Check *user matching* in my *Home* tab: how many PlusPlus users found their Slack account, and why the others did not.\n2. Turn on *Allow PlusPlus to send Slack notifications* there (it starts off).\n3. Try `/plusplus test` to send yourself a test message.',
  'installer.context':
    'Only you got this message, because you installed PlusPlus. <{privacyUrl}|Privacy policy>',

  // App Home
  'home.notConnected':
    'PlusPlus is not connected to this Slack workspace. A PlusPlus admin can connect it in PlusPlus: *System Settings > Integrations > Slack*.',
  'home.privacy': '<{privacyUrl}|PlusPlus privacy policy>',
  'home.admin.connectionHeader': 'Admin: connection',
  'home.admin.workspace': '*Workspace:* {name} (`{id}`)',
  'home.admin.connectedBy': '*Connected by:* {who}',
  'home.admin.connectedByOn': '*Connected by:* {who} on {date}',
  'home.admin.tokenRefused': ':warning: *Slack no longer accepts PlusPlus’s token.*',
  'home.admin.missingScopes': ':warning: *Missing permissions* (Reconnect to grant them):',
  'home.admin.allGranted': ':white_check_mark: *Permissions:* all granted',
  'home.admin.reconnect': 'Reconnect',
  'home.admin.notificationsHeader': 'Admin: notifications',
  'home.admin.notifications':
    '{on, select, yes {*Allow PlusPlus to send Slack notifications:* On\nPlusPlus sends invites, enrollments, assignments and reminders in Slack.} other {*Allow PlusPlus to send Slack notifications:* Off\nNobody gets PlusPlus notifications in Slack until this is on.}}',
  'home.admin.matchingHeader': 'Admin: user matching',
  'home.admin.plusplusAttribute': 'PlusPlus User Attribute:\n{value}',
  'home.admin.slackAttribute': 'Slack User Attribute:\n{value}',
  'home.admin.matchCounts':
    '*{matched, plural, one {# user} other {# users}} matched* of {total, plural, one {# PlusPlus user} other {# PlusPlus users}} · {unmatched, number} unmatched · {ambiguous, number} ambiguous · {errors, number} with errors\n{matchable, plural, one {# Slack member} other {# Slack members}} can be matched.',
  'home.admin.directoryReading': ':hourglass: The Slack directory is still being read; counts will grow.',
  'home.admin.countsUnavailable': ':warning: Match counts are unavailable: {reason}',
  'home.admin.rematch': 'Re-match now',
  'home.admin.unmatchedUsers': 'Unmatched users',
  'home.templates.header': 'Admin: notification templates',
  'home.templates.on': ':large_green_circle: On',
  'home.templates.off': ':white_circle: *Off*',
  'home.templates.default': 'default template',
  'home.templates.edited': '*edited*',
  'home.templates.overrides': '{count, plural, one {# content override} other {# content overrides}}',
  'home.templates.alwaysOnTest': 'always on (Test Slack)',
  'home.templates.alwaysOn': 'always on',
  'home.templates.reset': 'Reset to default',
  'home.templates.resetTitle': 'Reset to default?',
  'home.templates.resetText': "This template goes back to PlusPlus's default. Your edit is lost.",
  'home.templates.resetConfirm': 'Reset',
  'home.templates.help':
    'Disabled kinds are not sent in Slack (recipients still get email). Templates use Mustache, e.g. `{example}`; edits are checked before they are saved.',
  'home.failures.header': 'Admin: recent delivery failures',
  'home.failures.none': 'No failed deliveries. :tada:',
  'home.failures.noCode': 'no error code',
  'home.failures.help':
    'The last failed Slack notifications, newest first: recipient, type, Slack’s error code, when. Recipients still get them by email.',
  'home.me.header': 'Your preferences',
  'home.me.account': '*Your PlusPlus account:* {name}',
  'home.me.notifications':
    '{on, select, yes {*Receive Slack notifications:* On\nYou get PlusPlus notifications here in Slack (and by email).} other {*Receive Slack notifications:* Off\nYou get PlusPlus notifications by email only.}}',
  'home.me.test': 'Send me a test message',

  // App Home notices (the outcome of the last button)
  'notice.testSent': 'Test message sent: check your DMs from PlusPlus.',
  'notice.testFailed': 'Your Slack account was found, but the test message failed ({error}).',
  'notice.testNotFound': "Could not find this user's Slack account",
  'notice.testCouldNotRun': 'The test could not run: {message}',
  'notice.rematchFailed': 'Re-match failed: {message}',

  'notice.notConnected': 'PlusPlus is not connected to this Slack workspace.',
  'notice.noAccount':
    "I couldn't find your PlusPlus account, so there is nothing to change. Check that your Slack email is the one you use in PlusPlus.",
  'notice.adminsOnly': 'Only PlusPlus admins can change that. Nothing was changed.',
  'notice.noSuchTemplate': 'There is no such notification template.',
  'notice.tenantNotifications':
    '{on, select, yes {PlusPlus may now send Slack notifications.} other {PlusPlus Slack notifications are off for everyone.}}',
  'notice.myNotifications':
    '{on, select, yes {You will get PlusPlus notifications in Slack.} other {Muted: PlusPlus notifications reach you by email only.}}',
  'notice.rematchSkipped':
    'Re-match skipped: the Slack directory has not been read yet. It runs by itself once it has.',
  'notice.rematchDone':
    'Re-match done: {linked, plural, one {# user} other {# users}} linked, {changed, plural, one {# link} other {# links}} changed.',
  'notice.mappingSaved': 'User matching saved. Everyone is being re-matched in the background.',
  'notice.templateReset': 'The {label} template is back to the default.',
  'notice.templateOn': '{label} notifications are on.',
  'notice.templateOff': '{label} notifications are off: they are no longer sent in Slack.',
  'notice.templateSaved': 'The {label} template is saved.',
  'notice.templateDefaultAgain': 'The {label} template is the default again.',

  // Template kinds (App Home list and the template modal)
  'kind.invite': "You're invited",
  'kind.enrollment': "You're enrolled",
  'kind.assignment': 'New assignment',
  'kind.reminder': 'Reminder',
  'kind.updated': '{label} (updated)',
  'kind.cancelled': 'Cancelled',
  'kind.track_welcome': 'Welcome to the track',
  'kind.track_cancelled': 'This track has been cancelled',
  'kind.test_message': 'Slack notifications are set up',

  // Mapping modal
  'mapping.title': 'User matching',
  'mapping.intro':
    'PlusPlus links each PlusPlus user to a Slack member when these two JMESPath expressions give the same value. Test expressions at <https://jmespath.org|jmespath.org>.',
  'mapping.plusplusLabel': 'PlusPlus User Attribute',
  'mapping.plusplusHint': 'Evaluated on the PlusPlus user record, e.g. email',
  'mapping.slackLabel': 'Slack User Attribute',
  'mapping.slackHint': 'Evaluated on the Slack member, e.g. profile.email',
  'mapping.previewButton': 'Preview impact',
  'mapping.previewHelp':
    'Preview shows who would gain, lose or change their Slack link. Nothing is saved until you click Save.',
  'mapping.fixFirst': ':x: *Fix the expression before previewing:*',
  'mapping.errorPlusplus': '• PlusPlus User Attribute: {error}',
  'mapping.errorSlack': '• Slack User Attribute: {error}',
  'mapping.previewFailed': ':warning: Preview failed: {message}',
  'mapping.ifYouSave':
    '*If you save:* {matched, plural, one {# user} other {# users}} matched (now {current, number}, {delta}) of {total, plural, one {# PlusPlus user} other {# PlusPlus users}}',
  'mapping.deltas': '*Gained:* {gained, number} · *Lost:* {lost, number} · *Changed:* {changed, number}',
  'mapping.wouldGain': 'Would gain: {ids}',
  'mapping.wouldLose': 'Would lose: {ids}',
  'mapping.wouldChange': 'Would change: {ids}',
  'mapping.partial': 'The Slack directory is still being read: the preview is partial.',
  'mapping.fieldsPending':
    '{count, plural, one {# member’s custom fields are} other {# members’ custom fields are}} still being fetched.',

  // Template modal
  'template.title': 'Edit template',
  'template.intro':
    '*{label}* (`{kind}`): {isDefault, select, yes {PlusPlus’s default template} other {your edited template}}.',
  'template.locale': 'Language of this version: {locale}',
  'template.variables': 'Variables: {variables} and `{dataExample}`. Sections: `{sectionExample}`.',
  'template.field.header': 'Header',
  'template.field.body': 'Body',
  'template.field.button_label': 'Button label',
  'template.field.context': 'Context',
  'template.hint.header': 'Plain text, one line. Empty: no header.',
  'template.hint.body': 'Slack mrkdwn. Required.',
  'template.hint.button_label': 'Plain text on the link button. Empty: “{defaultLabel}”.',
  'template.hint.context': 'Why the recipient got this (mrkdwn). The opt-out line is always added after it.',
  'template.previewHelp':
    'Preview renders your unsaved template with sample content. Nothing is saved until you click Save.',
  'template.problem': '{field}: {message}',
  'template.problemAt': '{field}, line {line}, column {column}: {message}',
  'template.fixFirst': ':x: *Fix the template before previewing:*',
  'template.previewFailed': ':warning: Preview failed: {message}',
  'template.previewHeading': ':eyes: *Preview* with sample content (not saved):',

  // Unmatched users modal
  'unmatched.title': 'Unmatched users',
  'unmatched.summary':
    '*{unmatched, plural, one {# unmatched user} other {# unmatched users}}* · {matched, number} matched · {ambiguous, number} ambiguous · {errors, number} with errors (of {total, plural, one {# PlusPlus user} other {# PlusPlus users}})',
  'unmatched.everyoneMatched': 'Everyone is matched.',
  'unmatched.emptyPage': 'No users on this page.',
  'unmatched.showing': 'Showing {from, number}–{to, number} of {total, number}',
  'unmatched.previous': '‹ Previous',
  'unmatched.next': 'Next ›',
  'unmatched.reason.no_value': 'no value for the PlusPlus User Attribute',
  'unmatched.reason.not_found': 'no Slack member with this value',
  'unmatched.reason.ambiguous': 'several Slack members or PlusPlus users share this value',
  'unmatched.reason.expression_error': 'the PlusPlus User Attribute failed on this record',
  'unmatched.reason.slack_member_deactivated': 'the matching Slack member is deactivated',
  'unmatched.reason.slack_member_is_bot': 'the matching Slack member is a bot',
  'unmatched.reason.no_email_in_slack': 'the matching Slack member has no email in Slack',
  'unmatched.loading': 'Loading…',

  // Issue 21: send windows and digests
  'digest.header': '{count, plural, one {# new PlusPlus notification} other {# new PlusPlus notifications}}',
  'digest.moreLink': '…and {count, plural, one {# more} other {# more}}: <{url}|see them all in PlusPlus>',
  'digest.more': '…and {count, plural, one {# more} other {# more}} in PlusPlus.',
  'digest.context': 'You get this because PlusPlus sent you these notifications. {optOut}',
  'digest.textItem': '{hasWhen, select, yes {{title} ({when})} other {{title}}}',
  'digest.textSeparator': '; ',
  'digest.text':
    '{count, plural, one {# new PlusPlus notification} other {# new PlusPlus notifications}}: {items}{more, plural, =0 {} one {; and # more} other {; and # more}}',
  'timing.home.header': 'Admin: delivery timing',
  'timing.home.windowOn':
    '*Send window:* {start}–{end} on {days}, in each member’s own time zone, for {types}. Other notifications go at once.',
  'timing.home.windowOff': '*Send window:* off. Notifications go as soon as PlusPlus sends them.',
  'timing.home.digestOn':
    '*Digest:* on. Notifications that come due together go as one message listing up to {max, number}.',
  'timing.home.digestOff': '*Digest:* off. Every notification is its own message.',
  'timing.home.defaultZone': '*Default time zone:* {zone} (for members whose Slack time zone is unknown).',
  'timing.home.edit': 'Edit timing',
  'timing.notice.saved': 'Delivery timing saved.',
  'timing.type.invite': 'Invites',
  'timing.type.enrollment': 'Enrollments',
  'timing.type.assignment': 'Assignments',
  'timing.type.reminder': 'Reminders',
  'timing.modal.title': 'Delivery timing',
  'timing.modal.window': 'Send window',
  'timing.modal.windowOn': 'Hold notifications until the window opens',
  'timing.modal.start': 'Window opens',
  'timing.modal.startHint': 'Local time of each member, 24-hour HH:MM, e.g. 09:00',
  'timing.modal.end': 'Window closes',
  'timing.modal.endHint': 'After the opening time, same day, e.g. 17:30',
  'timing.modal.days': 'Days',
  'timing.modal.types': 'Notifications held for the window',
  'timing.modal.timeZone': 'Default time zone',
  'timing.modal.timeZoneHint': 'For members whose Slack time zone is unknown, e.g. Europe/Berlin (IANA name)',
  'timing.modal.digest': 'Digest',
  'timing.modal.digestOn': 'Combine notifications that come due together',
  'timing.modal.maxItems': 'Items listed in a digest',
  'timing.modal.maxItemsHint': '1 to 10; the rest are counted as “and N more”',
  'timing.modal.context':
    'Each member gets held notifications when the window opens in their own time zone, paced at the workspace’s rate.',
  'timing.error.notATime': 'Enter a time of day as HH:MM (24-hour), e.g. 09:00.',
  'timing.error.endNotAfterStart':
    'The window must close after it opens, on the same day: windows do not cross midnight.',
  'timing.error.noDays': 'Choose at least one day.',
  'timing.error.unknownDays': 'Choose the days from the list.',
  'timing.error.noTypes': 'Choose at least one type of notification.',
  'timing.error.unknownTypes': 'Choose the types from the list.',
  'timing.error.notATimeZone': 'Enter an IANA time zone name such as Europe/Berlin.',
  'timing.error.maxItemsRange': 'Enter a whole number from 1 to 10.',
  'timing.error.invalid': 'This value is not valid.',
} as const;

export type MessageKey = keyof typeof enUS;
/** A catalogue: every key of en-US, each an ICU message with en-US's arguments. */
export type Catalogue = Record<MessageKey, string>;

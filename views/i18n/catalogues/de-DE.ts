import type { Catalogue } from './en-US';

/** de-DE: formal „Sie“, German UI conventions (typographic quotes, no exclamation marks). */
export const deDE: Catalogue = {
  'common.on': 'An',
  'common.off': 'Aus',
  'common.turnOn': 'Einschalten',
  'common.turnOff': 'Ausschalten',
  'common.edit': 'Bearbeiten',
  'common.enable': 'Aktivieren',
  'common.disable': 'Deaktivieren',
  'common.save': 'Speichern',
  'common.cancel': 'Abbrechen',
  'common.close': 'Schließen',
  'common.preview': 'Vorschau',
  'common.someone': 'jemand',
  'common.privacyPolicy': 'Datenschutzerklärung',
  'common.dateAt': '{date} um {time}',

  'notification.optOut':
    'Um PlusPlus-Benachrichtigungen in Slack abzubestellen, geben Sie `/plusplus mute` ein oder nutzen Sie den Schalter im Tab „Home“ der App.',
  'notification.defaultButton': 'In PlusPlus öffnen',
  'change.cancelled': '{title} wurde abgesagt.',
  'change.cancelledWithReason': '{title} wurde abgesagt. Grund: {reason}',
  'change.updated':
    'Aktualisierung: Bei {title} hat sich Folgendes geändert: {what}.{hasWhen, select, yes { Jetzt: {when}.} other {}}{hasWhere, select, yes { Ort: {where}.} other {}} Die Details stehen in der Nachricht oben.',

  'help.title': '*PlusPlus für Slack* – `/plusplus`-Befehle:',
  'help.line': '• {typed} – {does}',
  'help.either': '{a} oder {b}',
  'help.does.help': 'diese Liste',
  'help.does.status': 'Ihr verknüpftes PlusPlus-Konto und ob Slack-Benachrichtigungen aktiviert sind',
  'help.does.test': 'Ihr PlusPlus-Konto suchen und sich selbst eine Testnachricht senden',
  'help.does.test_others': 'eine andere Person testen (Admins)',
  'help.does.mute': 'PlusPlus-Benachrichtigungen in Slack aus- oder einschalten (E-Mails kommen weiterhin)',
  'help.does.mapping': 'wie PlusPlus-Nutzer Slack-Mitgliedern zugeordnet werden (Admins)',

  'reply.unknown': 'Den Befehl `{text}` kenne ich leider nicht.',
  'reply.notConnected':
    'PlusPlus ist nicht mehr mit diesem Slack-Workspace verbunden. Ein PlusPlus-Admin kann die Verbindung in PlusPlus wiederherstellen: Systemeinstellungen > Integrationen > Slack.',
  'reply.noAccount':
    'Ich konnte Ihr PlusPlus-Konto nicht finden. Prüfen Sie, ob Ihre E-Mail-Adresse in Slack dieselbe ist wie in PlusPlus, oder bitten Sie einen PlusPlus-Admin, die Einstellungen zur Nutzerzuordnung zu prüfen.',
  'reply.status.linked': 'Ihr Slack-Konto ist mit dem PlusPlus-Konto *{who}* verknüpft.',
  'reply.status.on':
    'PlusPlus-Benachrichtigungen in Slack sind *aktiviert*. Mit `/plusplus mute` schalten Sie sie aus.',
  'reply.status.off':
    'PlusPlus-Benachrichtigungen in Slack sind *deaktiviert* (E-Mails erhalten Sie weiterhin). Mit `/plusplus unmute` schalten Sie sie ein.',
  'reply.status.attention':
    'Hinweis: Die Verbindung muss von einem PlusPlus-Admin geprüft werden (fehlende Berechtigungen).',
  'reply.muted':
    'Erledigt: PlusPlus sendet Ihnen keine Slack-Benachrichtigungen mehr. Per E-Mail erhalten Sie sie weiterhin. Mit `/plusplus unmute` schalten Sie sie wieder ein.',
  'reply.unmuted':
    'Erledigt: PlusPlus-Benachrichtigungen in Slack sind wieder aktiviert. Mit `/plusplus mute` schalten Sie sie aus.',
  'reply.adminsOnly.mapping': 'Nur PlusPlus-Admins können die Nutzerzuordnung sehen und ändern.',
  'reply.adminsOnly.test_others': 'Nur PlusPlus-Admins können Slack für andere Personen testen.',
  'reply.test.notFound':
    '{self, select, yes {Mit den aktuellen Zuordnungseinstellungen wurde Ihr Slack-Konto nicht gefunden.} other {Mit den aktuellen Zuordnungseinstellungen wurde das Slack-Konto von {target} nicht gefunden.}}',
  'reply.test.sent':
    '{self, select, yes {Sie sind mit {mention} verknüpft.} other {{target} ist mit {mention} verknüpft.}} Eine Testnachricht ist unterwegs.',
  'reply.test.failed':
    '{self, select, yes {Sie sind mit {mention} verknüpft.} other {{target} ist mit {mention} verknüpft.}} Die Testnachricht konnte nicht gesendet werden: `{error}`.',
  'reply.targetNotFound': 'Ich konnte keinen PlusPlus-Nutzer für {label} finden.',
  'reply.mapping':
    '*Nutzerzuordnung*: Ein PlusPlus-Nutzer wird mit dem Slack-Mitglied verknüpft, dessen Werte übereinstimmen.\n• PlusPlus-Nutzerattribut: `{plusplus}`\n• Slack-Nutzerattribut: `{slack}`\nÄndern können Sie sie in PlusPlus (Systemeinstellungen > Integrationen > Slack).',
  'reply.failed':
    'Bei uns ist etwas schiefgelaufen; es wurde nichts geändert. Bitte versuchen Sie es in einer Minute erneut.',
  'reply.busy':
    'PlusPlus beantwortet gerade viele andere Befehle; es wurde nichts geändert. Bitte versuchen Sie es in einer Minute erneut.',

  'welcome.text':
    'Hallo, ich bin PlusPlus. Hier erhalten Sie Ihre PlusPlus-Einladungen, Einschreibungen, Zuweisungen und Erinnerungen.',
  'welcome.body':
    '• `/plusplus help` zeigt, was Sie in Slack tun können.\n• `/plusplus mute` (oder der Schalter in meinem Tab *Home*) stoppt Slack-Benachrichtigungen; per E-Mail erhalten Sie sie weiterhin. Mit `/plusplus unmute` schalten Sie sie wieder ein.',
  'welcome.context': 'Diese Begrüßung erhalten Sie nur einmal. <{privacyUrl}|Datenschutzerklärung>',
  'installer.text':
    '{hasTeam, select, yes {PlusPlus ist jetzt mit {team} verbunden. So geht es weiter.} other {PlusPlus ist jetzt verbunden. So geht es weiter.}}',
  'installer.steps':
    '1. Prüfen Sie die *Nutzerzuordnung* in meinem Tab *Home*: wie viele PlusPlus-Nutzer ihr Slack-Konto gefunden haben und warum die anderen nicht.\n2. Schalten Sie dort *PlusPlus darf Slack-Benachrichtigungen senden* ein (anfangs ist es aus).\n3. Senden Sie sich mit `/plusplus test` eine Testnachricht.',
  'installer.context':
    'Nur Sie haben diese Nachricht erhalten, weil Sie PlusPlus installiert haben. <{privacyUrl}|Datenschutzerklärung>',

  'home.notConnected':
    'PlusPlus ist nicht mit diesem Slack-Workspace verbunden. Ein PlusPlus-Admin kann die Verbindung in PlusPlus herstellen: *Systemeinstellungen > Integrationen > Slack*.',
  'home.privacy': '<{privacyUrl}|Datenschutzerklärung von PlusPlus>',
  'home.admin.connectionHeader': 'Admin: Verbindung',
  'home.admin.workspace': '*Workspace:* {name} (`{id}`)',
  'home.admin.connectedBy': '*Verbunden von:* {who}',
  'home.admin.connectedByOn': '*Verbunden von:* {who} am {date}',
  'home.admin.tokenRefused': ':warning: *Slack akzeptiert das Token von PlusPlus nicht mehr.*',
  'home.admin.missingScopes': ':warning: *Fehlende Berechtigungen* (mit „Neu verbinden“ erteilen):',
  'home.admin.allGranted': ':white_check_mark: *Berechtigungen:* alle erteilt',
  'home.admin.reconnect': 'Neu verbinden',
  'home.admin.notificationsHeader': 'Admin: Benachrichtigungen',
  'home.admin.notifications':
    '{on, select, yes {*PlusPlus darf Slack-Benachrichtigungen senden:* An\nPlusPlus sendet Einladungen, Einschreibungen, Zuweisungen und Erinnerungen in Slack.} other {*PlusPlus darf Slack-Benachrichtigungen senden:* Aus\nNiemand erhält PlusPlus-Benachrichtigungen in Slack, solange dies ausgeschaltet ist.}}',
  'home.admin.matchingHeader': 'Admin: Nutzerzuordnung',
  'home.admin.plusplusAttribute': 'PlusPlus-Nutzerattribut:\n{value}',
  'home.admin.slackAttribute': 'Slack-Nutzerattribut:\n{value}',
  'home.admin.matchCounts':
    '*{matched, plural, one {# Nutzer} other {# Nutzer}} zugeordnet* von {total, plural, one {# PlusPlus-Nutzer} other {# PlusPlus-Nutzern}} · {unmatched, number} nicht zugeordnet · {ambiguous, number} mehrdeutig · {errors, number} mit Fehlern\n{matchable, plural, one {# Slack-Mitglied kann} other {# Slack-Mitglieder können}} zugeordnet werden.',
  'home.admin.directoryReading':
    ':hourglass: Das Slack-Verzeichnis wird noch gelesen; die Zahlen steigen noch.',
  'home.admin.countsUnavailable': ':warning: Zuordnungszahlen sind nicht verfügbar: {reason}',
  'home.admin.rematch': 'Jetzt neu zuordnen',
  'home.admin.unmatchedUsers': 'Nicht zugeordnete Nutzer',
  'home.templates.header': 'Admin: Benachrichtigungsvorlagen',
  'home.templates.on': ':large_green_circle: An',
  'home.templates.off': ':white_circle: *Aus*',
  'home.templates.default': 'Standardvorlage',
  'home.templates.edited': '*bearbeitet*',
  'home.templates.overrides':
    '{count, plural, one {# Anpassung für Inhalte} other {# Anpassungen für Inhalte}}',
  'home.templates.alwaysOnTest': 'immer an (Slack-Test)',
  'home.templates.alwaysOn': 'immer an',
  'home.templates.reset': 'Zurücksetzen',
  'home.templates.resetTitle': 'Auf Standard zurücksetzen?',
  'home.templates.resetText':
    'Diese Vorlage wird auf den Standard von PlusPlus zurückgesetzt. Ihre Änderungen gehen verloren.',
  'home.templates.resetConfirm': 'Zurücksetzen',
  'home.templates.help':
    'Deaktivierte Arten werden nicht in Slack gesendet (Empfänger erhalten weiterhin E-Mails). Vorlagen verwenden Mustache, z. B. `{example}`; Änderungen werden vor dem Speichern geprüft.',
  'home.failures.header': 'Admin: letzte Zustellungsfehler',
  'home.failures.none': 'Keine fehlgeschlagenen Zustellungen. :tada:',
  'home.failures.noCode': 'kein Fehlercode',
  'home.failures.help':
    'Die zuletzt fehlgeschlagenen Slack-Benachrichtigungen, neueste zuerst: Empfänger, Art, Fehlercode von Slack, Zeitpunkt. Die Empfänger erhalten sie weiterhin per E-Mail.',
  'home.me.header': 'Ihre Einstellungen',
  'home.me.account': '*Ihr PlusPlus-Konto:* {name}',
  'home.me.notifications':
    '{on, select, yes {*Slack-Benachrichtigungen erhalten:* An\nSie erhalten PlusPlus-Benachrichtigungen hier in Slack (und per E-Mail).} other {*Slack-Benachrichtigungen erhalten:* Aus\nSie erhalten PlusPlus-Benachrichtigungen nur per E-Mail.}}',
  'home.me.test': 'Testnachricht an mich senden',

  'notice.testSent': 'Testnachricht gesendet: Sehen Sie in Ihren Direktnachrichten von PlusPlus nach.',
  'notice.testFailed': 'Ihr Slack-Konto wurde gefunden, aber die Testnachricht ist fehlgeschlagen ({error}).',
  'notice.testNotFound': 'Das Slack-Konto dieses Nutzers wurde nicht gefunden',
  'notice.testCouldNotRun': 'Der Test konnte nicht ausgeführt werden: {message}',
  'notice.rematchFailed': 'Der erneute Abgleich ist fehlgeschlagen: {message}',

  'notice.notConnected': 'PlusPlus ist nicht mit diesem Slack-Workspace verbunden.',
  'notice.noAccount':
    'Ich konnte Ihr PlusPlus-Konto nicht finden, daher gibt es nichts zu ändern. Prüfen Sie, ob Ihre E-Mail-Adresse in Slack dieselbe ist wie in PlusPlus.',
  'notice.adminsOnly': 'Das können nur PlusPlus-Admins ändern. Es wurde nichts geändert.',
  'notice.noSuchTemplate': 'Diese Benachrichtigungsvorlage gibt es nicht.',
  'notice.tenantNotifications':
    '{on, select, yes {PlusPlus darf jetzt Slack-Benachrichtigungen senden.} other {PlusPlus-Benachrichtigungen in Slack sind für alle ausgeschaltet.}}',
  'notice.myNotifications':
    '{on, select, yes {Sie erhalten PlusPlus-Benachrichtigungen in Slack.} other {Stummgeschaltet: PlusPlus-Benachrichtigungen erhalten Sie nur noch per E-Mail.}}',
  'notice.rematchSkipped':
    'Neuzuordnung übersprungen: Das Slack-Verzeichnis wurde noch nicht gelesen. Die Zuordnung läuft automatisch, sobald es gelesen ist.',
  'notice.rematchDone':
    'Neuzuordnung abgeschlossen: {linked, plural, one {# Nutzer} other {# Nutzer}} verknüpft, {changed, plural, one {# Verknüpfung} other {# Verknüpfungen}} geändert.',
  'notice.mappingSaved': 'Nutzerzuordnung gespeichert. Alle Nutzer werden im Hintergrund neu zugeordnet.',
  'notice.templateReset': 'Die Vorlage „{label}“ ist wieder die Standardvorlage.',
  'notice.templateOn': 'Benachrichtigungen „{label}“ sind eingeschaltet.',
  'notice.templateOff':
    'Benachrichtigungen „{label}“ sind ausgeschaltet: Sie werden nicht mehr in Slack gesendet.',
  'notice.templateSaved': 'Die Vorlage „{label}“ ist gespeichert.',
  'notice.templateDefaultAgain': 'Die Vorlage „{label}“ entspricht wieder dem Standard.',

  'kind.invite': 'Sie sind eingeladen',
  'kind.enrollment': 'Sie sind eingeschrieben',
  'kind.assignment': 'Neue Zuweisung',
  'kind.reminder': 'Erinnerung',
  'kind.updated': '{label} (aktualisiert)',
  'kind.cancelled': 'Abgesagt',
  'kind.track_welcome': 'Willkommen im Track',
  'kind.track_cancelled': 'Dieser Track wurde abgesagt',
  'kind.test_message': 'Slack-Benachrichtigungen sind eingerichtet',

  'mapping.title': 'Nutzerzuordnung',
  'mapping.intro':
    'PlusPlus verknüpft jeden PlusPlus-Nutzer mit einem Slack-Mitglied, wenn diese beiden JMESPath-Ausdrücke denselben Wert ergeben. Ausdrücke können Sie auf <https://jmespath.org|jmespath.org> testen.',
  'mapping.plusplusLabel': 'PlusPlus-Nutzerattribut',
  'mapping.plusplusHint': 'Wird auf den PlusPlus-Nutzerdatensatz angewendet, z. B. email',
  'mapping.slackLabel': 'Slack-Nutzerattribut',
  'mapping.slackHint': 'Wird auf das Slack-Mitglied angewendet, z. B. profile.email',
  'mapping.previewButton': 'Auswirkung anzeigen',
  'mapping.previewHelp':
    'Die Vorschau zeigt, wer seine Slack-Verknüpfung gewinnen, verlieren oder ändern würde. Gespeichert wird erst, wenn Sie auf „Speichern“ klicken.',
  'mapping.fixFirst': ':x: *Korrigieren Sie den Ausdruck vor der Vorschau:*',
  'mapping.errorPlusplus': '• PlusPlus-Nutzerattribut: {error}',
  'mapping.errorSlack': '• Slack-Nutzerattribut: {error}',
  'mapping.previewFailed': ':warning: Vorschau fehlgeschlagen: {message}',
  'mapping.ifYouSave':
    '*Nach dem Speichern:* {matched, plural, one {# Nutzer} other {# Nutzer}} zugeordnet (jetzt {current, number}, {delta}) von {total, plural, one {# PlusPlus-Nutzer} other {# PlusPlus-Nutzern}}',
  'mapping.deltas': '*Neu:* {gained, number} · *Verloren:* {lost, number} · *Geändert:* {changed, number}',
  'mapping.wouldGain': 'Würden verknüpft: {ids}',
  'mapping.wouldLose': 'Würden Verknüpfung verlieren: {ids}',
  'mapping.wouldChange': 'Würden anders verknüpft: {ids}',
  'mapping.partial': 'Das Slack-Verzeichnis wird noch gelesen: Die Vorschau ist unvollständig.',
  'mapping.fieldsPending':
    '{count, plural, one {Die benutzerdefinierten Felder von # Mitglied werden} other {Die benutzerdefinierten Felder von # Mitgliedern werden}} noch abgerufen.',

  'template.title': 'Vorlage bearbeiten',
  'template.intro':
    '*{label}* (`{kind}`): {isDefault, select, yes {Standardvorlage von PlusPlus} other {Ihre bearbeitete Vorlage}}.',
  'template.locale': 'Sprache dieser Fassung: {locale}',
  'template.variables': 'Variablen: {variables} und `{dataExample}`. Abschnitte: `{sectionExample}`.',
  'template.field.header': 'Überschrift',
  'template.field.body': 'Text',
  'template.field.button_label': 'Schaltflächentext',
  'template.field.context': 'Kontext',
  'template.hint.header': 'Reiner Text, eine Zeile. Leer: keine Überschrift.',
  'template.hint.body': 'Slack-mrkdwn. Pflichtfeld.',
  'template.hint.button_label': 'Reiner Text auf der Link-Schaltfläche. Leer: „{defaultLabel}“.',
  'template.hint.context':
    'Warum der Empfänger dies erhält (mrkdwn). Der Hinweis zum Abbestellen wird immer danach angefügt.',
  'template.previewHelp':
    'Die Vorschau zeigt Ihre ungespeicherte Vorlage mit Beispielinhalten. Gespeichert wird erst, wenn Sie auf „Speichern“ klicken.',
  'template.problem': '{field}: {message}',
  'template.problemAt': '{field}, Zeile {line}, Spalte {column}: {message}',
  'template.fixFirst': ':x: *Korrigieren Sie die Vorlage vor der Vorschau:*',
  'template.previewFailed': ':warning: Vorschau fehlgeschlagen: {message}',
  'template.previewHeading': ':eyes: *Vorschau* mit Beispielinhalten (nicht gespeichert):',

  'unmatched.title': 'Nicht zugeordnet',
  'unmatched.summary':
    '*{unmatched, plural, one {# nicht zugeordneter Nutzer} other {# nicht zugeordnete Nutzer}}* · {matched, number} zugeordnet · {ambiguous, number} mehrdeutig · {errors, number} mit Fehlern (von {total, plural, one {# PlusPlus-Nutzer} other {# PlusPlus-Nutzern}})',
  'unmatched.everyoneMatched': 'Alle Nutzer sind zugeordnet.',
  'unmatched.emptyPage': 'Auf dieser Seite sind keine Nutzer.',
  'unmatched.showing': '{from, number}–{to, number} von {total, number}',
  'unmatched.previous': '‹ Zurück',
  'unmatched.next': 'Weiter ›',
  'unmatched.reason.no_value': 'kein Wert für das PlusPlus-Nutzerattribut',
  'unmatched.reason.not_found': 'kein Slack-Mitglied mit diesem Wert',
  'unmatched.reason.ambiguous': 'mehrere Slack-Mitglieder oder PlusPlus-Nutzer haben diesen Wert',
  'unmatched.reason.expression_error': 'das PlusPlus-Nutzerattribut ist für diesen Datensatz fehlgeschlagen',
  'unmatched.reason.slack_member_deactivated': 'das passende Slack-Mitglied ist deaktiviert',
  'unmatched.reason.slack_member_is_bot': 'das passende Slack-Mitglied ist ein Bot',
  'unmatched.reason.no_email_in_slack': 'das passende Slack-Mitglied hat in Slack keine E-Mail-Adresse',
  'unmatched.loading': 'Wird geladen …',

  // Issue 21: send windows and digests
  'digest.header':
    '{count, plural, one {# neue PlusPlus-Benachrichtigung} other {# neue PlusPlus-Benachrichtigungen}}',
  'digest.moreLink':
    '…und {count, plural, one {# weitere} other {# weitere}}: <{url}|alle in PlusPlus ansehen>',
  'digest.more': '…und {count, plural, one {# weitere} other {# weitere}} in PlusPlus.',
  'digest.context':
    'Sie erhalten diese Nachricht, weil PlusPlus Ihnen diese Benachrichtigungen gesendet hat. {optOut}',
  'digest.textItem': '{hasWhen, select, yes {{title} ({when})} other {{title}}}',
  'digest.textSeparator': '; ',
  'digest.text':
    '{count, plural, one {# neue PlusPlus-Benachrichtigung} other {# neue PlusPlus-Benachrichtigungen}}: {items}{more, plural, =0 {} one {; und # weitere} other {; und # weitere}}',
  'timing.home.header': 'Admin: Zustellzeiten',
  'timing.home.windowOn':
    '*Sendefenster:* {start}–{end} Uhr ({days}), in der eigenen Zeitzone jedes Mitglieds, für {types}. Andere Benachrichtigungen werden sofort gesendet.',
  'timing.home.windowOff':
    '*Sendefenster:* aus. Benachrichtigungen werden gesendet, sobald PlusPlus sie verschickt.',
  'timing.home.digestOn':
    '*Sammelnachricht:* an. Gleichzeitig fällige Benachrichtigungen werden in einer Nachricht zusammengefasst, die bis zu {max, number} davon einzeln aufführt.',
  'timing.home.digestOff': '*Sammelnachricht:* aus. Jede Benachrichtigung kommt als eigene Nachricht.',
  'timing.home.defaultZone':
    '*Standardzeitzone:* {zone} (für Mitglieder, deren Slack-Zeitzone unbekannt ist).',
  'timing.home.edit': 'Zustellzeiten bearbeiten',
  'timing.notice.saved': 'Die Zustellzeiten wurden gespeichert.',
  'timing.type.invite': 'Einladungen',
  'timing.type.enrollment': 'Einschreibungen',
  'timing.type.assignment': 'Zuweisungen',
  'timing.type.reminder': 'Erinnerungen',
  'timing.modal.title': 'Zustellzeiten',
  'timing.modal.window': 'Sendefenster',
  'timing.modal.windowOn': 'Benachrichtigungen zurückhalten, bis das Fenster beginnt',
  'timing.modal.start': 'Fenster beginnt um',
  'timing.modal.startHint': 'Ortszeit des jeweiligen Mitglieds im 24-Stunden-Format HH:MM, z. B. 09:00',
  'timing.modal.end': 'Fenster endet um',
  'timing.modal.endHint': 'Nach der Anfangszeit am selben Tag, z. B. 17:30',
  'timing.modal.days': 'Tage',
  'timing.modal.types': 'Im Fenster zurückgehaltene Benachrichtigungen',
  'timing.modal.timeZone': 'Standardzeitzone',
  'timing.modal.timeZoneHint':
    'Für Mitglieder, deren Slack-Zeitzone unbekannt ist, z. B. Europe/Berlin (IANA-Name)',
  'timing.modal.digest': 'Sammelnachricht',
  'timing.modal.digestOn': 'Gleichzeitig fällige Benachrichtigungen zusammenfassen',
  'timing.modal.maxItems': 'Einträge pro Sammelnachricht',
  'timing.modal.maxItemsHint': '1 bis 10; die übrigen werden als „und N weitere“ gezählt',
  'timing.modal.context':
    'Jedes Mitglied erhält zurückgehaltene Benachrichtigungen, sobald das Fenster in seiner eigenen Zeitzone beginnt, im Sendetempo des Workspace.',
  'timing.error.notATime': 'Geben Sie eine Uhrzeit im Format HH:MM (24 Stunden) ein, z. B. 09:00.',
  'timing.error.endNotAfterStart':
    'Das Fenster muss am selben Tag nach seinem Beginn enden: Fenster reichen nicht über Mitternacht.',
  'timing.error.noDays': 'Wählen Sie mindestens einen Tag aus.',
  'timing.error.unknownDays': 'Wählen Sie die Tage aus der Liste aus.',
  'timing.error.noTypes': 'Wählen Sie mindestens eine Art von Benachrichtigung aus.',
  'timing.error.unknownTypes': 'Wählen Sie die Arten aus der Liste aus.',
  'timing.error.notATimeZone': 'Geben Sie den IANA-Namen einer Zeitzone ein, z. B. Europe/Berlin.',
  'timing.error.maxItemsRange': 'Geben Sie eine ganze Zahl von 1 bis 10 ein.',
  'timing.error.invalid': 'Dieser Wert ist ungültig.',
};

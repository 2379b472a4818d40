import type { Catalogue } from './en-US';

/**
 * fr-FR: « vous », French typography (a no-break space U+00A0 before « : », « ? », « ! » is
 * written as a plain space here: Slack renders both the same and the sources stay readable).
 */
export const frFR: Catalogue = {
  'common.on': 'Activé',
  'common.off': 'Désactivé',
  'common.turnOn': 'Activer',
  'common.turnOff': 'Désactiver',
  'common.edit': 'Modifier',
  'common.enable': 'Activer',
  'common.disable': 'Désactiver',
  'common.save': 'Enregistrer',
  'common.cancel': 'Annuler',
  'common.close': 'Fermer',
  'common.preview': 'Aperçu',
  'common.someone': 'quelqu’un',
  'common.privacyPolicy': 'Politique de confidentialité',
  'common.dateAt': '{date} à {time}',

  'notification.optOut':
    'Pour ne plus recevoir les notifications PlusPlus dans Slack, tapez `/plusplus mute` ou utilisez l’interrupteur dans l’onglet Accueil de l’application.',
  'notification.defaultButton': 'Ouvrir dans PlusPlus',
  'change.cancelled': '{title} a été annulé.',
  'change.cancelledWithReason': '{title} a été annulé. Motif : {reason}',
  'change.updated':
    'Mise à jour de {title}. Éléments modifiés : {what}.{hasWhen, select, yes { Désormais : {when}.} other {}}{hasWhere, select, yes { Lieu : {where}.} other {}} Le message ci-dessus contient les détails.',

  'help.title': '*PlusPlus pour Slack* — commandes `/plusplus` :',
  'help.line': '• {typed} — {does}',
  'help.either': '{a} ou {b}',
  'help.does.help': 'cette liste',
  'help.does.status': 'votre compte PlusPlus associé et l’état des notifications Slack',
  'help.does.test': 'trouver votre compte PlusPlus et vous envoyer un message de test',
  'help.does.test_others': 'tester un autre utilisateur (administrateurs)',
  'help.does.mute': 'désactiver ou réactiver les notifications PlusPlus dans Slack (les e-mails continuent)',
  'help.does.mapping': 'comment les utilisateurs PlusPlus sont associés aux membres Slack (administrateurs)',

  'reply.unknown': 'Désolé, je ne connais pas `{text}`.',
  'reply.notConnected':
    'PlusPlus n’est plus connecté à cet espace de travail Slack. Un administrateur PlusPlus peut le reconnecter dans PlusPlus : Paramètres système > Intégrations > Slack.',
  'reply.noAccount':
    'Je n’ai pas trouvé votre compte PlusPlus. Vérifiez que votre adresse e-mail dans Slack est celle que vous utilisez dans PlusPlus, ou demandez à un administrateur PlusPlus de vérifier les paramètres d’association des utilisateurs.',
  'reply.status.linked': 'Votre compte Slack est associé au compte PlusPlus *{who}*.',
  'reply.status.on':
    'Les notifications PlusPlus dans Slack sont *activées*. Désactivez-les avec `/plusplus mute`.',
  'reply.status.off':
    'Les notifications PlusPlus dans Slack sont *désactivées* (vous recevez toujours les e-mails). Activez-les avec `/plusplus unmute`.',
  'reply.status.attention':
    'Remarque : la connexion nécessite l’intervention d’un administrateur PlusPlus (autorisations manquantes).',
  'reply.muted':
    'C’est fait : PlusPlus ne vous enverra plus de notifications Slack. Vous les recevez toujours par e-mail. `/plusplus unmute` les réactive.',
  'reply.unmuted':
    'C’est fait : les notifications PlusPlus dans Slack sont réactivées. `/plusplus mute` les désactive.',
  'reply.adminsOnly.mapping':
    'Seuls les administrateurs PlusPlus peuvent consulter et modifier l’association des utilisateurs.',
  'reply.adminsOnly.test_others':
    'Seuls les administrateurs PlusPlus peuvent tester Slack pour d’autres personnes.',
  'reply.test.notFound':
    '{self, select, yes {Votre compte Slack est introuvable avec les paramètres d’association actuels.} other {Le compte Slack de {target} est introuvable avec les paramètres d’association actuels.}}',
  'reply.test.sent':
    '{self, select, yes {Vous êtes associé à {mention}.} other {{target} est associé à {mention}.}} Un message de test est en route.',
  'reply.test.failed':
    '{self, select, yes {Vous êtes associé à {mention}.} other {{target} est associé à {mention}.}} Le message de test n’a pas pu être envoyé : `{error}`.',
  'reply.targetNotFound': 'Je n’ai trouvé aucun utilisateur PlusPlus pour {label}.',
  'reply.mapping':
    '*Association des utilisateurs* : un utilisateur PlusPlus est associé au membre Slack dont les valeurs correspondent.\n• Attribut utilisateur PlusPlus : `{plusplus}`\n• Attribut utilisateur Slack : `{slack}`\nVous pouvez les modifier dans PlusPlus (Paramètres système > Intégrations > Slack).',
  'reply.failed':
    'Un problème est survenu de notre côté ; rien n’a été modifié. Veuillez réessayer dans une minute.',
  'reply.busy':
    'PlusPlus répond actuellement à de nombreuses autres commandes ; rien n’a été modifié. Veuillez réessayer dans une minute.',

  'welcome.text':
    'Bonjour, je suis PlusPlus. Je vous envoie ici vos invitations, inscriptions, affectations et rappels PlusPlus.',
  'welcome.body':
    '• `/plusplus help` liste ce que vous pouvez faire depuis Slack.\n• `/plusplus mute` (ou l’interrupteur de mon onglet *Accueil*) arrête les notifications Slack ; vous les recevez toujours par e-mail. `/plusplus unmute` les réactive.',
  'welcome.context':
    'Ce message de bienvenue n’est envoyé qu’une fois. <{privacyUrl}|Politique de confidentialité>',
  'installer.text':
    '{hasTeam, select, yes {PlusPlus est connecté à {team}. Voici les prochaines étapes.} other {PlusPlus est connecté. Voici les prochaines étapes.}}',
  'installer.steps':
    '1. Vérifiez l’*association des utilisateurs* dans mon onglet *Accueil* : combien d’utilisateurs PlusPlus ont été associés à leur compte Slack, et pourquoi les autres ne l’ont pas été.\n2. Activez-y *Autoriser PlusPlus à envoyer des notifications Slack* (désactivé au départ).\n3. Essayez `/plusplus test` pour vous envoyer un message de test.',
  'installer.context':
    'Vous seul avez reçu ce message, car vous avez installé PlusPlus. <{privacyUrl}|Politique de confidentialité>',

  'home.notConnected':
    'PlusPlus n’est pas connecté à cet espace de travail Slack. Un administrateur PlusPlus peut le connecter dans PlusPlus : *Paramètres système > Intégrations > Slack*.',
  'home.privacy': '<{privacyUrl}|Politique de confidentialité de PlusPlus>',
  'home.admin.connectionHeader': 'Admin : connexion',
  'home.admin.workspace': '*Espace de travail :* {name} (`{id}`)',
  'home.admin.connectedBy': '*Connecté par :* {who}',
  'home.admin.connectedByOn': '*Connecté par :* {who} le {date}',
  'home.admin.tokenRefused': ':warning: *Slack n’accepte plus le jeton de PlusPlus.*',
  'home.admin.missingScopes': ':warning: *Autorisations manquantes* (reconnectez pour les accorder) :',
  'home.admin.allGranted': ':white_check_mark: *Autorisations :* toutes accordées',
  'home.admin.reconnect': 'Reconnecter',
  'home.admin.notificationsHeader': 'Admin : notifications',
  'home.admin.notifications':
    '{on, select, yes {*Autoriser PlusPlus à envoyer des notifications Slack :* Activé\nPlusPlus envoie les invitations, inscriptions, affectations et rappels dans Slack.} other {*Autoriser PlusPlus à envoyer des notifications Slack :* Désactivé\nPersonne ne reçoit de notifications PlusPlus dans Slack tant que ce réglage est désactivé.}}',
  'home.admin.matchingHeader': 'Admin : association des utilisateurs',
  'home.admin.plusplusAttribute': 'Attribut utilisateur PlusPlus :\n{value}',
  'home.admin.slackAttribute': 'Attribut utilisateur Slack :\n{value}',
  'home.admin.matchCounts':
    '*{matched, plural, one {# utilisateur associé} other {# utilisateurs associés}}* sur {total, plural, one {# utilisateur PlusPlus} other {# utilisateurs PlusPlus}} · {unmatched, number} non associés · {ambiguous, number} ambigus · {errors, number} en erreur\n{matchable, plural, one {# membre Slack peut} other {# membres Slack peuvent}} être associés.',
  'home.admin.directoryReading':
    ':hourglass: L’annuaire Slack est encore en cours de lecture ; les chiffres vont augmenter.',
  'home.admin.countsUnavailable': ':warning: Les chiffres d’association ne sont pas disponibles : {reason}',
  'home.admin.rematch': 'Réassocier maintenant',
  'home.admin.unmatchedUsers': 'Utilisateurs non associés',
  'home.templates.header': 'Admin : modèles de notification',
  'home.templates.on': ':large_green_circle: Activé',
  'home.templates.off': ':white_circle: *Désactivé*',
  'home.templates.default': 'modèle par défaut',
  'home.templates.edited': '*modifié*',
  'home.templates.overrides':
    '{count, plural, one {# personnalisation par contenu} other {# personnalisations par contenu}}',
  'home.templates.alwaysOnTest': 'toujours activé (test Slack)',
  'home.templates.alwaysOn': 'toujours activé',
  'home.templates.reset': 'Rétablir le modèle par défaut',
  'home.templates.resetTitle': 'Rétablir le défaut ?',
  'home.templates.resetText':
    'Ce modèle revient au modèle par défaut de PlusPlus. Vos modifications seront perdues.',
  'home.templates.resetConfirm': 'Rétablir',
  'home.templates.help':
    'Les types désactivés ne sont pas envoyés dans Slack (les destinataires reçoivent toujours les e-mails). Les modèles utilisent Mustache, par exemple `{example}` ; les modifications sont vérifiées avant d’être enregistrées.',
  'home.failures.header': 'Admin : échecs d’envoi récents',
  'home.failures.none': 'Aucun envoi en échec. :tada:',
  'home.failures.noCode': 'aucun code d’erreur',
  'home.failures.help':
    'Les dernières notifications Slack en échec, les plus récentes en premier : destinataire, type, code d’erreur de Slack, date. Les destinataires les reçoivent toujours par e-mail.',
  'home.me.header': 'Vos préférences',
  'home.me.account': '*Votre compte PlusPlus :* {name}',
  'home.me.notifications':
    '{on, select, yes {*Recevoir les notifications Slack :* Activé\nVous recevez les notifications PlusPlus ici dans Slack (et par e-mail).} other {*Recevoir les notifications Slack :* Désactivé\nVous recevez les notifications PlusPlus uniquement par e-mail.}}',
  'home.me.test': 'M’envoyer un message de test',

  'notice.testSent': 'Message de test envoyé : consultez vos messages directs de PlusPlus.',
  'notice.testFailed': 'Votre compte Slack a été trouvé, mais l’envoi du message de test a échoué ({error}).',
  'notice.testNotFound': 'Le compte Slack de cet utilisateur est introuvable',
  'notice.testCouldNotRun': 'Le test n’a pas pu être lancé : {message}',
  'notice.rematchFailed': 'La nouvelle correspondance a échoué : {message}',

  'notice.notConnected': 'PlusPlus n’est pas connecté à cet espace de travail Slack.',
  'notice.noAccount':
    'Je n’ai pas trouvé votre compte PlusPlus : il n’y a donc rien à modifier. Vérifiez que votre adresse e-mail Slack est celle que vous utilisez dans PlusPlus.',
  'notice.adminsOnly':
    'Seuls les administrateurs PlusPlus peuvent modifier ce réglage. Rien n’a été modifié.',
  'notice.noSuchTemplate': 'Ce modèle de notification n’existe pas.',
  'notice.tenantNotifications':
    '{on, select, yes {PlusPlus peut désormais envoyer des notifications Slack.} other {Les notifications Slack de PlusPlus sont désactivées pour tout le monde.}}',
  'notice.myNotifications':
    '{on, select, yes {Vous recevrez les notifications PlusPlus dans Slack.} other {Notifications coupées : vous recevez les notifications PlusPlus uniquement par e-mail.}}',
  'notice.rematchSkipped':
    'Réassociation ignorée : l’annuaire Slack n’a pas encore été lu. Elle se lancera d’elle-même ensuite.',
  'notice.rematchDone':
    'Réassociation terminée : {linked, plural, one {# utilisateur associé} other {# utilisateurs associés}}, {changed, plural, one {# association modifiée} other {# associations modifiées}}.',
  'notice.mappingSaved':
    'Association des utilisateurs enregistrée. Tout le monde est en cours de réassociation en arrière-plan.',
  'notice.templateReset': 'Le modèle « {label} » est revenu au modèle par défaut.',
  'notice.templateOn': 'Les notifications « {label} » sont activées.',
  'notice.templateOff':
    'Les notifications « {label} » sont désactivées : elles ne sont plus envoyées dans Slack.',
  'notice.templateSaved': 'Le modèle « {label} » est enregistré.',
  'notice.templateDefaultAgain': 'Le modèle « {label} » correspond de nouveau au modèle par défaut.',

  'kind.invite': 'Vous êtes invité',
  'kind.enrollment': 'Vous êtes inscrit',
  'kind.assignment': 'Nouvelle affectation',
  'kind.reminder': 'Rappel',
  'kind.updated': '{label} (mis à jour)',
  'kind.cancelled': 'Annulé',
  'kind.track_welcome': 'Bienvenue dans le parcours',
  'kind.track_cancelled': 'Ce parcours a été annulé',
  'kind.test_message': 'Les notifications Slack sont configurées',

  'mapping.title': 'Association',
  'mapping.intro':
    'PlusPlus associe chaque utilisateur PlusPlus à un membre Slack lorsque ces deux expressions JMESPath donnent la même valeur. Testez vos expressions sur <https://jmespath.org|jmespath.org>.',
  'mapping.plusplusLabel': 'Attribut utilisateur PlusPlus',
  'mapping.plusplusHint': 'Évalué sur la fiche de l’utilisateur PlusPlus, par exemple email',
  'mapping.slackLabel': 'Attribut utilisateur Slack',
  'mapping.slackHint': 'Évalué sur le membre Slack, par exemple profile.email',
  'mapping.previewButton': 'Aperçu de l’impact',
  'mapping.previewHelp':
    'L’aperçu montre qui gagnerait, perdrait ou changerait son association Slack. Rien n’est enregistré avant que vous cliquiez sur Enregistrer.',
  'mapping.fixFirst': ':x: *Corrigez l’expression avant l’aperçu :*',
  'mapping.errorPlusplus': '• Attribut utilisateur PlusPlus : {error}',
  'mapping.errorSlack': '• Attribut utilisateur Slack : {error}',
  'mapping.previewFailed': ':warning: L’aperçu a échoué : {message}',
  'mapping.ifYouSave':
    '*Si vous enregistrez :* {matched, plural, one {# utilisateur associé} other {# utilisateurs associés}} (actuellement {current, number}, {delta}) sur {total, plural, one {# utilisateur PlusPlus} other {# utilisateurs PlusPlus}}',
  'mapping.deltas':
    '*Gagnés :* {gained, number} · *Perdus :* {lost, number} · *Modifiés :* {changed, number}',
  'mapping.wouldGain': 'Seraient associés : {ids}',
  'mapping.wouldLose': 'Perdraient leur association : {ids}',
  'mapping.wouldChange': 'Changeraient d’association : {ids}',
  'mapping.partial': 'L’annuaire Slack est encore en cours de lecture : l’aperçu est partiel.',
  'mapping.fieldsPending':
    '{count, plural, one {Les champs personnalisés de # membre sont} other {Les champs personnalisés de # membres sont}} encore en cours de récupération.',

  'template.title': 'Modifier le modèle',
  'template.intro':
    '*{label}* (`{kind}`) : {isDefault, select, yes {modèle par défaut de PlusPlus} other {votre modèle modifié}}.',
  'template.locale': 'Langue de cette version : {locale}',
  'template.variables': 'Variables : {variables} et `{dataExample}`. Sections : `{sectionExample}`.',
  'template.field.header': 'En-tête',
  'template.field.body': 'Corps',
  'template.field.button_label': 'Libellé du bouton',
  'template.field.context': 'Contexte',
  'template.hint.header': 'Texte brut, une ligne. Vide : pas d’en-tête.',
  'template.hint.body': 'Mrkdwn Slack. Obligatoire.',
  'template.hint.button_label': 'Texte brut du bouton de lien. Vide : « {defaultLabel} ».',
  'template.hint.context':
    'Pourquoi le destinataire reçoit ce message (mrkdwn). La ligne de désabonnement est toujours ajoutée après.',
  'template.previewHelp':
    'L’aperçu affiche votre modèle non enregistré avec un contenu d’exemple. Rien n’est enregistré avant que vous cliquiez sur Enregistrer.',
  'template.problem': '{field} : {message}',
  'template.problemAt': '{field}, ligne {line}, colonne {column} : {message}',
  'template.fixFirst': ':x: *Corrigez le modèle avant l’aperçu :*',
  'template.previewFailed': ':warning: L’aperçu a échoué : {message}',
  'template.previewHeading': ':eyes: *Aperçu* avec un contenu d’exemple (non enregistré) :',

  'unmatched.title': 'Non associés',
  'unmatched.summary':
    '*{unmatched, plural, one {# utilisateur non associé} other {# utilisateurs non associés}}* · {matched, number} associés · {ambiguous, number} ambigus · {errors, number} en erreur (sur {total, plural, one {# utilisateur PlusPlus} other {# utilisateurs PlusPlus}})',
  'unmatched.everyoneMatched': 'Tout le monde est associé.',
  'unmatched.emptyPage': 'Aucun utilisateur sur cette page.',
  'unmatched.showing': '{from, number}–{to, number} sur {total, number}',
  'unmatched.previous': '‹ Précédent',
  'unmatched.next': 'Suivant ›',
  'unmatched.reason.no_value': 'aucune valeur pour l’attribut utilisateur PlusPlus',
  'unmatched.reason.not_found': 'aucun membre Slack avec cette valeur',
  'unmatched.reason.ambiguous': 'plusieurs membres Slack ou utilisateurs PlusPlus partagent cette valeur',
  'unmatched.reason.expression_error': 'l’attribut utilisateur PlusPlus a échoué sur cette fiche',
  'unmatched.reason.slack_member_deactivated': 'le membre Slack correspondant est désactivé',
  'unmatched.reason.slack_member_is_bot': 'le membre Slack correspondant est un bot',
  'unmatched.reason.no_email_in_slack': 'le membre Slack correspondant n’a pas d’adresse e-mail dans Slack',
  'unmatched.loading': 'Chargement…',

  // Issue 21: send windows and digests
  'digest.header':
    '{count, plural, one {# nouvelle notification PlusPlus} other {# nouvelles notifications PlusPlus}}',
  'digest.moreLink': '…et {count, plural, one {# autre} other {# autres}} : <{url}|tout voir dans PlusPlus>',
  'digest.more': '…et {count, plural, one {# autre} other {# autres}} dans PlusPlus.',
  'digest.context': 'Vous recevez ce message parce que PlusPlus vous a envoyé ces notifications. {optOut}',
  'digest.textItem': '{hasWhen, select, yes {{title} ({when})} other {{title}}}',
  'digest.textSeparator': ' ; ',
  'digest.text':
    '{count, plural, one {# nouvelle notification PlusPlus} other {# nouvelles notifications PlusPlus}} : {items}{more, plural, =0 {} one { ; et # autre} other { ; et # autres}}',
  'timing.home.header': 'Admin : horaires d’envoi',
  'timing.home.windowOn':
    '*Plage d’envoi :* de {start} à {end} ({days}), dans le fuseau horaire de chaque membre, pour les types suivants : {types}. Les autres notifications partent immédiatement.',
  'timing.home.windowOff':
    '*Plage d’envoi :* désactivée. Les notifications partent dès que PlusPlus les envoie.',
  'timing.home.digestOn':
    '*Récapitulatif :* activé. Les notifications arrivées à échéance en même temps sont regroupées dans un seul message qui en liste jusqu’à {max, number}.',
  'timing.home.digestOff':
    '*Récapitulatif :* désactivé. Chaque notification est envoyée dans son propre message.',
  'timing.home.defaultZone':
    '*Fuseau horaire par défaut :* {zone} (pour les membres dont le fuseau horaire Slack est inconnu).',
  'timing.home.edit': 'Modifier les horaires',
  'timing.notice.saved': 'Les horaires d’envoi ont été enregistrés.',
  'timing.type.invite': 'Invitations',
  'timing.type.enrollment': 'Inscriptions',
  'timing.type.assignment': 'Affectations',
  'timing.type.reminder': 'Rappels',
  'timing.modal.title': 'Horaires d’envoi',
  'timing.modal.window': 'Plage d’envoi',
  'timing.modal.windowOn': 'Retenir les notifications jusqu’à l’ouverture de la plage',
  'timing.modal.start': 'Début de la plage',
  'timing.modal.startHint': 'Heure locale de chaque membre, au format 24 h HH:MM, par ex. 09:00',
  'timing.modal.end': 'Fin de la plage',
  'timing.modal.endHint': 'Après l’heure de début, le même jour, par ex. 17:30',
  'timing.modal.days': 'Jours',
  'timing.modal.types': 'Notifications retenues jusqu’à la plage',
  'timing.modal.timeZone': 'Fuseau horaire par défaut',
  'timing.modal.timeZoneHint':
    'Pour les membres dont le fuseau horaire Slack est inconnu, par ex. Europe/Berlin (nom IANA)',
  'timing.modal.digest': 'Récapitulatif',
  'timing.modal.digestOn': 'Regrouper les notifications arrivées à échéance en même temps',
  'timing.modal.maxItems': 'Éléments listés dans un récapitulatif',
  'timing.modal.maxItemsHint': 'De 1 à 10 ; les autres sont comptés comme « et N autres »',
  'timing.modal.context':
    'Chaque membre reçoit les notifications retenues à l’ouverture de la plage dans son propre fuseau horaire, au rythme d’envoi de l’espace de travail.',
  'timing.error.notATime': 'Saisissez une heure au format HH:MM (24 h), par ex. 09:00.',
  'timing.error.endNotAfterStart':
    'La plage doit se terminer après son début, le même jour : une plage ne peut pas passer minuit.',
  'timing.error.noDays': 'Choisissez au moins un jour.',
  'timing.error.unknownDays': 'Choisissez les jours dans la liste.',
  'timing.error.noTypes': 'Choisissez au moins un type de notification.',
  'timing.error.unknownTypes': 'Choisissez les types dans la liste.',
  'timing.error.notATimeZone': 'Saisissez le nom IANA d’un fuseau horaire, par ex. Europe/Berlin.',
  'timing.error.maxItemsRange': 'Saisissez un nombre entier de 1 à 10.',
  'timing.error.invalid': 'Cette valeur n’est pas valide.',
};

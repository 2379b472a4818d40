import type { Catalogue } from './en-US';

/**
 * es-ES: neutral product-UI Spanish, no «usted»: instructions in the impersonal or infinitive
 * form, «tu» only where the text speaks about the member's own account.
 */
export const esES: Catalogue = {
  'common.on': 'Activado',
  'common.off': 'Desactivado',
  'common.turnOn': 'Activar',
  'common.turnOff': 'Desactivar',
  'common.edit': 'Editar',
  'common.enable': 'Activar',
  'common.disable': 'Desactivar',
  'common.save': 'Guardar',
  'common.cancel': 'Cancelar',
  'common.close': 'Cerrar',
  'common.preview': 'Vista previa',
  'common.someone': 'alguien',
  'common.privacyPolicy': 'Política de privacidad',
  'common.dateAt': '{date} a las {time}',

  'notification.optOut':
    'Para dejar de recibir notificaciones de PlusPlus en Slack, escribe `/plusplus mute` o usa el interruptor de la pestaña Inicio de la aplicación.',
  'notification.defaultButton': 'Abrir en PlusPlus',
  'change.cancelled': '{title} se ha cancelado.',
  'change.cancelledWithReason': '{title} se ha cancelado. Motivo: {reason}',
  'change.updated':
    'Actualización de {title}. Cambios: {what}.{hasWhen, select, yes { Ahora: {when}.} other {}}{hasWhere, select, yes { Lugar: {where}.} other {}} Los detalles están en el mensaje de arriba.',

  'help.title': '*PlusPlus para Slack*: comandos de `/plusplus`:',
  'help.line': '• {typed}: {does}',
  'help.either': '{a} o {b}',
  'help.does.help': 'esta lista',
  'help.does.status': 'la cuenta de PlusPlus vinculada y si las notificaciones de Slack están activadas',
  'help.does.test': 'buscar tu cuenta de PlusPlus y enviarte un mensaje de prueba',
  'help.does.test_others': 'probar con otra persona (administradores)',
  'help.does.mute':
    'desactivar o activar las notificaciones de PlusPlus en Slack (los correos electrónicos siguen llegando)',
  'help.does.mapping':
    'cómo se vinculan los usuarios de PlusPlus con los miembros de Slack (administradores)',

  'reply.unknown': 'Lo siento, no conozco `{text}`.',
  'reply.notConnected':
    'PlusPlus ya no está conectado a este espacio de trabajo de Slack. Un administrador de PlusPlus puede volver a conectarlo en PlusPlus: Configuración del sistema > Integraciones > Slack.',
  'reply.noAccount':
    'No se ha encontrado tu cuenta de PlusPlus. Comprueba que el correo electrónico de Slack sea el mismo que usas en PlusPlus o pide a un administrador de PlusPlus que revise la configuración de vinculación de usuarios.',
  'reply.status.linked': 'Tu cuenta de Slack está vinculada a la cuenta de PlusPlus *{who}*.',
  'reply.status.on':
    'Las notificaciones de PlusPlus en Slack están *activadas*. Se desactivan con `/plusplus mute`.',
  'reply.status.off':
    'Las notificaciones de PlusPlus en Slack están *desactivadas* (el correo electrónico sigue llegando). Se activan con `/plusplus unmute`.',
  'reply.status.attention':
    'Nota: la conexión necesita la atención de un administrador de PlusPlus (faltan permisos).',
  'reply.muted':
    'Listo: PlusPlus ya no enviará notificaciones de Slack. Seguirán llegando por correo electrónico. `/plusplus unmute` las vuelve a activar.',
  'reply.unmuted':
    'Listo: las notificaciones de PlusPlus en Slack vuelven a estar activadas. `/plusplus mute` las desactiva.',
  'reply.adminsOnly.mapping':
    'Solo los administradores de PlusPlus pueden ver y cambiar la vinculación de usuarios.',
  'reply.adminsOnly.test_others':
    'Solo los administradores de PlusPlus pueden probar Slack con otras personas.',
  'reply.test.notFound':
    '{self, select, yes {No se ha encontrado tu cuenta de Slack con la configuración de vinculación actual.} other {No se ha encontrado la cuenta de Slack de {target} con la configuración de vinculación actual.}}',
  'reply.test.sent':
    '{self, select, yes {Tu cuenta está vinculada a {mention}.} other {{target} está vinculado a {mention}.}} El mensaje de prueba está en camino.',
  'reply.test.failed':
    '{self, select, yes {Tu cuenta está vinculada a {mention}.} other {{target} está vinculado a {mention}.}} No se ha podido enviar el mensaje de prueba: `{error}`.',
  'reply.targetNotFound': 'No se ha encontrado ningún usuario de PlusPlus para {label}.',
  'reply.mapping':
    '*Vinculación de usuarios*: cada usuario de PlusPlus se vincula con el miembro de Slack cuyos valores coinciden.\n• Atributo de usuario de PlusPlus: `{plusplus}`\n• Atributo de usuario de Slack: `{slack}`\nSe cambian en PlusPlus (Configuración del sistema > Integraciones > Slack).',
  'reply.failed':
    'Algo ha fallado por nuestra parte; no se ha cambiado nada. Inténtalo de nuevo en un minuto.',
  'reply.busy':
    'PlusPlus está respondiendo a muchos otros comandos en este momento; no se ha cambiado nada. Inténtalo de nuevo en un minuto.',

  'welcome.text':
    'Hola, soy PlusPlus. Aquí recibirás tus invitaciones, inscripciones, asignaciones y recordatorios de PlusPlus.',
  'welcome.body':
    '• `/plusplus help` muestra lo que se puede hacer desde Slack.\n• `/plusplus mute` (o el interruptor de mi pestaña *Inicio*) detiene las notificaciones de Slack; seguirán llegando por correo electrónico. `/plusplus unmute` las vuelve a activar.',
  'welcome.context':
    'Este mensaje de bienvenida solo se envía una vez. <{privacyUrl}|Política de privacidad>',
  'installer.text':
    '{hasTeam, select, yes {PlusPlus está conectado a {team}. Estos son los siguientes pasos.} other {PlusPlus está conectado. Estos son los siguientes pasos.}}',
  'installer.steps':
    '1. Revisa la *vinculación de usuarios* en mi pestaña *Inicio*: cuántos usuarios de PlusPlus tienen su cuenta de Slack vinculada y por qué los demás no.\n2. Activa allí *Permitir que PlusPlus envíe notificaciones de Slack* (empieza desactivado).\n3. Prueba `/plusplus test` para enviarte un mensaje de prueba.',
  'installer.context':
    'Solo tú has recibido este mensaje, porque instalaste PlusPlus. <{privacyUrl}|Política de privacidad>',

  'home.notConnected':
    'PlusPlus no está conectado a este espacio de trabajo de Slack. Un administrador de PlusPlus puede conectarlo en PlusPlus: *Configuración del sistema > Integraciones > Slack*.',
  'home.privacy': '<{privacyUrl}|Política de privacidad de PlusPlus>',
  'home.admin.connectionHeader': 'Administración: conexión',
  'home.admin.workspace': '*Espacio de trabajo:* {name} (`{id}`)',
  'home.admin.connectedBy': '*Conectado por:* {who}',
  'home.admin.connectedByOn': '*Conectado por:* {who} el {date}',
  'home.admin.tokenRefused': ':warning: *Slack ya no acepta el token de PlusPlus.*',
  'home.admin.missingScopes': ':warning: *Faltan permisos* (se conceden al volver a conectar):',
  'home.admin.allGranted': ':white_check_mark: *Permisos:* todos concedidos',
  'home.admin.reconnect': 'Volver a conectar',
  'home.admin.notificationsHeader': 'Administración: notificaciones',
  'home.admin.notifications':
    '{on, select, yes {*Permitir que PlusPlus envíe notificaciones de Slack:* Activado\nPlusPlus envía invitaciones, inscripciones, asignaciones y recordatorios en Slack.} other {*Permitir que PlusPlus envíe notificaciones de Slack:* Desactivado\nNadie recibe notificaciones de PlusPlus en Slack hasta que se active.}}',
  'home.admin.matchingHeader': 'Administración: vinculación de usuarios',
  'home.admin.plusplusAttribute': 'Atributo de usuario de PlusPlus:\n{value}',
  'home.admin.slackAttribute': 'Atributo de usuario de Slack:\n{value}',
  'home.admin.matchCounts':
    '*{matched, plural, one {# usuario vinculado} other {# usuarios vinculados}}* de {total, plural, one {# usuario de PlusPlus} other {# usuarios de PlusPlus}} · {unmatched, number} sin vincular · {ambiguous, number} ambiguos · {errors, number} con errores\n{matchable, plural, one {# miembro de Slack se puede vincular} other {# miembros de Slack se pueden vincular}}.',
  'home.admin.directoryReading':
    ':hourglass: Todavía se está leyendo el directorio de Slack; las cifras irán aumentando.',
  'home.admin.countsUnavailable': ':warning: Las cifras de vinculación no están disponibles: {reason}',
  'home.admin.rematch': 'Volver a vincular',
  'home.admin.unmatchedUsers': 'Usuarios sin vincular',
  'home.templates.header': 'Administración: plantillas de notificación',
  'home.templates.on': ':large_green_circle: Activada',
  'home.templates.off': ':white_circle: *Desactivada*',
  'home.templates.default': 'plantilla predeterminada',
  'home.templates.edited': '*editada*',
  'home.templates.overrides':
    '{count, plural, one {# personalización por contenido} other {# personalizaciones por contenido}}',
  'home.templates.alwaysOnTest': 'siempre activada (prueba de Slack)',
  'home.templates.alwaysOn': 'siempre activada',
  'home.templates.reset': 'Restablecer',
  'home.templates.resetTitle': '¿Restablecer?',
  'home.templates.resetText':
    'Esta plantilla vuelve a la predeterminada de PlusPlus. Los cambios se perderán.',
  'home.templates.resetConfirm': 'Restablecer',
  'home.templates.help':
    'Los tipos desactivados no se envían en Slack (los destinatarios siguen recibiendo el correo electrónico). Las plantillas usan Mustache, por ejemplo `{example}`; los cambios se comprueban antes de guardarse.',
  'home.failures.header': 'Administración: errores de envío recientes',
  'home.failures.none': 'No hay envíos fallidos. :tada:',
  'home.failures.noCode': 'sin código de error',
  'home.failures.help':
    'Las últimas notificaciones de Slack fallidas, de la más reciente a la más antigua: destinatario, tipo, código de error de Slack y fecha. Los destinatarios siguen recibiéndolas por correo electrónico.',
  'home.me.header': 'Tus preferencias',
  'home.me.account': '*Tu cuenta de PlusPlus:* {name}',
  'home.me.notifications':
    '{on, select, yes {*Recibir notificaciones de Slack:* Activado\nLas notificaciones de PlusPlus llegan aquí, en Slack (y por correo electrónico).} other {*Recibir notificaciones de Slack:* Desactivado\nLas notificaciones de PlusPlus solo llegan por correo electrónico.}}',
  'home.me.test': 'Enviarme un mensaje de prueba',

  'notice.testSent': 'Mensaje de prueba enviado: revisa tus mensajes directos de PlusPlus.',
  'notice.testFailed': 'Se ha encontrado tu cuenta de Slack, pero el mensaje de prueba ha fallado ({error}).',
  'notice.testNotFound': 'No se ha encontrado la cuenta de Slack de este usuario',
  'notice.testCouldNotRun': 'No se ha podido hacer la prueba: {message}',
  'notice.rematchFailed': 'No se ha podido volver a vincular: {message}',

  'notice.notConnected': 'PlusPlus no está conectado a este espacio de trabajo de Slack.',
  'notice.noAccount':
    'No se ha encontrado tu cuenta de PlusPlus, así que no hay nada que cambiar. Comprueba que el correo electrónico de Slack sea el mismo que usas en PlusPlus.',
  'notice.adminsOnly': 'Solo los administradores de PlusPlus pueden cambiar esto. No se ha cambiado nada.',
  'notice.noSuchTemplate': 'Esa plantilla de notificación no existe.',
  'notice.tenantNotifications':
    '{on, select, yes {PlusPlus ya puede enviar notificaciones de Slack.} other {Las notificaciones de PlusPlus en Slack están desactivadas para todos.}}',
  'notice.myNotifications':
    '{on, select, yes {Las notificaciones de PlusPlus llegarán a Slack.} other {Silenciado: las notificaciones de PlusPlus solo llegarán por correo electrónico.}}',
  'notice.rematchSkipped':
    'Vinculación omitida: todavía no se ha leído el directorio de Slack. Se hará automáticamente cuando esté leído.',
  'notice.rematchDone':
    'Vinculación completada: {linked, plural, one {# usuario vinculado} other {# usuarios vinculados}}, {changed, plural, one {# vínculo cambiado} other {# vínculos cambiados}}.',
  'notice.mappingSaved':
    'Vinculación de usuarios guardada. Todos los usuarios se están volviendo a vincular en segundo plano.',
  'notice.templateReset': 'La plantilla «{label}» vuelve a ser la predeterminada.',
  'notice.templateOn': 'Las notificaciones «{label}» están activadas.',
  'notice.templateOff': 'Las notificaciones «{label}» están desactivadas: ya no se envían en Slack.',
  'notice.templateSaved': 'La plantilla «{label}» se ha guardado.',
  'notice.templateDefaultAgain': 'La plantilla «{label}» vuelve a coincidir con la predeterminada.',

  'kind.invite': 'Invitación',
  'kind.enrollment': 'Inscripción confirmada',
  'kind.assignment': 'Nueva asignación',
  'kind.reminder': 'Recordatorio',
  'kind.updated': '{label} (actualizado)',
  'kind.cancelled': 'Cancelado',
  'kind.track_welcome': 'Bienvenida al itinerario',
  'kind.track_cancelled': 'Este itinerario se ha cancelado',
  'kind.test_message': 'Las notificaciones de Slack están configuradas',

  'mapping.title': 'Vinculación',
  'mapping.intro':
    'PlusPlus vincula cada usuario de PlusPlus con un miembro de Slack cuando estas dos expresiones JMESPath dan el mismo valor. Las expresiones se pueden probar en <https://jmespath.org|jmespath.org>.',
  'mapping.plusplusLabel': 'Atributo de usuario de PlusPlus',
  'mapping.plusplusHint': 'Se evalúa sobre el registro del usuario de PlusPlus, por ejemplo email',
  'mapping.slackLabel': 'Atributo de usuario de Slack',
  'mapping.slackHint': 'Se evalúa sobre el miembro de Slack, por ejemplo profile.email',
  'mapping.previewButton': 'Ver el impacto',
  'mapping.previewHelp':
    'La vista previa muestra quién ganaría, perdería o cambiaría su vínculo con Slack. No se guarda nada hasta hacer clic en Guardar.',
  'mapping.fixFirst': ':x: *Corrige la expresión antes de la vista previa:*',
  'mapping.errorPlusplus': '• Atributo de usuario de PlusPlus: {error}',
  'mapping.errorSlack': '• Atributo de usuario de Slack: {error}',
  'mapping.previewFailed': ':warning: Error en la vista previa: {message}',
  'mapping.ifYouSave':
    '*Al guardar:* {matched, plural, one {# usuario vinculado} other {# usuarios vinculados}} (ahora {current, number}, {delta}) de {total, plural, one {# usuario de PlusPlus} other {# usuarios de PlusPlus}}',
  'mapping.deltas':
    '*Ganados:* {gained, number} · *Perdidos:* {lost, number} · *Cambiados:* {changed, number}',
  'mapping.wouldGain': 'Ganarían vínculo: {ids}',
  'mapping.wouldLose': 'Perderían el vínculo: {ids}',
  'mapping.wouldChange': 'Cambiarían de vínculo: {ids}',
  'mapping.partial': 'Todavía se está leyendo el directorio de Slack: la vista previa es parcial.',
  'mapping.fieldsPending':
    '{count, plural, one {Todavía se están obteniendo los campos personalizados de # miembro} other {Todavía se están obteniendo los campos personalizados de # miembros}}.',

  'template.title': 'Editar plantilla',
  'template.intro':
    '*{label}* (`{kind}`): {isDefault, select, yes {plantilla predeterminada de PlusPlus} other {plantilla editada}}.',
  'template.locale': 'Idioma de esta versión: {locale}',
  'template.variables': 'Variables: {variables} y `{dataExample}`. Secciones: `{sectionExample}`.',
  'template.field.header': 'Encabezado',
  'template.field.body': 'Cuerpo',
  'template.field.button_label': 'Texto del botón',
  'template.field.context': 'Contexto',
  'template.hint.header': 'Texto sin formato, una línea. Vacío: sin encabezado.',
  'template.hint.body': 'Mrkdwn de Slack. Obligatorio.',
  'template.hint.button_label': 'Texto sin formato del botón del enlace. Vacío: «{defaultLabel}».',
  'template.hint.context':
    'Por qué lo recibe el destinatario (mrkdwn). La línea para darse de baja siempre se añade después.',
  'template.previewHelp':
    'La vista previa muestra la plantilla sin guardar con contenido de ejemplo. No se guarda nada hasta hacer clic en Guardar.',
  'template.problem': '{field}: {message}',
  'template.problemAt': '{field}, línea {line}, columna {column}: {message}',
  'template.fixFirst': ':x: *Corrige la plantilla antes de la vista previa:*',
  'template.previewFailed': ':warning: Error en la vista previa: {message}',
  'template.previewHeading': ':eyes: *Vista previa* con contenido de ejemplo (sin guardar):',

  'unmatched.title': 'Sin vincular',
  'unmatched.summary':
    '*{unmatched, plural, one {# usuario sin vincular} other {# usuarios sin vincular}}* · {matched, number} vinculados · {ambiguous, number} ambiguos · {errors, number} con errores (de {total, plural, one {# usuario de PlusPlus} other {# usuarios de PlusPlus}})',
  'unmatched.everyoneMatched': 'Todos los usuarios están vinculados.',
  'unmatched.emptyPage': 'No hay usuarios en esta página.',
  'unmatched.showing': '{from, number}–{to, number} de {total, number}',
  'unmatched.previous': '‹ Anterior',
  'unmatched.next': 'Siguiente ›',
  'unmatched.reason.no_value': 'sin valor para el atributo de usuario de PlusPlus',
  'unmatched.reason.not_found': 'ningún miembro de Slack tiene este valor',
  'unmatched.reason.ambiguous': 'varios miembros de Slack o usuarios de PlusPlus comparten este valor',
  'unmatched.reason.expression_error': 'el atributo de usuario de PlusPlus ha fallado en este registro',
  'unmatched.reason.slack_member_deactivated': 'el miembro de Slack correspondiente está desactivado',
  'unmatched.reason.slack_member_is_bot': 'el miembro de Slack correspondiente es un bot',
  'unmatched.reason.no_email_in_slack':
    'el miembro de Slack correspondiente no tiene correo electrónico en Slack',
  'unmatched.loading': 'Cargando…',

  // Issue 21: send windows and digests
  'digest.header':
    '{count, plural, one {# notificación nueva de PlusPlus} other {# notificaciones nuevas de PlusPlus}}',
  'digest.moreLink': '…y {count, plural, one {# más} other {# más}}: <{url}|ver todas en PlusPlus>',
  'digest.more': '…y {count, plural, one {# más} other {# más}} en PlusPlus.',
  'digest.context': 'Recibes este mensaje porque PlusPlus te ha enviado estas notificaciones. {optOut}',
  'digest.textItem': '{hasWhen, select, yes {{title} ({when})} other {{title}}}',
  'digest.textSeparator': '; ',
  'digest.text':
    '{count, plural, one {# notificación nueva de PlusPlus} other {# notificaciones nuevas de PlusPlus}}: {items}{more, plural, =0 {} one {; y # más} other {; y # más}}',
  'timing.home.header': 'Administración: horario de envío',
  'timing.home.windowOn':
    '*Franja de envío:* de {start} a {end} ({days}), en la zona horaria de cada miembro, para estos tipos: {types}. Las demás notificaciones se envían de inmediato.',
  'timing.home.windowOff':
    '*Franja de envío:* desactivada. Las notificaciones se envían en cuanto PlusPlus las manda.',
  'timing.home.digestOn':
    '*Resumen:* activado. Las notificaciones que vencen a la vez llegan en un solo mensaje que enumera hasta {max, number}.',
  'timing.home.digestOff': '*Resumen:* desactivado. Cada notificación llega en su propio mensaje.',
  'timing.home.defaultZone':
    '*Zona horaria predeterminada:* {zone} (para los miembros cuya zona horaria de Slack se desconoce).',
  'timing.home.edit': 'Editar horario',
  'timing.notice.saved': 'Se ha guardado el horario de envío.',
  'timing.type.invite': 'Invitaciones',
  'timing.type.enrollment': 'Inscripciones',
  'timing.type.assignment': 'Asignaciones',
  'timing.type.reminder': 'Recordatorios',
  'timing.modal.title': 'Horario de envío',
  'timing.modal.window': 'Franja de envío',
  'timing.modal.windowOn': 'Retener las notificaciones hasta que se abra la franja',
  'timing.modal.start': 'Inicio de la franja',
  'timing.modal.startHint': 'Hora local de cada miembro, en formato de 24 horas HH:MM; p. ej., 09:00',
  'timing.modal.end': 'Fin de la franja',
  'timing.modal.endHint': 'Posterior a la hora de inicio, el mismo día; p. ej., 17:30',
  'timing.modal.days': 'Días',
  'timing.modal.types': 'Notificaciones retenidas hasta la franja',
  'timing.modal.timeZone': 'Zona horaria predeterminada',
  'timing.modal.timeZoneHint':
    'Para los miembros cuya zona horaria de Slack se desconoce; p. ej., Europe/Berlin (nombre IANA)',
  'timing.modal.digest': 'Resumen',
  'timing.modal.digestOn': 'Agrupar las notificaciones que vencen a la vez',
  'timing.modal.maxItems': 'Elementos enumerados en un resumen',
  'timing.modal.maxItemsHint': 'De 1 a 10; el resto se cuenta como «y N más»',
  'timing.modal.context':
    'Cada miembro recibe las notificaciones retenidas cuando se abre la franja en su propia zona horaria, al ritmo de envío del espacio de trabajo.',
  'timing.error.notATime': 'Introduce una hora en formato HH:MM (24 horas); p. ej., 09:00.',
  'timing.error.endNotAfterStart':
    'La franja debe cerrarse después de abrirse, el mismo día: no puede pasar de la medianoche.',
  'timing.error.noDays': 'Elige al menos un día.',
  'timing.error.unknownDays': 'Elige los días de la lista.',
  'timing.error.noTypes': 'Elige al menos un tipo de notificación.',
  'timing.error.unknownTypes': 'Elige los tipos de la lista.',
  'timing.error.notATimeZone': 'Introduce el nombre IANA de una zona horaria; p. ej., Europe/Berlin.',
  'timing.error.maxItemsRange': 'Introduce un número entero del 1 al 10.',
  'timing.error.invalid': 'Este valor no es válido.',
};

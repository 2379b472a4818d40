/**
 * The default templates in the app's other languages (issue 22): the same Mustache structure,
 * variables and sections as defaults.ts, worded per language (German „Sie“, French « vous »,
 * Spanish without «usted», polite Japanese). A language missing here, or a kind missing from one,
 * falls back to the en-US default. test/unit/domain/templates/localized-defaults.test.ts validates
 * each one and renders it within Block Kit's limits.
 */
import { DEFAULT_TEMPLATES } from './defaults';
import {
  type ChangeVariant,
  NOTIFICATION_TYPES,
  type NotificationType,
  type TemplateKind,
  type TemplateSource,
  variantKind,
} from './types';

/** The words of one language's defaults. */
interface Pack {
  when: string;
  where: string;
  reason: string;
  labels: Record<NotificationType | 'track_welcome' | 'track_cancelled' | 'test_message', string>;
  updated: (label: string) => string;
  cancelledLabel: string;
  open: string;
  viewInvitation: string;
  viewAssignment: string;
  openTrack: string;
  bodies: {
    invite: string;
    enrollment: string;
    assignment: string;
    reminder: string;
    track_welcome: string;
    track_cancelled: string;
    test_message: string;
  };
  contexts: Record<NotificationType | 'track_welcome' | 'track_cancelled' | 'test_message', string>;
  updatedLine: string;
  cancelledBody: string;
}

/** Where and when (section tags alone on a line leave no blank line), as in defaults.ts. */
const details = (p: Pack) => `{{#when}}
*${p.when}:* {{when}}
{{/when}}
{{#content.location}}
*${p.where}:* {{content.location}}
{{/content.location}}
{{#content.description}}

{{content.description}}
{{/content.description}}`;

const reasonLines = (p: Pack) => `{{#change.reason}}
*${p.reason}:* {{change.reason}}
{{/change.reason}}`;

function build(p: Pack): Record<TemplateKind, TemplateSource> {
  const base: Record<
    NotificationType | 'track_welcome' | 'track_cancelled' | 'test_message',
    TemplateSource
  > = {
    invite: {
      header: p.labels.invite,
      body: `${p.bodies.invite}\n${details(p)}`,
      button_label: p.viewInvitation,
      context: p.contexts.invite,
    },
    enrollment: {
      header: p.labels.enrollment,
      body: `${p.bodies.enrollment}\n${details(p)}`,
      button_label: p.open,
      context: p.contexts.enrollment,
    },
    assignment: {
      header: p.labels.assignment,
      body: `${p.bodies.assignment}\n${details(p)}`,
      button_label: p.viewAssignment,
      context: p.contexts.assignment,
    },
    reminder: {
      header: p.labels.reminder,
      body: `${p.bodies.reminder}
{{#content.location}}
*${p.where}:* {{content.location}}
{{/content.location}}`,
      button_label: p.open,
      context: p.contexts.reminder,
    },
    track_welcome: {
      header: p.labels.track_welcome,
      body: `${p.bodies.track_welcome}\n${details(p)}`,
      button_label: p.openTrack,
      context: p.contexts.track_welcome,
    },
    track_cancelled: {
      header: p.labels.track_cancelled,
      body: `${p.bodies.track_cancelled}\n${reasonLines(p)}`,
      button_label: p.openTrack,
      context: p.contexts.track_cancelled,
    },
    test_message: {
      header: p.labels.test_message,
      body: p.bodies.test_message,
      context: p.contexts.test_message,
    },
  };
  const out = { ...base } as Record<TemplateKind, TemplateSource>;
  for (const type of NOTIFICATION_TYPES) {
    for (const variant of ['updated', 'cancelled'] as ChangeVariant[]) {
      out[variantKind(type, variant)] =
        variant === 'updated'
          ? { ...base[type], header: p.updated(p.labels[type]), body: `${p.updatedLine}\n${base[type].body}` }
          : {
              header: p.cancelledLabel,
              body: `${p.cancelledBody}\n${reasonLines(p)}`,
              button_label: p.open,
              context: base[type].context,
            };
    }
  }
  return out;
}

const de: Pack = {
  when: 'Wann',
  where: 'Wo',
  reason: 'Grund',
  labels: {
    invite: 'Sie sind eingeladen',
    enrollment: 'Sie sind eingeschrieben',
    assignment: 'Neue Zuweisung',
    reminder: 'Erinnerung',
    track_welcome: 'Willkommen im Track',
    track_cancelled: 'Dieser Track wurde abgesagt',
    test_message: 'Slack-Benachrichtigungen sind eingerichtet',
  },
  updated: (label) => `${label} (aktualisiert)`,
  cancelledLabel: 'Abgesagt',
  open: 'In PlusPlus öffnen',
  viewInvitation: 'Einladung ansehen',
  viewAssignment: 'Zuweisung ansehen',
  openTrack: 'Track öffnen',
  bodies: {
    invite:
      '{{#actor.name}}*{{actor.name}}* hat Sie eingeladen zu{{/actor.name}}{{^actor.name}}Sie sind eingeladen zu{{/actor.name}} *{{content.title}}*.',
    enrollment: 'Sie sind eingeschrieben in *{{content.title}}*.',
    assignment:
      '{{#actor.name}}*{{actor.name}}* hat Ihnen zugewiesen:{{/actor.name}}{{^actor.name}}Ihnen wurde zugewiesen:{{/actor.name}} *{{content.title}}*.',
    reminder: '*{{content.title}}* {{#when}}beginnt {{when}}.{{/when}}{{^when}}steht bald an.{{/when}}',
    track_welcome:
      'Willkommen bei *{{content.title}}*! Dieser Channel ist für alle Teilnehmenden des Tracks: Fragen, Notizen und Neuigkeiten gehören hierher.',
    track_cancelled: '~*{{content.title}}*~ wurde abgesagt. Vielen Dank für Ihre Teilnahme.',
    test_message:
      '{{#actor.name}}*{{actor.name}}* hat Ihnen diese Testnachricht aus PlusPlus gesendet.{{/actor.name}}{{^actor.name}}Dies ist eine Testnachricht von PlusPlus.{{/actor.name}} Slack-Benachrichtigungen sind eingerichtet: Einladungen, Einschreibungen, Zuweisungen und Erinnerungen erreichen Sie ab jetzt hier.',
  },
  contexts: {
    invite: 'Sie erhalten diese Nachricht, weil Sie in PlusPlus hierzu eingeladen wurden.',
    enrollment: 'Sie erhalten diese Nachricht, weil Sie in PlusPlus hierfür eingeschrieben wurden.',
    assignment: 'Sie erhalten diese Nachricht, weil Ihnen dies in PlusPlus zugewiesen wurde.',
    reminder: 'Sie erhalten diese Erinnerung, weil Sie in PlusPlus hierfür eingeschrieben sind.',
    track_welcome: 'Sie sind in diesem Channel, weil Sie in PlusPlus für diesen Track eingeschrieben sind.',
    track_cancelled:
      'Sie sind in diesem Channel, weil Sie in PlusPlus für diesen Track eingeschrieben waren.',
    test_message:
      'Sie erhalten diese Nachricht, weil {{#actor.name}}{{actor.name}}{{/actor.name}}{{^actor.name}}jemand{{/actor.name}} PlusPlus gebeten hat, Slack-Benachrichtigungen für Ihr Konto zu testen.',
  },
  updatedLine:
    ':arrows_counterclockwise: *Aktualisiert:* Geändert hat sich: {{change.what}}.{{#change.time}}{{#previous.when}} Bisher: {{previous.when}}.{{/previous.when}}{{/change.time}}{{#change.place}}{{#previous.location}} Bisheriger Ort: {{previous.location}}.{{/previous.location}}{{/change.place}}',
  cancelledBody: '~*{{content.title}}*~ wurde abgesagt.{{#when}} Geplant war es für {{when}}.{{/when}}',
};

const fr: Pack = {
  when: 'Quand',
  where: 'Où',
  reason: 'Motif',
  labels: {
    invite: 'Vous êtes invité',
    enrollment: 'Vous êtes inscrit',
    assignment: 'Nouvelle affectation',
    reminder: 'Rappel',
    track_welcome: 'Bienvenue dans le parcours',
    track_cancelled: 'Ce parcours a été annulé',
    test_message: 'Les notifications Slack sont configurées',
  },
  updated: (label) => `${label} (mis à jour)`,
  cancelledLabel: 'Annulé',
  open: 'Ouvrir dans PlusPlus',
  viewInvitation: 'Voir l’invitation',
  viewAssignment: 'Voir l’affectation',
  openTrack: 'Ouvrir le parcours',
  bodies: {
    invite:
      '{{#actor.name}}*{{actor.name}}* vous a invité à{{/actor.name}}{{^actor.name}}Vous êtes invité à{{/actor.name}} *{{content.title}}*.',
    enrollment: 'Vous êtes inscrit à *{{content.title}}*.',
    assignment:
      '{{#actor.name}}*{{actor.name}}* vous a affecté{{/actor.name}}{{^actor.name}}Vous avez été affecté à{{/actor.name}} *{{content.title}}*.',
    reminder: '*{{content.title}}* {{#when}}commence {{when}}.{{/when}}{{^when}}approche.{{/when}}',
    track_welcome:
      'Bienvenue dans *{{content.title}}* ! Ce canal réunit tous les participants du parcours : posez vos questions, partagez vos notes et suivez les actualités ici.',
    track_cancelled: '~*{{content.title}}*~ a été annulé. Merci de votre participation.',
    test_message:
      '{{#actor.name}}*{{actor.name}}* vous a envoyé ce message de test depuis PlusPlus.{{/actor.name}}{{^actor.name}}Ceci est un message de test de PlusPlus.{{/actor.name}} Les notifications Slack sont configurées : vos invitations, inscriptions, affectations et rappels vous parviendront ici.',
  },
  contexts: {
    invite: 'Vous recevez ce message car vous y avez été invité dans PlusPlus.',
    enrollment: 'Vous recevez ce message car vous y avez été inscrit dans PlusPlus.',
    assignment: 'Vous recevez ce message car cela vous a été affecté dans PlusPlus.',
    reminder: 'Vous recevez ce rappel car vous y êtes inscrit dans PlusPlus.',
    track_welcome: 'Vous êtes dans ce canal car vous êtes inscrit à ce parcours dans PlusPlus.',
    track_cancelled: 'Vous êtes dans ce canal car vous étiez inscrit à ce parcours dans PlusPlus.',
    test_message:
      'Vous recevez ce message car {{#actor.name}}{{actor.name}}{{/actor.name}}{{^actor.name}}quelqu’un{{/actor.name}} a demandé à PlusPlus de tester les notifications Slack pour votre compte.',
  },
  updatedLine:
    ':arrows_counterclockwise: *Mis à jour :* éléments modifiés : {{change.what}}.{{#change.time}}{{#previous.when}} Avant : {{previous.when}}.{{/previous.when}}{{/change.time}}{{#change.place}}{{#previous.location}} Lieu précédent : {{previous.location}}.{{/previous.location}}{{/change.place}}',
  cancelledBody: '~*{{content.title}}*~ a été annulé.{{#when}} Il était prévu le {{when}}.{{/when}}',
};

const es: Pack = {
  when: 'Cuándo',
  where: 'Dónde',
  reason: 'Motivo',
  labels: {
    invite: 'Invitación',
    enrollment: 'Inscripción confirmada',
    assignment: 'Nueva asignación',
    reminder: 'Recordatorio',
    track_welcome: 'Bienvenida al itinerario',
    track_cancelled: 'Este itinerario se ha cancelado',
    test_message: 'Las notificaciones de Slack están configuradas',
  },
  updated: (label) => `${label} (actualizado)`,
  cancelledLabel: 'Cancelado',
  open: 'Abrir en PlusPlus',
  viewInvitation: 'Ver la invitación',
  viewAssignment: 'Ver la asignación',
  openTrack: 'Abrir el itinerario',
  bodies: {
    invite:
      '{{#actor.name}}*{{actor.name}}* te ha invitado a{{/actor.name}}{{^actor.name}}Tienes una invitación a{{/actor.name}} *{{content.title}}*.',
    enrollment: 'Tienes una plaza en *{{content.title}}*.',
    assignment:
      '{{#actor.name}}*{{actor.name}}* te ha asignado{{/actor.name}}{{^actor.name}}Tienes una nueva asignación:{{/actor.name}} *{{content.title}}*.',
    reminder:
      '*{{content.title}}* {{#when}}empieza el {{when}}.{{/when}}{{^when}}está a punto de empezar.{{/when}}',
    track_welcome:
      '¡Bienvenida a *{{content.title}}*! Este canal es para todas las personas que siguen el itinerario: aquí van las preguntas, las notas y las novedades.',
    track_cancelled: '~*{{content.title}}*~ se ha cancelado. Gracias por participar.',
    test_message:
      '{{#actor.name}}*{{actor.name}}* ha enviado este mensaje de prueba desde PlusPlus.{{/actor.name}}{{^actor.name}}Este es un mensaje de prueba de PlusPlus.{{/actor.name}} Las notificaciones de Slack están configuradas: las invitaciones, inscripciones, asignaciones y recordatorios llegarán aquí.',
  },
  contexts: {
    invite: 'Este mensaje llega porque hay una invitación para ti en PlusPlus.',
    enrollment: 'Este mensaje llega porque tienes una inscripción en PlusPlus.',
    assignment: 'Este mensaje llega porque tienes esta asignación en PlusPlus.',
    reminder: 'Este recordatorio llega porque tienes una inscripción en PlusPlus.',
    track_welcome: 'Formas parte de este canal porque tienes una inscripción en este itinerario en PlusPlus.',
    track_cancelled:
      'Formas parte de este canal porque tenías una inscripción en este itinerario en PlusPlus.',
    test_message:
      'Este mensaje llega porque {{#actor.name}}{{actor.name}}{{/actor.name}}{{^actor.name}}alguien{{/actor.name}} ha pedido a PlusPlus que pruebe las notificaciones de Slack de tu cuenta.',
  },
  updatedLine:
    ':arrows_counterclockwise: *Actualizado:* cambios: {{change.what}}.{{#change.time}}{{#previous.when}} Antes: {{previous.when}}.{{/previous.when}}{{/change.time}}{{#change.place}}{{#previous.location}} Lugar anterior: {{previous.location}}.{{/previous.location}}{{/change.place}}',
  cancelledBody: '~*{{content.title}}*~ se ha cancelado.{{#when}} Estaba previsto para el {{when}}.{{/when}}',
};

const ja: Pack = {
  when: '日時',
  where: '場所',
  reason: '理由',
  labels: {
    invite: '招待が届きました',
    enrollment: '登録が完了しました',
    assignment: '新しい割り当て',
    reminder: 'リマインダー',
    track_welcome: 'トラックへようこそ',
    track_cancelled: 'このトラックは中止になりました',
    test_message: 'Slack 通知の設定が完了しました',
  },
  updated: (label) => `${label}（更新）`,
  cancelledLabel: '中止',
  open: 'PlusPlus で開く',
  viewInvitation: '招待を表示',
  viewAssignment: '割り当てを表示',
  openTrack: 'トラックを開く',
  bodies: {
    invite:
      '{{#actor.name}}*{{actor.name}}* さんから *{{content.title}}* への招待が届きました。{{/actor.name}}{{^actor.name}}*{{content.title}}* への招待が届きました。{{/actor.name}}',
    enrollment: '*{{content.title}}* への登録が完了しました。',
    assignment:
      '{{#actor.name}}*{{actor.name}}* さんから *{{content.title}}* が割り当てられました。{{/actor.name}}{{^actor.name}}*{{content.title}}* が割り当てられました。{{/actor.name}}',
    reminder:
      '*{{content.title}}* {{#when}}は {{when}} に始まります。{{/when}}{{^when}}がまもなく始まります。{{/when}}',
    track_welcome:
      '*{{content.title}}* へようこそ。このチャンネルはトラックの受講者全員のためのものです。質問、メモ、お知らせはこちらへどうぞ。',
    track_cancelled: '~*{{content.title}}*~ は中止になりました。ご参加いただきありがとうございました。',
    test_message:
      '{{#actor.name}}*{{actor.name}}* さんが PlusPlus からこのテストメッセージを送信しました。{{/actor.name}}{{^actor.name}}PlusPlus からのテストメッセージです。{{/actor.name}}Slack 通知の設定が完了しました。今後、招待、登録、割り当て、リマインダーがここに届きます。',
  },
  contexts: {
    invite: 'PlusPlus で招待されたため、このメッセージをお送りしています。',
    enrollment: 'PlusPlus で登録されたため、このメッセージをお送りしています。',
    assignment: 'PlusPlus で割り当てられたため、このメッセージをお送りしています。',
    reminder: 'PlusPlus で登録されているため、このリマインダーをお送りしています。',
    track_welcome: 'PlusPlus でこのトラックに登録されているため、このチャンネルに参加しています。',
    track_cancelled: 'PlusPlus でこのトラックに登録されていたため、このチャンネルに参加しています。',
    test_message:
      '{{#actor.name}}{{actor.name}} さん{{/actor.name}}{{^actor.name}}どなたか{{/actor.name}}が PlusPlus にお使いのアカウントの Slack 通知のテストを依頼したため、このメッセージをお送りしています。',
  },
  updatedLine:
    ':arrows_counterclockwise: *更新：* {{change.what}}が変更されました。{{#change.time}}{{#previous.when}}変更前：{{previous.when}}。{{/previous.when}}{{/change.time}}{{#change.place}}{{#previous.location}}変更前の場所：{{previous.location}}。{{/previous.location}}{{/change.place}}',
  cancelledBody: '~*{{content.title}}*~ は中止になりました。{{#when}}予定されていた日時：{{when}}。{{/when}}',
};

/** Per language (the tag's first subtag): every kind's default. */
export const LOCALIZED_DEFAULTS: Record<string, Record<TemplateKind, TemplateSource>> = {
  de: build(de),
  fr: build(fr),
  es: build(es),
  ja: build(ja),
};

/** The default template of `kind` in the language of `locale`, else en-US's. */
export function defaultTemplate(kind: TemplateKind, locale: string | undefined): TemplateSource {
  const language = (locale ?? 'en').split('-')[0]!.toLowerCase();
  return LOCALIZED_DEFAULTS[language]?.[kind] ?? DEFAULT_TEMPLATES[kind];
}

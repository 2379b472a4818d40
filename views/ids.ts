/**
 * Every callback_id, action_id and block_id the app's views use, in one place: views build with
 * them, listeners match on them. Changing one is a breaking change for views already published.
 */

/** Buttons in App Home. */
export const HomeAction = {
  /** Admin: the instance-wide "Allow PlusPlus to send Slack notifications" switch; value `on`/`off`. */
  TenantNotifications: 'home.tenant_notifications',
  /** Admin: opens the attribute mapping modal. */
  EditMapping: 'home.edit_mapping',
  /** Admin: starts a re-match now. */
  Rematch: 'home.rematch',
  /** Admin: opens the paged list of unmatched users. */
  ShowUnmatched: 'home.show_unmatched',
  /** Admin: the Reconnect URL button (Slack still sends block_actions for URL buttons; we only ack). */
  Reconnect: 'home.reconnect',
  /** Everyone: "Receive Slack notifications"; value `on`/`off`. */
  MyNotifications: 'home.my_notifications',
  /** Everyone: "Send me a test message". */
  TestMe: 'home.test_me',
  /** Everyone: the privacy policy URL button (ack only). */
  Privacy: 'home.privacy',
  /** Admin: enable/disable a notification template; value `{kind}:on` / `{kind}:off`. */
  TemplateEnabled: 'home.template_enabled',
  /** Admin: opens the template modal; value the kind. */
  EditTemplate: 'home.template_edit',
  /** Admin: back to the default template; value the kind. */
  ResetTemplate: 'home.template_reset',
} as const;

/** The actions block of one template kind in App Home (one per kind, so block ids stay unique). */
export const templateBlockId = (kind: string) => `home.template.${kind}`;

/** Modal callback ids (view_submission / view_closed). */
export const ModalCallback = {
  Mapping: 'modal.mapping',
  Unmatched: 'modal.unmatched',
  /** The template modal; `private_metadata` is the kind (only picks the kind: rights are checked). */
  Template: 'modal.template',
} as const;

/** Input blocks of the template modal, one per template field (errors are keyed by these). */
export const TemplateBlock = {
  header: 'template.header',
  body: 'template.body',
  button_label: 'template.button_label',
  context: 'template.context',
  Preview: 'template.preview',
  PreviewResult: 'template.preview_result',
} as const;

export const TemplateAction = {
  /** The plain_text_input in every input block (same id as the mapping modal's). */
  Input: 'value',
  /** "Preview" inside the modal. */
  Preview: 'template.preview',
  /** The link button of the rendered preview (a URL button: ack only). */
  PreviewLink: 'template.preview_link',
} as const;

/** Blocks and actions inside the mapping modal. */
export const MappingBlock = {
  PlusPlus: 'mapping.plusplus',
  Slack: 'mapping.slack',
  Preview: 'mapping.preview',
  PreviewResult: 'mapping.preview_result',
} as const;

export const MappingAction = {
  /** The plain_text_input in both input blocks. */
  Input: 'value',
  Preview: 'mapping.preview',
} as const;

/** Paging in the unmatched modal; the button value is the offset of the page to show. */
export const UnmatchedAction = {
  /** Slack wants unique action ids per view: "previous" and "next" are two ids with one handler. */
  Previous: 'unmatched.page_prev',
  Next: 'unmatched.page_next',
} as const;

/** The privacy policy every user sees in App Home. */
export const PRIVACY_URL = 'https://plusplus.co/privacy';

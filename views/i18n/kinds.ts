import type { TemplateKind } from '../../src/domain/templates/types';
import type { Lang } from '.';

const BASE = ['invite', 'enrollment', 'assignment', 'reminder'] as const;
type Base = (typeof BASE)[number];
const isBase = (s: string): s is Base => (BASE as readonly string[]).includes(s);

/** A template kind's name in the reader's language (App Home's list, the template modal); null if unknown. */
export function kindLabel(kind: TemplateKind | string, l: Lang): string | null {
  if (isBase(kind)) return l.t(`kind.${kind}`);
  const [type, variant] = kind.split('_');
  if (type && isBase(type) && variant === 'updated')
    return l.t('kind.updated', { label: l.t(`kind.${type}`) });
  if (type && isBase(type) && variant === 'cancelled') return l.t('kind.cancelled');
  if (kind === 'track_welcome' || kind === 'track_cancelled' || kind === 'test_message')
    return l.t(`kind.${kind}`);
  return null;
}

import {
  applyPatch,
  assertValidTemplate,
  effectiveTemplate,
  invalidTemplate,
  sameTemplate,
  sampleContent,
} from '../../../src/app/template-editing/template-model';
import { DEFAULT_TEMPLATES } from '../../../src/domain/templates';
import { AppError } from '../../../src/errors';

describe('effectiveTemplate: override > tenant edit > default', () => {
  const edit = { body: 'edit' };
  const override = { body: 'override' };
  it('uses the override first, then the edit, then the default', () => {
    expect(effectiveTemplate('invite', edit, override)).toEqual({ template: override, origin: 'override' });
    expect(effectiveTemplate('invite', edit, null)).toEqual({ template: edit, origin: 'tenant' });
    expect(effectiveTemplate('invite', null)).toEqual({
      template: DEFAULT_TEMPLATES.invite,
      origin: 'default',
    });
  });
});

describe('applyPatch', () => {
  it('sets, keeps and removes fields', () => {
    const base = { header: 'H', body: 'B', button_label: 'L', context: 'C' };
    expect(applyPatch(base, { body: 'B2', header: null, context: '' })).toEqual({
      body: 'B2',
      button_label: 'L',
    });
    expect(applyPatch(base, {})).toEqual(base);
  });
  it('does not keep fields that are not template fields', () => {
    const base = { body: 'B', extra: 'x' } as never;
    expect(applyPatch(base, {})).toEqual({ body: 'B' });
  });
  it('sameTemplate ignores absent optional fields', () => {
    expect(sameTemplate({ body: 'x' }, { body: 'x', header: undefined })).toBe(true);
    expect(sameTemplate(applyPatch(DEFAULT_TEMPLATES.reminder, {}), DEFAULT_TEMPLATES.reminder)).toBe(true);
  });
});

describe('invalid templates', () => {
  it('a syntax error is a 422 invalid_template with the place', () => {
    let error: unknown;
    try {
      assertValidTemplate('invite', { body: 'Hello\n{{#content.title}}x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.status).toBe(422);
    const json = e.toJSON();
    expect(json).toMatchObject({
      error: 'invalid_template',
      field: 'body',
      code: 'syntax',
      line: 2,
      column: 1,
      position: 6,
    });
    expect(json.problems).toHaveLength(1);
  });
  it('an unknown variable is refused with its position', () => {
    const json = invalidTemplate('invite', [
      { field: 'header', code: 'unknown_variable', message: 'Unknown', position: 3, line: 1, column: 4 },
    ]).toJSON();
    expect(json).toMatchObject({ field: 'header', position: 3, line: 1, column: 4 });
    expect(() => assertValidTemplate('invite', { body: 'Hi {{content.titel}}' })).toThrow(/line 1, column 4/);
  });
  it('every default is valid', () => {
    for (const [kind, t] of Object.entries(DEFAULT_TEMPLATES)) {
      expect(() => assertValidTemplate(kind as never, t)).not.toThrow();
    }
  });
});

describe('sampleContent', () => {
  it('is a week ahead and valid content', () => {
    const c = sampleContent('invite', new Date('2026-01-01T10:00:00Z'));
    expect(c.starts_at).toBe('2026-01-08T15:00:00.000Z');
    expect(c.ends_at).toBe('2026-01-08T16:30:00.000Z');
    expect(c.url).toMatch(/^https:\/\//);
  });
});

import {
  DEFAULT_TEMPLATES,
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
  type TemplateProblem,
  type TemplateSource,
  validateTemplate,
} from '../../../../src/domain/templates';

const v = (template: Partial<TemplateSource> & Record<string, unknown>, kind: TemplateKind = 'invite') =>
  validateTemplate(kind, template as TemplateSource);
const codes = (problems: TemplateProblem[]) => problems.map((p) => `${p.field}:${p.code}`);

describe('validateTemplate', () => {
  it.each(TEMPLATE_KINDS)('accepts the default %s template', (kind) => {
    expect(validateTemplate(kind, DEFAULT_TEMPLATES[kind])).toEqual([]);
  });

  it.each(TEMPLATE_KINDS)('accepts every documented %s variable and data.*', (kind) => {
    const body = [...TEMPLATE_VARIABLES[kind].map((n) => `{{${n}}}`), '{{data.a}}', '{{data.a.b.c}}'].join(
      '\n',
    );
    expect(validateTemplate(kind, { body })).toEqual([]);
  });

  it('accepts sections on variables, their parents and data, with relative names inside', () => {
    expect(
      v({
        body: '{{#content.location}}At {{content.location}}{{/content.location}}{{^when}}soon{{/when}}{{#content}}{{title}} {{location}}{{/content}}{{#data.items}}{{name}} {{.}}{{/data.items}}{{#data}}{{anything}}{{/data}}{{! a comment }}',
      }),
    ).toEqual([]);
  });

  it('accepts changed delimiters and still checks names', () => {
    expect(v({ body: '{{=<% %>=}}<% content.title %>' })).toEqual([]);
    expect(v({ body: '{{=<% %>=}}<% nope %>' })).toEqual([
      expect.objectContaining({ field: 'body', code: 'unknown_variable', position: 11 }),
    ]);
  });

  describe('syntax errors, with positions', () => {
    it.each([
      ['an unclosed tag', 'Hello {{content.title', 'Unclosed tag', 6, 1, 7],
      ['an unopened section', 'Hi {{/content.title}}', 'Unopened section "content.title"', 3, 1, 4],
      [
        'a mismatched close',
        'A\n{{#content.title}}x{{/content.location}}',
        'Unclosed section "content.title"',
        21,
        2,
        20,
      ],
      [
        'a section left open',
        'Hi\n  {{#content.title}} and more',
        'Unclosed section "content.title"',
        5,
        2,
        3,
      ],
    ])('%s', (_name, body, message, position, line, column) => {
      const problems = v({ body });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ field: 'body', code: 'syntax', position, line, column });
      expect(problems[0].message).toContain(message);
    });

    it('bad delimiters (no position)', () => {
      expect(v({ body: '{{=<%=}}' })).toEqual([
        { field: 'body', code: 'syntax', message: 'Template syntax error: Invalid tags: <%.' },
      ]);
    });

    it('reports each field separately', () => {
      expect(codes(v({ header: '{{#a}}', body: 'ok', button_label: '{{x', context: '{{/y}}' }))).toEqual([
        'header:syntax',
        'button_label:syntax',
        'context:syntax',
      ]);
    });
  });

  describe('variables', () => {
    it('reports unknown variables with line and column', () => {
      const problems = v({ body: 'Hi {{recipient.name}},\n  {{content.titel}} {{user.email}}' });
      expect(problems).toEqual([
        expect.objectContaining({
          field: 'body',
          code: 'unknown_variable',
          position: 25,
          line: 2,
          column: 3,
        }),
        expect.objectContaining({
          field: 'body',
          code: 'unknown_variable',
          position: 43,
          line: 2,
          column: 21,
        }),
      ]);
      expect(problems[0].message).toContain('{{content.titel}}');
      expect(problems[0].message).toContain('{{content.title}}');
    });

    it.each([
      '{{content}}',
      '{{data}}',
      '{{.}}',
      '{{}}',
      '{{constructor}}',
      '{{content.constructor}}',
      '{{__proto__}}',
      '{{content.title.length}}',
    ])('rejects %s', (body) => {
      expect(codes(v({ body }))).toEqual(['body:unknown_variable']);
    });

    it('reports sections on unknown variables, and unknown names inside sections', () => {
      const problems = v({
        body: '{{#nope}}x{{/nope}} {{^missing.x}}y{{/missing.x}} {{#content}}{{bogus}}{{/content}}',
      });
      expect(problems.map((p) => [p.code, p.position])).toEqual([
        ['unknown_variable', 0],
        ['unknown_variable', 20],
        ['unknown_variable', 62],
      ]);
      expect(problems[0].message).toMatch(/^Section on an unknown variable "nope"/);
    });

    it('documents fewer variables for the test message', () => {
      expect(codes(v({ body: '{{actor.name}} {{content.title}}' }, 'test_message'))).toEqual([
        'body:unknown_variable',
      ]);
    });
  });

  describe('unsupported and unsafe', () => {
    it('rejects triple mustache and {{& }} (they would be escaped anyway)', () => {
      const problems = v({ body: 'a {{{content.title}}} b {{& content.title}}' });
      expect(problems.map((p) => [p.code, p.position])).toEqual([
        ['unsupported_tag', 2],
        ['unsupported_tag', 24],
      ]);
    });

    it('rejects partials', () => {
      expect(v({ body: 'x {{> footer}}' })).toEqual([
        expect.objectContaining({ code: 'unsupported_tag', position: 2 }),
      ]);
    });

    it.each([
      ['<!channel>', 0],
      ['hey <!here>', 4],
      ['<!everyone>', 0],
      ['x <!subteam^S123|team>', 2],
    ])('rejects the special mention in %j', (body, position) => {
      expect(v({ body })).toEqual([expect.objectContaining({ code: 'unsafe_markup', position })]);
    });

    it('rejects variables inside <…> written in the template', () => {
      expect(v({ body: 'go <https://x.example/{{data.path}}|there>' })).toEqual([
        expect.objectContaining({ code: 'unsafe_markup', position: 22 }),
      ]);
      expect(v({ body: '<{{data.user}}>' })).toEqual([
        expect.objectContaining({ code: 'unsafe_markup', position: 1 }),
      ]);
    });

    it('accepts links, user and channel mentions and date tokens written in the template', () => {
      expect(
        v({
          body: 'See <https://help.example|help>, ask <@U123> in <#C123>, due <!date^1796137200^{date}|Dec 1>. a > b',
        }),
      ).toEqual([]);
    });
  });

  describe('types and lengths', () => {
    it.each([
      [{}, ['body:required']],
      [{ body: '' }, ['body:required']],
      [{ body: '  \n ' }, ['body:required']],
      [{ body: 5 }, ['body:required']],
      [{ body: 'x', header: 5 }, ['header:invalid_type']],
      [{ body: 'x', context: null }, []],
      [{ body: 'x'.repeat(10_001) }, ['body:too_long']],
      [{ body: 'x', header: 'x'.repeat(501) }, ['header:too_long']],
    ])('%j', (template, expected) => {
      expect(codes(v(template as Record<string, unknown>))).toEqual(expected);
    });

    it('rejects a non-object and an unknown kind', () => {
      expect(codes(validateTemplate('invite', null as unknown as TemplateSource))).toEqual([
        'body:invalid_type',
      ]);
      expect(() => validateTemplate('nope' as TemplateKind, { body: 'x' })).toThrow(TypeError);
    });
  });

  describe('Block Kit limits with the longest content allowed', () => {
    it('reports a header, button or context that would be cut', () => {
      const problems = v({
        header: '{{content.title}}',
        body: 'x',
        button_label: 'Open {{content.title}}',
        context: '{{content.description}}',
      });
      expect(codes(problems)).toEqual([
        'header:exceeds_block_kit_limit',
        'button_label:exceeds_block_kit_limit',
        'context:exceeds_block_kit_limit',
      ]);
      expect(problems[0].message).toContain('2500 characters; Slack allows 150');
    });

    it('accepts short headers with short variables', () => {
      expect(v({ header: 'Hi {{when_text}}', body: 'x', button_label: 'Open' })).toEqual([]);
    });

    it('reports a body that needs more than MAX_BODY_SECTIONS sections', () => {
      const body = Array.from({ length: 12 }, (_, i) => `{{data.f${i}}} {{content.description}}`).join('\n');
      expect(codes(v({ body }))).toEqual(['body:exceeds_block_kit_limit']);
    });

    it('looks at inverted sections too (the text shown when content is missing)', () => {
      expect(
        codes(v({ body: 'x', header: `{{^content.location}}${'y'.repeat(200)}{{/content.location}}` })),
      ).toEqual(['header:exceeds_block_kit_limit']);
    });
  });
});

/**
 * JSON schema of a rule document (validated with ajv). It checks shape; meaning (modifiers,
 * the condition expression, parameter references) is checked by the planner with
 * equally precise errors.
 */
const stringList = { type: 'array', items: { type: 'string' } };

const scalar = { type: ['string', 'number', 'boolean', 'null'] };

/** A selection value: a scalar or a list of scalars. */
const selectionValue = { anyOf: [scalar, { type: 'array', items: scalar }] };

/** A selection map (`field|mod: value`). */
const selectionMap = { type: 'object', minProperties: 1, additionalProperties: selectionValue };

export const RULE_SCHEMA = {
  $id: 'https://vigil.invalid/schemas/rule.json',
  type: 'object',
  required: ['title', 'id', 'description', 'logsource', 'detection', 'level'],
  additionalProperties: false,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 256 },
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$' },
    name: { type: 'string' },
    status: { enum: ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] },
    description: { type: 'string', minLength: 1 },
    license: { type: 'string' },
    references: stringList,
    author: { type: 'string' },
    date: { type: ['string'] },
    modified: { type: ['string'] },
    tags: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9_-]+\\.[A-Za-z0-9_.-]+$' } },
    related: { type: 'array' },
    logsource: {
      type: 'object',
      required: ['service'],
      additionalProperties: false,
      properties: {
        product: { const: 'kubernetes' },
        service: { enum: ['audit', 'coredns', 'netfilter', 'falco'] },
        category: { type: 'string' },
        definition: { type: 'string' },
      },
    },
    detection: {
      type: 'object',
      required: ['condition'],
      properties: {
        condition: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string' } }] },
        timeframe: { type: 'string' },
      },
      additionalProperties: {
        anyOf: [selectionMap, { type: 'array', minItems: 1, items: { anyOf: [selectionMap, scalar] } }],
      },
    },
    fields: stringList,
    falsepositives: stringList,
    level: { enum: ['informational', 'low', 'medium', 'high', 'critical'] },
    parameters: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type', 'default', 'description'],
        additionalProperties: false,
        properties: {
          type: { enum: ['number', 'string', 'list', 'duration', 'selector'] },
          default: { anyOf: [{ type: 'number' }, { type: 'string' }, stringList] },
          description: { type: 'string' },
        },
      },
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
    },
    exceptions: { type: 'array', items: selectionMap },
    correlation: {
      type: 'object',
      required: ['type', 'timespan', 'condition'],
      additionalProperties: false,
      properties: {
        type: { enum: ['event_count', 'value_count', 'temporal', 'temporal_ordered'] },
        rules: stringList,
        generate: { type: 'boolean' },
        'group-by': stringList,
        timespan: { type: 'string' },
        condition: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            gte: { type: ['number', 'string'] },
            gt: { type: ['number', 'string'] },
            field: { type: 'string' },
          },
        },
      },
    },
    tests: {
      type: 'object',
      required: ['positive', 'negative'],
      additionalProperties: false,
      properties: {
        positive: { type: 'array', items: { type: ['string', 'object'] } },
        negative: { type: 'array', items: { type: ['string', 'object'] } },
      },
    },
  },
} as const;

/**
 * A correlation rule of its own (Sigma correlation rule): no detection or logsource, its
 * `correlation.rules` name the rules it counts.
 */
export const CORRELATION_RULE_SCHEMA = {
  ...RULE_SCHEMA,
  $id: 'https://vigil.invalid/schemas/correlation-rule.json',
  required: ['title', 'id', 'correlation', 'level'],
  properties: {
    ...RULE_SCHEMA.properties,
    correlation: { ...RULE_SCHEMA.properties.correlation, required: ['type', 'rules', 'timespan', 'condition'] },
  },
} as const;

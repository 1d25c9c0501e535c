/** @jest-environment node */
// The alert-rule contract (contracts/grafana/provisioned-alert-rule.schema.json) held against
// Grafana's foundation SDK, whose types Grafana generates from its own schemas: every field,
// requiredness, type and enum the contract states must be what the SDK's `alerting.Rule` and
// `expr.TypeReduce`/`expr.TypeThreshold` say, except where the contract is deliberately
// stricter (listed below with the reason), and every field Vigil sends is in both.
import { alertRulePayload } from '../../src/alerting';
import { contractProblems, SCHEMAS } from '../../src/api/grafana/validate';
import { catalogRule } from '../../src/detections/catalog';
import { sdkInterface, type Field, type Shape } from './sdkTypes';

interface Node {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  additionalProperties?: Node | boolean;
  $ref?: string;
  definitions?: Record<string, Node>;
}

const CONTRACT = SCHEMAS.alertRule as unknown as Node;

/** Where the contract asks more than the SDK's (OpenAPI-derived, all-optional) query type, and why. */
const STRICTER: Record<string, string> = {
  'data[].refId: required in the contract, optional in the SDK': 'the condition and the expressions name queries by refId',
  'data[].datasourceUid: required in the contract, optional in the SDK': 'Grafana runs no query without a data source (`__expr__` for expressions)',
  'data[].model: required in the contract, optional in the SDK': 'the model is the query; Grafana forwards it to the data source',
  'data[].relativeTimeRange.from: required in the contract, optional in the SDK': "Grafana's Go type always writes both ends",
  'data[].relativeTimeRange.to: required in the contract, optional in the SDK': "Grafana's Go type always writes both ends",
};

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const show = (s: Shape) => (s.kind === 'enum' ? JSON.stringify(s.values) : s.kind);
const sameSet = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x) => b.includes(x));

function resolve(schema: Node, node: Node): Node {
  return node.$ref ? schema.definitions![node.$ref.split('/').pop()!] : node;
}

/**
 * Disagreements between a schema node and an SDK shape. `complete` also reports SDK fields the
 * contract lacks (for the rule itself; expression models list only the fields Vigil uses).
 */
function compare(schema: Node, raw: Node, shape: Shape, path: string, complete: boolean, out: string[] = []): string[] {
  const node = resolve(schema, raw);
  if (shape.kind === 'any') {
    return out;
  }
  if (node.enum) {
    if (shape.kind !== 'enum' || !sameSet(node.enum, shape.values)) {
      out.push(`${path}: contract ${JSON.stringify(node.enum)}, SDK ${show(shape)}`);
    }
    return out;
  }
  const expected: Record<string, Array<Shape['kind']>> = { string: ['string'], integer: ['number'], number: ['number'], boolean: ['boolean'], array: ['array'] };
  if (node.type && node.type in expected) {
    if (!expected[node.type].includes(shape.kind)) {
      out.push(`${path}: contract ${node.type}, SDK ${show(shape)}`);
    } else if (node.type === 'array' && shape.kind === 'array') {
      compare(schema, node.items!, shape.items, `${path}[]`, complete, out);
    }
    return out;
  }
  if (node.properties) {
    if (shape.kind !== 'object') {
      out.push(`${path}: contract object, SDK ${show(shape)}`);
    } else if (Object.keys(shape.fields).length > 0) {
      compareFields(schema, node, shape.fields, path, complete, out);
    }
  } else if (typeof node.additionalProperties === 'object') {
    if (shape.kind !== 'record') {
      out.push(`${path}: contract map, SDK ${show(shape)}`);
    } else {
      compare(schema, node.additionalProperties, shape.values, `${path}{}`, complete, out);
    }
  }
  return out;
}

function compareFields(schema: Node, node: Node, fields: Record<string, Field>, path: string, complete: boolean, out: string[]) {
  for (const [key, child] of Object.entries(node.properties!)) {
    const field = fields[key];
    if (!field) {
      out.push(`${join(path, key)}: not in the SDK`);
      continue;
    }
    const required = node.required?.includes(key) ?? false;
    if (required === field.optional) {
      out.push(`${join(path, key)}: ${required ? 'required' : 'optional'} in the contract, ${field.optional ? 'optional' : 'required'} in the SDK`);
    }
    compare(schema, child, field.shape, join(path, key), complete, out);
  }
  if (complete) {
    Object.keys(fields)
      .filter((k) => !(k in node.properties!))
      .forEach((k) => out.push(`${join(path, k)}: in the SDK, not in the contract`));
  }
}

const rule = { kind: 'object', fields: sdkInterface('alerting', 'Rule') } as const;
const reduce = { kind: 'object', fields: sdkInterface('expr', 'TypeReduce') } as const;
const threshold = { kind: 'object', fields: sdkInterface('expr', 'TypeThreshold') } as const;

/** Keys of a JSON value the schema node does not declare (a query model of Vigil's own is not walked). */
function undeclared(schema: Node, raw: Node, value: unknown, path: string, out: string[] = []): string[] {
  const node = resolve(schema, raw);
  if (Array.isArray(value)) {
    value.forEach((v) => undeclared(schema, node.items ?? {}, v, `${path}[]`, out));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'model') {
        const type = (v as { type?: string }).type;
        const model = type === 'reduce' || type === 'threshold' ? schema.definitions![`${type}Model`] : undefined;
        if (model) {
          undeclared(schema, model, v, join(path, key), out);
        }
      } else if (node.properties?.[key]) {
        undeclared(schema, node.properties[key], v, join(path, key), out);
      } else if (typeof node.additionalProperties !== 'object') {
        out.push(join(path, key));
      }
    }
  }
  return out;
}

describe('the alert-rule contract against the foundation SDK', () => {
  it('agrees with alerting.Rule field by field, but for the deliberate strictness', () => {
    expect(compare(CONTRACT, CONTRACT, rule, '', true).sort()).toEqual(Object.keys(STRICTER).sort());
  });

  it('checks reduce and threshold models as expr.TypeReduce and expr.TypeThreshold define them', () => {
    expect(compare(CONTRACT, CONTRACT.definitions!.reduceModel, reduce, 'reduce', false)).toEqual([]);
    expect(compare(CONTRACT, CONTRACT.definitions!.thresholdModel, threshold, 'threshold', false)).toEqual([]);
  });

  it('declares every field Vigil sends', () => {
    for (const backend of ['loki', 'victorialogs'] as const) {
      for (const id of ['k8s-exec-into-pod', 'dns-nxdomain-burst']) {
        const payload = alertRulePayload(catalogRule(id)!, undefined, { dsUid: 'vigil', backend, folderUID: 'f', ruleGroup: 'g' });
        expect(undeclared(CONTRACT, CONTRACT, payload, '')).toEqual([]);
      }
    }
  });

  it('refuses the bodies the SDK types rule out', () => {
    const valid = alertRulePayload(catalogRule('net-port-scan')!, undefined, { dsUid: 'vigil', backend: 'loki', folderUID: 'f', ruleGroup: 'g' });
    expect(contractProblems('alertRule', valid)).toEqual([]);
    const broken = JSON.parse(JSON.stringify(valid));
    delete broken.orgID;
    broken.data[1].model.reducer = 'avg';
    broken.data[2].model.conditions[0].evaluator.type = 'above';
    expect(contractProblems('alertRule', broken)).toEqual([
      "(root) must have required property 'orgID'",
      '/data/1/model/reducer must be equal to one of the allowed values',
      expect.stringMatching(/^\/data\/1\/model must match "then" schema/),
      '/data/2/model/conditions/0/evaluator/type must be equal to one of the allowed values',
      expect.stringMatching(/^\/data\/2\/model must match "then" schema/),
    ]);
  });

  it('has teeth: a drifted contract is reported', () => {
    const drifted = JSON.parse(JSON.stringify(CONTRACT)) as Node;
    drifted.required = drifted.required!.filter((k) => k !== 'title');
    drifted.properties!.noDataState.enum = ['Alerting', 'NoData', 'OK'];
    drifted.properties!.isPaused = { type: 'string' };
    drifted.definitions!.reduceModel.properties!.reducer.enum = ['avg'];
    expect(compare(drifted, drifted, rule, '', true)).toEqual(
      expect.arrayContaining([
        'title: optional in the contract, required in the SDK',
        'noDataState: contract ["Alerting","NoData","OK"], SDK ["Alerting","OK","KeepLast","NoData"]',
        'isPaused: contract string, SDK boolean',
      ])
    );
    expect(compare(drifted, drifted.definitions!.reduceModel, reduce, 'reduce', false)).toEqual([
      'reduce.reducer: contract ["avg"], SDK ["sum","mean","min","max","count","last","median"]',
    ]);
    expect(undeclared(drifted, drifted, { title: 't', vigil: 1, data: [{ model: { type: 'reduce', mode: 'x' } }] }, '')).toEqual(['vigil', 'data[].model.mode']);
  });
});

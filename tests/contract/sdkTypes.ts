/**
 * The shape of a type of Grafana's foundation SDK, read from its declaration files with the
 * TypeScript compiler, so a test can hold the contract's JSON schemas against the types
 * Grafana generates from its own schemas.
 */
import { dirname, join } from 'node:path';
import ts from 'typescript';

export type Shape =
  | { kind: 'string' | 'number' | 'boolean' | 'any' }
  | { kind: 'enum'; values: Array<string | number> }
  | { kind: 'array'; items: Shape }
  | { kind: 'record'; values: Shape }
  | { kind: 'object'; fields: Record<string, Field> };

export interface Field {
  optional: boolean;
  shape: Shape;
}

const SDK_DIST = dirname(require.resolve('@grafana/grafana-foundation-sdk/alerting'));
const programs = new Map<string, ts.Program>();

/** The fields of an exported interface of an SDK package (`alerting`, `expr`, …). */
export function sdkInterface(pkg: string, name: string): Record<string, Field> {
  const file = join(SDK_DIST, '..', pkg, 'types.gen.d.ts');
  const program = programs.get(file) ?? ts.createProgram([file], { strict: true, noEmit: true });
  programs.set(file, program);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
  if (!symbol) {
    throw new Error(`${pkg}.${name} is not exported by the SDK`);
  }
  const shape = describe(checker, checker.getDeclaredTypeOfSymbol(symbol), 0);
  if (shape.kind !== 'object') {
    throw new Error(`${pkg}.${name} is not an object type`);
  }
  return shape.fields;
}

function describe(checker: ts.TypeChecker, type: ts.Type, depth: number): Shape {
  if (depth > 6 || type.flags & ts.TypeFlags.Any) {
    return { kind: 'any' };
  }
  if (type.isUnion()) {
    const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (parts.length > 0 && parts.every((t) => t.isLiteral())) {
      return { kind: 'enum', values: parts.map((t) => (t as ts.LiteralType).value as string | number) };
    }
    if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) {
      return { kind: 'boolean' };
    }
    return parts.length === 1 ? describe(checker, parts[0], depth) : { kind: 'any' };
  }
  if (type.isLiteral()) {
    return { kind: 'enum', values: [type.value as string | number] };
  }
  if (type.flags & ts.TypeFlags.StringLike) {
    return { kind: 'string' };
  }
  if (type.flags & ts.TypeFlags.NumberLike) {
    return { kind: 'number' };
  }
  if (type.flags & ts.TypeFlags.BooleanLike) {
    return { kind: 'boolean' };
  }
  if (checker.isArrayType(type)) {
    return { kind: 'array', items: describe(checker, checker.getTypeArguments(type as ts.TypeReference)[0], depth + 1) };
  }
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  const props = checker.getPropertiesOfType(type);
  if (index && props.length === 0) {
    return { kind: 'record', values: describe(checker, index.type, depth + 1) };
  }
  const fields: Record<string, Field> = {};
  for (const p of props) {
    const t = checker.getTypeOfSymbol(p);
    // The marker method cog adds to query variants is not data.
    if (t.getCallSignatures().length > 0) {
      continue;
    }
    fields[p.name] = { optional: (p.flags & ts.SymbolFlags.Optional) !== 0, shape: describe(checker, t, depth + 1) };
  }
  return { kind: 'object', fields };
}

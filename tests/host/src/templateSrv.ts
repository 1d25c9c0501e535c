// Template variables as Grafana core resolves them: inside a scene the scene graph owns the
// variables; elsewhere only the request's scopedVars are substituted.
import { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';
import { SceneObject, sceneGraph } from '@grafana/scenes';

const VARIABLE = /\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]/g;

function sceneObjectOf(scopedVars?: ScopedVars): SceneObject | undefined {
  const value = scopedVars?.__sceneObject?.value;
  return value && typeof value === 'object' && 'state' in value ? (value as SceneObject) : undefined;
}

export const hostTemplateSrv: TemplateSrv = {
  getVariables: (): TypedVariableModel[] => [],
  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    const scene = sceneObjectOf(scopedVars);
    if (scene) {
      return sceneGraph.interpolate(scene, target, scopedVars, format as string | undefined);
    }
    return target.replace(VARIABLE, (match, a, b, c) => {
      const name = a ?? b ?? c;
      const value = scopedVars?.[name]?.value;
      return value === undefined || value === null ? match : String(value);
    });
  },
  containsTemplate: (target?: string) => Boolean(target && new RegExp(VARIABLE.source).test(target)),
  updateTimeRange: (_: TimeRange) => {},
};

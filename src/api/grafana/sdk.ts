/**
 * Glue to Grafana's foundation SDK (`@grafana/grafana-foundation-sdk`: types and builders
 * generated from Grafana's own schemas). Import its submodules only (`…/alerting`, `…/expr`,
 * `…/cog`): the package root loads every panel and data source package.
 */
import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';

/** A query model the SDK has no package for (Vigil's own) as the SDK's data query. */
export function dataquery(model: object): Builder<Dataquery> {
  return { build: () => model as unknown as Dataquery };
}

/**
 * The JSON an SDK object stands for. Built queries carry a marker method
 * (`_implementsDataqueryVariant`) that JSON drops; hashing or comparing the object itself
 * would see it.
 */
export function wire<T>(built: unknown): T {
  return JSON.parse(JSON.stringify(built)) as T;
}

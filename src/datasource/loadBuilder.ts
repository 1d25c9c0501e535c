// The builder and the detection catalog are a lazy chunk of their own (builder.ts): module.js
// stays small for the panels that only run stored queries. Nothing in the data source's entry
// may import them statically; they come through here.
export type Builder = typeof import('./builder');

export const loadBuilder = (): Promise<Builder> => import(/* webpackChunkName: "vigil-builder" */ './builder');

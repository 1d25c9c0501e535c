/**
 * Extends create-plugin's webpack configuration (the documented top-level extension): the
 * provisioned dashboards live in the repository's top-level dashboards/ as their single
 * source, and the build copies them to dist/dashboards/, where the app's includes point.
 */
import CopyWebpackPlugin from 'copy-webpack-plugin';
import path from 'path';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config.ts';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
    plugins: [
      new CopyWebpackPlugin({
        patterns: [{ from: '*.json', context: path.resolve(process.cwd(), 'dashboards'), to: 'dashboards' }],
      }),
    ],
  });
};

export default config;

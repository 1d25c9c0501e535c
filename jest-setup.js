// Jest setup provided by Grafana scaffolding. It patches browser globals, so it only runs in
// jsdom; Node-environment tests (servers, child processes) skip it.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}

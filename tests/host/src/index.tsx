// Entry of the Vigil page host. boot.js (src/boot.ts) has already set the boot data; here
// come registries and services, then the first render.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { setPluginPage } from 'host:runtime-plugin-page';
import { HostPluginPage } from './HostPluginPage';
import { interceptLinkClicks } from './links';
import { initRegistries } from './registries';
import { Root } from './Root';
import { initServices } from './services';

async function main() {
  initRegistries();
  setPluginPage(HostPluginPage);
  interceptLinkClicks(document);
  const root = createRoot(document.getElementById('reactRoot')!);
  try {
    await initServices();
  } catch (e) {
    // Still render: the pages show what failed instead of a blank screen.
    console.error('Vigil page host: start-up request failed', e);
  }
  root.render(<Root />);
}

main();

// Grafana core routes same-origin link clicks through locationService instead of letting the
// browser reload the page; plugin pages rely on that for plain <a href> and LinkButton.
import { locationService } from '@grafana/runtime';

export function interceptLinkClicks(doc: Document) {
  doc.addEventListener('click', (event) => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const anchor = (event.target as Element | null)?.closest?.('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.target === '_blank' || anchor.hasAttribute('download')) {
      return;
    }
    const url = new URL(href, window.location.href);
    if (
      url.origin !== window.location.origin ||
      url.pathname.startsWith('/public/') ||
      url.pathname.startsWith('/api/')
    ) {
      return;
    }
    event.preventDefault();
    locationService.push(url.pathname + url.search + url.hash);
  });
}

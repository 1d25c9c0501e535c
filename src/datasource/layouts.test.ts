import { loadLayouts, resolveLayouts } from './layouts';
import type { HealthReport } from './components/health';

const report: HealthReport = {
  upstreams: [],
  sources: { audit: { found: true, layout: 'verbatim' }, falco: { found: false } },
};

describe('source layouts', () => {
  it('are empty on Loki', async () => {
    expect(resolveLayouts({ logBackend: 'loki' }, report)).toEqual({});
    expect(await loadLayouts({ logBackend: 'loki' }, () => Promise.reject(new Error('not asked')))).toEqual({});
  });

  it('take the setting, else the detected layout, else native', () => {
    expect(resolveLayouts({ logBackend: 'victorialogs', victoriaLogsLayout: { falco: 'verbatim' } }, report)).toEqual({
      audit: 'verbatim',
      coredns: 'native',
      netfilter: 'native',
      falco: 'verbatim',
    });
  });

  it('ask the health check only when a source is not set, and survive its failure', async () => {
    const all = { audit: 'native', coredns: 'verbatim', netfilter: 'verbatim', falco: 'native' } as const;
    const health = jest.fn(() => Promise.resolve(report));
    expect(await loadLayouts({ logBackend: 'victorialogs', victoriaLogsLayout: all }, health)).toEqual(all);
    expect(health).not.toHaveBeenCalled();
    expect((await loadLayouts({ logBackend: 'victorialogs' }, health)).audit).toBe('verbatim');
    expect(health).toHaveBeenCalledTimes(1);
    expect((await loadLayouts({ logBackend: 'victorialogs' }, () => Promise.reject(new Error('502')))).audit).toBe('native');
  });
});

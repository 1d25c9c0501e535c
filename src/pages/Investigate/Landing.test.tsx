/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 *
 * Component tests of the Investigate landing: its empty states say what is missing and link
 * to the fix, and every entity is a link that starts its investigation over the landing's
 * range. The data through the real backend is covered by tests/host/investigateLanding.test.ts.
 */
import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { testIds } from '../../components/testIds';
import { LANDING_KINDS, type Landing as LandingData, type TopEntities } from '../../investigate/landing';
import { stateFromSearch, type InvestigateState } from '../../investigate/url';
import { CATALOG_RULES } from '../../detections/catalog';
import { Landing } from './Landing';
import type { LandingState } from './useLanding';

const empty = () => Object.fromEntries(LANDING_KINDS.map((k) => [k, []])) as unknown as TopEntities;
const rule = CATALOG_RULES.find((r) => r.id === 'k8s-exec-into-pod')!;
const base: LandingData = {
  fromMs: 0,
  toMs: 86_400_000,
  sources: { audit: 10, coredns: 10, netfilter: 10, falco: 10 },
  fired: [],
  read: 0,
  unparsed: 0,
  top: empty(),
  errors: [],
};
const state: InvestigateState = stateFromSearch('').state;

function renderLanding(data: LandingState, onGo = jest.fn()) {
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Landing state={state} data={data} onGo={onGo} />
    </MemoryRouter>
  );
  return onGo;
}
const reasons = () =>
  screen.queryAllByTestId(testIds.investigate.landingEmpty).map((e) => e.getAttribute('data-reason'));

test('no data source: says so and links to the Configuration page', () => {
  renderLanding({ loading: false, noDataSource: true });
  expect(reasons()).toEqual(['no-datasource']);
  const link = within(screen.getByTestId(testIds.investigate.landingEmpty)).getByRole('link');
  expect(link.getAttribute('href')).toBe('/a/vigil-k8ssecurity-app/configuration');
});

test('sources without lines are named, with a link to Configuration; no detections offers a wider range', () => {
  const onGo = renderLanding({
    loading: false,
    landing: { ...base, sources: { ...base.sources, netfilter: 0, falco: 0 } },
  });
  expect(reasons()).toEqual(['no-streams', 'no-detections']);
  const [streams, none] = screen.getAllByTestId(testIds.investigate.landingEmpty);
  expect(streams.getAttribute('data-sources')).toBe('netfilter falco');
  expect(within(streams).getByRole('link').getAttribute('href')).toBe('/a/vigil-k8ssecurity-app/configuration');
  expect(none.textContent).toContain('No detections in the last 24 hours');
  fireEvent.click(within(none).getByRole('button', { name: /last 7 days/ }));
  expect(onGo).toHaveBeenCalledWith({ from: 'now-7d', to: 'now', sources: undefined });
});

test('each entity links to its investigation over the landing range, with its hits, severity and rules', () => {
  const top = empty();
  top.user = [
    {
      entity: { kind: 'user', value: 'oidc:contractor-7' },
      hits: 3,
      level: 'medium',
      partial: true,
      lastMs: 5,
      rules: [{ id: rule.id, title: rule.title, level: rule.level, hits: 3 }],
    },
  ];
  renderLanding({
    loading: false,
    landing: {
      ...base,
      fired: [
        {
          rule,
          hits: 3,
          index: 0,
          plan: {
            ruleId: rule.id,
            source: 'audit',
            selector: '{job="a"}',
            cond: { k: 'const', value: true },
            fields: [],
            alertWindow: '5m',
          },
        },
      ],
      read: 1,
      top,
    },
  });
  expect(reasons()).toEqual([]);
  const row = screen.getByTestId(testIds.investigate.landingEntity);
  expect(row.getAttribute('data-entity')).toBe('user:oidc:contractor-7');
  expect(row.textContent).toContain('≥3');
  expect(within(row).getByRole('link').getAttribute('href')).toBe(
    '/a/vigil-k8ssecurity-app/investigate?entity=user%3Aoidc%3Acontractor-7&from=now-24h&to=now'
  );
  expect(screen.getAllByTestId(testIds.investigate.landingKind).map((k) => k.getAttribute('data-kind'))).toEqual([
    'user',
  ]);
});

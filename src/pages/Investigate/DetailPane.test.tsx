// Component tests of the detail pane and the timeline: parsed fields, raw line, rule hits,
// pivots that hand the page a new entity, and rows that open an event.
import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { simulate } from '../../../backend-stub/src';
import { testIds } from '../../components/testIds';
import { SOURCES } from '../../sources';
import type { SourceId } from '../../sources/types';
import type { Pivot } from '../../investigate/pivots';
import type { TimelineEvent } from '../../investigate/timeline';
import { DetailPane } from './DetailPane';
import { Timeline } from './Timeline';

const TO = Date.parse('2026-03-01T12:00:00Z');
const sim = simulate({ seed: 9, from: TO - 3_600_000, to: TO, scenarios: ['exec-shell'], profile: 'nearform' });
const s = sim.manifest.scenarios[0];
const pod = `${s.entities.namespace}/${s.entities.pod}`;

// Built by hand (the timeline module pulls the rule catalog's YAML loader, which jsdom cannot load).
function eventOf(source: SourceId, line: string, entities: TimelineEvent['entities'], via?: string): TimelineEvent {
  const r = SOURCES[source].parse(line);
  if (!r.ok) {
    throw new Error(r.error.message);
  }
  return { id: `${source}-1`, source, timeMs: r.event.timeMs, line, event: r.event, hits: [{ id: 'falco-shell-in-container', title: 'Shell in container', level: 'high' }], entities, ...(via ? { via } : {}) };
}

const falcoLine = s.lines.find((l) => l.source === 'falco')!.line;
const execLine = s.lines.find((l) => l.source === 'audit' && l.line.includes('/exec'))!.line;
const falco = eventOf('falco', falcoLine, [{ kind: 'pod', value: pod }, { kind: 'user', value: 'root' }, { kind: 'node', value: s.entities.node }], `exec/attach into pod ${pod}`);
const exec = eventOf('audit', execLine, [{ kind: 'user', value: s.entities.user }, { kind: 'ip', value: '198.51.100.23' }, { kind: 'pod', value: pod }]);

describe('DetailPane', () => {
  it('shows the parsed fields, the raw line, the rule hit and how the event relates', () => {
    render(<DetailPane event={falco} onPivot={jest.fn()} onClose={jest.fn()} />);
    const fields = screen.getByTestId(testIds.investigate.fields);
    const rule = within(fields).getByText('rule').closest('tr')!;
    expect(rule.textContent).toContain('Terminal shell in container');
    expect(within(fields).getByText('entity.pod').closest('tr')!.textContent).toContain(s.entities.pod);
    expect(screen.getByTestId(testIds.investigate.rawLine).textContent).toBe(falcoLine);
    expect(screen.getByText(/Shell in container \(high\)/)).toBeTruthy();
    expect(screen.getByText(new RegExp(`via exec/attach into pod ${pod}`))).toBeTruthy();
  });

  it('"what else ran in this pod" hands the page the pod, narrowed to Falco and audit', () => {
    const onPivot = jest.fn<void, [Pivot]>();
    render(<DetailPane event={falco} onPivot={onPivot} onClose={jest.fn()} />);
    fireEvent.click(screen.getByTestId(testIds.investigate.pivot('pod-falco')));
    expect(onPivot).toHaveBeenCalledTimes(1);
    expect(onPivot.mock.calls[0][0]).toMatchObject({ entity: { kind: 'pod', value: pod }, sources: ['falco', 'audit'] });
  });

  it('offers "all events of this user" and "this IP in DNS" on the exec, and only pivots the event names', () => {
    const onPivot = jest.fn<void, [Pivot]>();
    render(<DetailPane event={exec} onPivot={onPivot} onClose={jest.fn()} />);
    fireEvent.click(screen.getByTestId(testIds.investigate.pivot('user')));
    fireEvent.click(screen.getByTestId(testIds.investigate.pivot('ip-dns')));
    expect(onPivot.mock.calls.map((c) => [c[0].entity, c[0].sources])).toEqual([
      [{ kind: 'user', value: s.entities.user }, undefined],
      [{ kind: 'ip', value: '198.51.100.23' }, ['coredns']],
    ]);
    expect(screen.queryByTestId(testIds.investigate.pivot('domain'))).toBeNull();
  });

  it('keeps an unparsed line visible with its error', () => {
    const bad: TimelineEvent = { id: 'audit-2', source: 'audit', timeMs: 0, line: '{"kind":"Ev', hits: [], entities: [], parseError: { kind: 'invalid-json', message: 'Unexpected end of JSON input', excerpt: '{"kind":"Ev' } };
    render(<DetailPane event={bad} onPivot={jest.fn()} onClose={jest.fn()} />);
    expect(screen.getByText(/Parse error \(invalid-json\)/)).toBeTruthy();
    expect(screen.getByTestId(testIds.investigate.rawLine).textContent).toBe('{"kind":"Ev');
  });
});

describe('Timeline', () => {
  it('lists events with their summary and opens the clicked one', () => {
    const onSelect = jest.fn();
    const onLoadOlder = jest.fn();
    render(<Timeline events={[falco, exec]} truncated={['falco']} loading={false} onSelect={onSelect} onLoadOlder={onLoadOlder} />);
    const rows = screen.getAllByTestId(testIds.investigate.row);
    expect(rows.map((r) => r.getAttribute('data-source'))).toEqual(['falco', 'audit']);
    expect(rows[1].textContent).toContain(`create pods/${s.entities.pod} (exec)`);
    fireEvent.click(rows[1]);
    expect(onSelect).toHaveBeenCalledWith('audit-1');
    fireEvent.click(screen.getByTestId(testIds.investigate.loadOlder));
    expect(onLoadOlder).toHaveBeenCalled();
  });
});

import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { layoutText } from './health';
import { testIds } from '../../components/testIds';
import type { VigilDataSourceOptions, VigilSecureJsonData } from '../types';

function settings(jsonData: VigilDataSourceOptions): DataSourceSettings<VigilDataSourceOptions, VigilSecureJsonData> {
  return { uid: 'ds', jsonData, secureJsonFields: {} } as unknown as DataSourceSettings<VigilDataSourceOptions, VigilSecureJsonData>;
}

describe('ConfigEditor: VictoriaLogs layout per source', () => {
  it('offers the layout of the JSON sources only for VictoriaLogs', () => {
    const { rerender } = render(<ConfigEditor options={settings({ logBackend: 'loki' })} onOptionsChange={jest.fn()} />);
    expect(screen.queryByTestId(testIds.datasource.layout('audit'))).toBeNull();
    rerender(<ConfigEditor options={settings({ logBackend: 'victorialogs' })} onOptionsChange={jest.fn()} />);
    expect(screen.getByTestId(testIds.datasource.layout('audit'))).toBeTruthy();
    expect(screen.getByTestId(testIds.datasource.layout('falco'))).toBeTruthy();
    expect(screen.queryByTestId(testIds.datasource.layout('coredns'))).toBeNull();
  });

  it('stores an override and removes it again with Detect', () => {
    const change = jest.fn();
    const { rerender } = render(<ConfigEditor options={settings({ logBackend: 'victorialogs' })} onOptionsChange={change} />);
    fireEvent.click(within(screen.getByTestId(testIds.datasource.layout('audit'))).getByLabelText('Fields'));
    expect(change.mock.calls[0][0].jsonData.victoriaLogsLayout).toEqual({ audit: 'native' });
    rerender(<ConfigEditor options={settings({ logBackend: 'victorialogs', victoriaLogsLayout: { audit: 'native', falco: 'verbatim' } })} onOptionsChange={change} />);
    fireEvent.click(within(screen.getByTestId(testIds.datasource.layout('audit'))).getByLabelText('Detect'));
    expect(change.mock.calls[1][0].jsonData.victoriaLogsLayout).toEqual({ falco: 'verbatim' });
  });
});

describe('health details: layouts', () => {
  it('says how each source is stored, and whether that was set or detected', () => {
    expect(layoutText({ found: true, layout: 'native', detectedLayout: 'native' })).toBe(', stored as fields (detected)');
    expect(layoutText({ found: true, layout: 'verbatim', configuredLayout: 'verbatim', detectedLayout: 'native' })).toBe(', lines in _msg (set; detected native)');
    expect(layoutText({ found: true, layout: 'native', detectedLayout: 'mixed' })).toBe(', stored as fields (detected: mixed)');
    expect(layoutText({ found: true })).toBe('');
  });
});

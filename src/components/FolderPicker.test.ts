import type { FolderEntry } from '../api/grafana';
import { folderOptions } from './FolderPicker';

const entry = (uid: string, path: string[], parentUid?: string): FolderEntry => ({
  uid,
  title: path.at(-1)!,
  path,
  parentUid,
});
const FALLBACK = { uid: 'vigil-detections', title: 'Vigil detections' };
const labels = (r: ReturnType<typeof folderOptions>) => r.options.map((o) => [o.label, o.value]);

describe('folderOptions', () => {
  const folders = [entry('sec', ['Security']), entry('k8s', ['Security', 'Kubernetes'], 'sec')];

  it("lists Grafana's folders by path, picks map to the folder's own title, and offers the missing default", () => {
    const r = folderOptions(folders, FALLBACK, FALLBACK);
    expect(labels(r)).toEqual([
      ['Security', 'sec'],
      ['Security / Kubernetes', 'k8s'],
      ['Vigil detections (created when a rule is enabled)', 'vigil-detections'],
    ]);
    expect(r.choices.get('k8s')).toEqual({ uid: 'k8s', title: 'Kubernetes' });
    expect(r.choices.get('vigil-detections')).toEqual(FALLBACK);
  });

  it('offers the default once it exists as a folder, and a configured folder Grafana lacks', () => {
    const withDefault = [...folders, entry('vigil-detections', ['Vigil detections'])];
    expect(labels(folderOptions(withDefault, FALLBACK, FALLBACK)).map(([l]) => l)).toEqual([
      'Security',
      'Security / Kubernetes',
      'Vigil detections',
    ]);
    const current = { uid: 'gone', title: 'Deleted folder' };
    expect(labels(folderOptions(withDefault, current, FALLBACK)).at(-1)).toEqual([
      'Deleted folder (created when a rule is enabled)',
      'gone',
    ]);
  });

  it("before Grafana's folders are loaded, offers the chosen and the default folder by title", () => {
    expect(labels(folderOptions(undefined, FALLBACK, FALLBACK))).toEqual([['Vigil detections', 'vigil-detections']]);
    expect(labels(folderOptions(undefined, { uid: 'k8s', title: 'Kubernetes' }, FALLBACK))).toEqual([
      ['Kubernetes', 'k8s'],
      ['Vigil detections', 'vigil-detections'],
    ]);
  });

  it('does not offer to create the default where a top-level folder already has its title (Grafana would refuse)', () => {
    const taken = [entry('other-uid', ['Vigil detections'])];
    const r = folderOptions(taken, { uid: 'sec', title: 'Security' }, FALLBACK);
    expect(labels(r)).toEqual([
      ['Vigil detections', 'other-uid'],
      ['Security (created when a rule is enabled)', 'sec'],
    ]);
  });
});

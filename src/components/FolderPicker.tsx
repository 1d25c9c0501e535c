import React, { useMemo } from 'react';
import { Combobox, type ComboboxOption } from '@grafana/ui';
import type { FolderEntry } from '../api/grafana';

/** A folder as the app settings store it: its uid, and the title it is created with when missing. */
export interface FolderChoice {
  uid: string;
  title: string;
}

/** What a picked option stands for: the folder's uid and its own title (not its path). */
type Choices = Map<string, FolderChoice>;

const missingLabel = (title: string) => `${title} (created when a rule is enabled)`;

/**
 * The picker's options: Grafana's folders by path (`Security / Kubernetes`), then the folders
 * the settings name that Grafana does not have yet (the chosen one, and the default unless a
 * top-level folder already has its title), which enabling a rule creates. Before Grafana's
 * folders are loaded (`folders` undefined), the chosen and the default folder by title.
 */
export function folderOptions(
  folders: FolderEntry[] | undefined,
  current: FolderChoice,
  fallback: FolderChoice
): { options: Array<ComboboxOption<string>>; choices: Choices } {
  const choices: Choices = new Map();
  const options: Array<ComboboxOption<string>> = [];
  for (const f of folders ?? []) {
    choices.set(f.uid, { uid: f.uid, title: f.title });
    options.push({ label: f.path.join(' / '), value: f.uid, description: f.uid });
  }
  const takenAtRoot = new Set((folders ?? []).filter((f) => !f.parentUid).map((f) => f.title));
  for (const missing of [current, fallback]) {
    if (choices.has(missing.uid) || (missing !== current && takenAtRoot.has(missing.title))) {
      continue;
    }
    choices.set(missing.uid, missing);
    const label = folders ? missingLabel(missing.title) : missing.title;
    options.push({ label, value: missing.uid, description: missing.uid });
  }
  return { options, choices };
}

interface Props {
  /** Grafana's folders; undefined until loaded (the picker asks for them when it first opens). */
  folders?: FolderEntry[];
  loading?: boolean;
  /** Called when the menu opens: the owner loads `folders` if it has not yet. */
  onOpen?: () => void;
  value: FolderChoice;
  /** The folder offered when Grafana does not have it (Vigil's default). */
  fallback: FolderChoice;
  onChange: (folder: FolderChoice) => void;
  width?: number;
  id?: string;
  'aria-labelledby'?: string;
  'data-testid'?: string;
}

/**
 * Alert folder picker over Grafana's folders (nested ones by path), by title; stores uid and
 * title. Grafana's folders are read when the menu first opens, not with the page: with nested
 * folders the listing takes a request per folder.
 */
export function FolderPicker({ folders, loading, onOpen, value, fallback, onChange, width = 40, ...rest }: Props) {
  const { options, choices } = useMemo(() => folderOptions(folders, value, fallback), [folders, value, fallback]);
  return (
    <Combobox
      {...rest}
      width={width}
      loading={loading}
      options={options}
      value={value.uid}
      onIsOpenChange={(open) => open && onOpen?.()}
      onChange={(o) => {
        const picked = choices.get(o.value);
        if (picked && (picked.uid !== value.uid || picked.title !== value.title)) {
          onChange(picked);
        }
      }}
    />
  );
}

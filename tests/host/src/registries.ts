// Grafana core fills the option registries at start-up; outside Grafana they are empty.
// Without editors, builder calls such as addNumberInput throw `"number" not found`; without
// the standard field config, defaults (colour palette, unit, thresholds) are never applied.
// The host needs the values, not the panel-editor UI, so every editor renders nothing.
import {
  FieldColorModeId,
  FieldConfigPropertyItem,
  StandardEditorsRegistryItem,
  ThresholdsMode,
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  identityOverrideProcessor,
  numberOverrideProcessor,
  standardEditorsRegistry,
  standardFieldConfigEditorRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

const EDITOR_IDS = [
  'boolean',
  'color',
  'dashboard-uid',
  'field-name',
  'multi-select',
  'number',
  'radio',
  'select',
  'slider',
  'strings',
  'text',
  'timezone',
  'unit',
  'links',
  'thresholds',
  'mappings',
  'fieldColor',
  'interval',
  'stats-picker',
];

const NoEditor = () => null;

function editors(): StandardEditorsRegistryItem[] {
  return EDITOR_IDS.map((id) => ({ id, name: id, editor: NoEditor }));
}

function fieldProperty(
  id: string,
  process: FieldConfigPropertyItem['process'],
  defaultValue?: unknown
): FieldConfigPropertyItem {
  return {
    id,
    path: id,
    name: id,
    editor: NoEditor,
    override: NoEditor,
    process,
    shouldApply: () => true,
    defaultValue,
  };
}

function fieldConfigProperties(): FieldConfigPropertyItem[] {
  return [
    fieldProperty('unit', unitOverrideProcessor),
    fieldProperty('min', numberOverrideProcessor),
    fieldProperty('max', numberOverrideProcessor),
    fieldProperty('decimals', numberOverrideProcessor),
    fieldProperty('displayName', displayNameOverrideProcessor),
    fieldProperty('noValue', stringOverrideProcessor),
    fieldProperty('color', identityOverrideProcessor, { mode: FieldColorModeId.PaletteClassic }),
    fieldProperty('thresholds', thresholdsOverrideProcessor, {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    }),
    fieldProperty('mappings', valueMappingsOverrideProcessor, []),
    fieldProperty('links', dataLinksOverrideProcessor, []),
  ];
}

/** Fills @grafana/data's registries; call once before anything renders. */
export function initRegistries() {
  standardEditorsRegistry.setInit(editors);
  standardFieldConfigEditorRegistry.setInit(fieldConfigProperties);
}

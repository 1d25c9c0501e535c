import React from 'react';
import { Link } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import {
  Alert,
  Badge,
  type BadgeColor,
  Button,
  LinkButton,
  LoadingPlaceholder,
  RadioButtonGroup,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { prefixRoute, ROUTES } from '../../constants';
import type { Level } from '../../detections';
import { CATALOG_RULES } from '../../detections/catalog';
import { formatEntity } from '../../investigate/entity';
import { LANDING_KINDS, ROWS_PER_RULE, type LandingEntity, type LandingKind } from '../../investigate/landing';
import { searchFromState, type InvestigateState } from '../../investigate/url';
import { SOURCES } from '../../sources';
import { SOURCE_IDS } from '../../sources/types';
import type { LandingState } from './useLanding';

const PRESETS = [
  { label: 'Last hour', value: 'now-1h', text: 'the last hour' },
  { label: 'Last 6 hours', value: 'now-6h', text: 'the last 6 hours' },
  { label: 'Last 24 hours', value: 'now-24h', text: 'the last 24 hours' },
  { label: 'Last 7 days', value: 'now-7d', text: 'the last 7 days' },
];
const WIDEST = PRESETS[PRESETS.length - 1];
/** Rules named in a row; the rest are counted, and all are in its tooltip. */
const SHOWN_RULES = 3;

const KIND_TITLES: Record<LandingKind, string> = {
  user: 'Users and service accounts',
  pod: 'Pods',
  ip: 'IP addresses',
  domain: 'Domains',
  node: 'Nodes',
  image: 'Images',
};

export const LEVEL_COLORS: Record<Level, BadgeColor> = {
  critical: 'red',
  high: 'orange',
  medium: 'purple',
  low: 'blue',
  informational: 'darkgrey',
};

interface Props {
  state: InvestigateState;
  data: LandingState;
  /** Re-aims the page: a range preset, or an entity (the same as picking it in the form). */
  onGo: (next: InvestigateState) => void;
}

/**
 * The Investigate page before an entity is chosen: the users, pods, IPs, domains, nodes and
 * images behind the range's detections, each a one-click start of its investigation.
 */
export function Landing({ state, data, onGo }: Props) {
  const styles = useStyles2(getStyles);
  const preset = state.to === 'now' ? PRESETS.find((p) => p.value === state.from) : undefined;
  const rangeText = preset?.text ?? `${state.from} to ${state.to}`;
  const setFrom = (from: string) => onGo({ from, to: 'now', sources: state.sources });
  const configuration = prefixRoute(ROUTES.Configuration);
  const landing = data.landing;
  const silent = landing ? SOURCE_IDS.filter((s) => landing.sources[s] === 0) : [];
  const anyEntity = landing && LANDING_KINDS.some((k) => landing.top[k].length > 0);

  return (
    <section
      data-testid={testIds.investigate.landing}
      aria-label="Entities behind recent detections"
      className={styles.landing}
    >
      <Stack gap={2} alignItems="center" wrap="wrap">
        <h3 className={styles.title}>Entities behind the detections of {rangeText}</h3>
        <RadioButtonGroup
          data-testid={testIds.investigate.landingRange}
          size="sm"
          options={PRESETS}
          value={preset?.value}
          onChange={setFrom}
        />
      </Stack>
      {data.loading && <LoadingPlaceholder text="Counting the rules' hits and reading their rows…" />}
      {data.error && (
        <Alert severity="error" title="Cannot list recent detections">
          {data.error}
        </Alert>
      )}
      {data.noDataSource && (
        <Alert
          severity="warning"
          title="No Vigil data source"
          data-testid={testIds.investigate.landingEmpty}
          data-reason="no-datasource"
        >
          <p>
            Vigil finds detections by querying your Loki or VictoriaLogs through a Vigil data source, and none is
            configured.
          </p>
          <LinkButton href={configuration} icon="cog" variant="primary" size="sm">
            Create one on the Configuration page
          </LinkButton>
        </Alert>
      )}
      {landing && silent.length > 0 && (
        <Alert
          severity="warning"
          title={
            silent.length === SOURCE_IDS.length
              ? `No events from any source in ${rangeText}`
              : `No events from ${silent.map((s) => SOURCES[s].title).join(', ')} in ${rangeText}`
          }
          data-testid={testIds.investigate.landingEmpty}
          data-reason="no-streams"
          data-sources={silent.join(' ')}
        >
          <p>
            No stream matching the data source&apos;s selector of{' '}
            {silent.length === 1 ? 'this source' : 'these sources'} sent a line, so the rules on{' '}
            {silent.length === 1 ? 'it' : 'them'} cannot fire. Check the shipper and the stream selectors.
          </p>
          <LinkButton href={configuration} icon="cog" variant="secondary" size="sm">
            Check the sources on the Configuration page
          </LinkButton>
        </Alert>
      )}
      {landing && landing.fired.length === 0 && (
        <Alert
          severity="info"
          title={`No detections in ${rangeText}`}
          data-testid={testIds.investigate.landingEmpty}
          data-reason="no-detections"
        >
          <p>
            None of the {CATALOG_RULES.length} catalog rules matched an event between{' '}
            {new Date(landing.fromMs).toISOString()} and {new Date(landing.toMs).toISOString()}. Widen the range, or
            search an entity with the form above.
          </p>
          {preset !== WIDEST && (
            <Button size="sm" variant="secondary" icon="history" onClick={() => setFrom(WIDEST.value)}>
              Show {WIDEST.text}
            </Button>
          )}
        </Alert>
      )}
      {landing?.errors.map((e) => (
        <Alert key={e} severity="warning" title="A query failed">
          {e}
        </Alert>
      ))}
      {data.settingsProblem && (
        <Alert severity="info" title="Rule settings not read">
          Your parameters and exceptions from the Detections page could not be read ({data.settingsProblem}); the
          catalog&apos;s defaults were used.
        </Alert>
      )}
      {landing && landing.fired.length > 0 && (
        <>
          <p className={styles.note}>
            {landing.fired.length} rules fired. Hits counted on the newest events of{' '}
            {landing.read === landing.fired.length ? 'each' : `the ${landing.read} most severe`} (up to {ROWS_PER_RULE}{' '}
            per rule; a window rule&apos;s events of the windows that passed its threshold). A count marked ≥ is a lower
            bound. Pick an entity to follow it across the four sources.
          </p>
          {anyEntity ? (
            <div className={styles.grid}>
              {LANDING_KINDS.filter((k) => landing.top[k].length > 0).map((kind) => (
                <section
                  key={kind}
                  className={styles.card}
                  data-testid={testIds.investigate.landingKind}
                  data-kind={kind}
                  aria-label={KIND_TITLES[kind]}
                >
                  <h4>{KIND_TITLES[kind]}</h4>
                  <table className={styles.table}>
                    <thead>
                      <tr>
                        <th scope="col">Entity</th>
                        <th scope="col">Hits</th>
                        <th scope="col">Severity</th>
                        <th scope="col">Rules</th>
                      </tr>
                    </thead>
                    <tbody>
                      {landing.top[kind].map((e) => (
                        <EntityRow
                          key={formatEntity(e.entity)}
                          e={e}
                          href={`${prefixRoute(ROUTES.Investigate)}?${searchFromState({ entity: e.entity, from: state.from, to: state.to, sources: state.sources })}`}
                        />
                      ))}
                    </tbody>
                  </table>
                </section>
              ))}
            </div>
          ) : (
            <p>The rows read name no user, pod, IP, domain, node or image.</p>
          )}
        </>
      )}
    </section>
  );
}

function EntityRow({ e, href }: { e: LandingEntity; href: string }) {
  const styles = useStyles2(getStyles);
  return (
    <tr
      data-testid={testIds.investigate.landingEntity}
      data-entity={formatEntity(e.entity)}
      data-hits={e.hits}
      data-level={e.level}
      data-rules={e.rules.map((r) => r.id).join(' ')}
    >
      <td className={styles.value}>
        <Link to={href} title={`Investigate ${formatEntity(e.entity)}`}>
          {e.entity.value}
        </Link>
      </td>
      <td className={styles.num}>
        {e.partial ? '≥' : ''}
        {e.hits}
      </td>
      <td>
        <Badge text={e.level} color={LEVEL_COLORS[e.level]} />
      </td>
      <td className={styles.rules} title={e.rules.map((r) => `${r.id} (${r.level}): ${r.hits} hits`).join('\n')}>
        {e.rules
          .slice(0, SHOWN_RULES)
          .map((r) => r.id)
          .join(', ')}
        {e.rules.length > SHOWN_RULES && <span className={styles.more}> +{e.rules.length - SHOWN_RULES} more</span>}
      </td>
    </tr>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  landing: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  title: css({ fontSize: theme.typography.h4.fontSize, margin: 0 }),
  note: css({ color: theme.colors.text.secondary, margin: 0 }),
  grid: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(440px, 1fr))', gap: theme.spacing(2) }),
  card: css({
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5, 2),
    minWidth: 0,
  }),
  table: css({
    width: '100%',
    tableLayout: 'fixed',
    fontSize: theme.typography.bodySmall.fontSize,
    th: {
      textAlign: 'left',
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      padding: theme.spacing(0.25, 0.5),
    },
    'th:nth-child(1)': { width: '42%' },
    'th:nth-child(2)': { width: '11%' },
    'th:nth-child(3)': { width: '17%' },
    td: { padding: theme.spacing(0.5), verticalAlign: 'top', borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  value: css({ wordBreak: 'break-all', a: { color: theme.colors.text.link } }),
  num: css({ fontVariantNumeric: 'tabular-nums' }),
  rules: css({ color: theme.colors.text.secondary, wordBreak: 'break-word' }),
  more: css({ whiteSpace: 'nowrap', color: theme.colors.text.primary }),
});

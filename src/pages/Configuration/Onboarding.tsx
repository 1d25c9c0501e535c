import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import type { Guide, Snippet } from '../../onboarding';

/** One guide (a source's or the shippers'): prose and copyable snippets. */
export function Onboarding({ guide }: { guide: Guide }) {
  const s = useStyles2(getStyles);
  return (
    <div data-testid={testIds.configuration.onboarding(guide.id)} className={s.guide}>
      <h4>Set up {guide.title}</h4>
      <p>{guide.summary}</p>
      {guide.sections.map((section) => (
        <section key={section.title}>
          <h5>{section.title}</h5>
          <p>{section.text}</p>
          {section.snippets.map((sn) => (
            <SnippetBlock key={sn.id} snippet={sn} />
          ))}
        </section>
      ))}
    </div>
  );
}

function SnippetBlock({ snippet }: { snippet: Snippet }) {
  const s = useStyles2(getStyles);
  return (
    <div className={s.snippet} data-testid={testIds.configuration.snippet(snippet.id)}>
      <div className={s.snippetHead}>
        <span>
          {snippet.title}
          {snippet.target ? <span className={s.target}> → {snippet.target}</span> : null}
        </span>
        <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => snippet.code}>
          Copy
        </ClipboardButton>
      </div>
      <pre className={s.code}>{snippet.code}</pre>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  guide: css({ marginTop: theme.spacing(2), h5: { marginTop: theme.spacing(2) } }),
  snippet: css({ marginBottom: theme.spacing(2) }),
  snippetHead: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: theme.spacing(0.5) }),
  target: css({ color: theme.colors.text.secondary, fontFamily: theme.typography.fontFamilyMonospace }),
  code: css({ maxHeight: 320, overflow: 'auto', fontSize: theme.typography.bodySmall.fontSize }),
});

import React, { Suspense, lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../../constants';
import { PluginPropsContext } from '../../utils/utils.plugin';

// One lazy chunk per page: opening Overview never downloads the Detections code.
const OverviewPage = lazy(() => import('../../pages/Overview/OverviewPage'));
const DetectionsPage = lazy(() => import('../../pages/Detections/DetectionsPage'));
const InvestigatePage = lazy(() => import('../../pages/Investigate/InvestigatePage'));
const AuditPolicyPage = lazy(() => import('../../pages/AuditPolicy/AuditPolicyPage'));
const ConfigurationPage = lazy(() => import('../../pages/Configuration/ConfigurationPage'));

function App(props: AppRootProps) {
  return (
    <PluginPropsContext.Provider value={props}>
      <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
        <Routes>
          <Route path={`${ROUTES.Overview}/*`} element={<OverviewPage />} />
          <Route path={`${ROUTES.Detections}/*`} element={<DetectionsPage />} />
          <Route path={`${ROUTES.Investigate}/*`} element={<InvestigatePage />} />
          <Route path={`${ROUTES.AuditPolicy}/*`} element={<AuditPolicyPage />} />
          <Route path={`${ROUTES.Configuration}/*`} element={<ConfigurationPage />} />
          <Route path="*" element={<Navigate to={ROUTES.Overview} replace />} />
        </Routes>
      </Suspense>
    </PluginPropsContext.Provider>
  );
}

export default App;

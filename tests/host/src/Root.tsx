// The render tree Grafana core puts around plugin pages: theme, global styles, the
// location service with a react-router v6 Router on its history, and the portal container
// that drawers and modals render into.
import React, { useSyncExternalStore } from 'react';
import { ThemeContext } from '@grafana/data';
import { LocationServiceProvider, config, locationService } from '@grafana/runtime';
import { GlobalStyles, PortalContainer } from '@grafana/ui';
import { Navigate, Route, Router, Routes } from 'react-router-dom';
import { AppRootPage } from './AppRootPage';
import { DataSourceConfigPage } from './DataSourceConfigPage';
import { DataSourceQueryPage } from './DataSourceQueryPage';
import { HostChrome } from './HostChrome';
import { APP_BASE, DS_CONFIG_PATH, DS_QUERY_PATH, defaultAppUrl } from './nav';

function HistoryRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  // An external store rather than state + effect: a child's <Navigate> can change the
  // location before a parent effect would have subscribed.
  const location = useSyncExternalStore(
    (onChange) => history.listen(onChange),
    () => history.location
  );
  return (
    <Router location={location} navigator={history}>
      {children}
    </Router>
  );
}

export function Root() {
  return (
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HistoryRouter>
          <HostChrome>
            <Routes>
              <Route path={`${APP_BASE}/*`} element={<AppRootPage />} />
              <Route path={DS_CONFIG_PATH} element={<DataSourceConfigPage />} />
              <Route path={DS_QUERY_PATH} element={<DataSourceQueryPage />} />
              <Route path="*" element={<Navigate to={defaultAppUrl} replace />} />
            </Routes>
          </HostChrome>
        </HistoryRouter>
      </LocationServiceProvider>
      <PortalContainer />
    </ThemeContext.Provider>
  );
}

/** @jest-environment-options {"customExportConditions": ["node", "require", "default"]} */
// The advisor's sample reads audit lines through the audit parser, so a row VictoriaLogs
// stores as fields (returned by the backend as one flat JSON line) is the same request.
import { observe } from '../../policy/observe';
import { auditEvents } from './auditSample';

const verbatim =
  '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/shop/pods","verb":"create","user":{"username":"alice","groups":["devs","system:authenticated"]},"objectRef":{"resource":"pods","namespace":"shop","apiVersion":"v1"},"responseStatus":{"code":201},"requestReceivedTimestamp":"2026-03-01T12:00:00.000000Z","stageTimestamp":"2026-03-01T12:00:00.010000Z"}';
const flat =
  '{"apiVersion":"audit.k8s.io/v1","auditID":"a1","kind":"Event","level":"Metadata","objectRef.apiVersion":"v1","objectRef.namespace":"shop","objectRef.resource":"pods","requestReceivedTimestamp":"2026-03-01T12:00:00.000000Z","requestURI":"/api/v1/namespaces/shop/pods","responseStatus.code":"201","stage":"ResponseComplete","stageTimestamp":"2026-03-01T12:00:00.010000Z","user.groups":"[\\"devs\\",\\"system:authenticated\\"]","user.username":"alice","verb":"create"}';

test('a flat row is the same request as its verbatim line', () => {
  const [fromFlat, fromLine] = [flat, verbatim].map((l) => observe(auditEvents([l])));
  expect(fromFlat).toEqual(fromLine);
  expect(fromFlat.requests[0].attrs).toMatchObject({
    username: 'alice',
    groups: ['devs', 'system:authenticated'],
    verb: 'create',
    resource: 'pods',
    namespace: 'shop',
  });
});

test('read as JSON alone, the flat row would lose its user and object', () => {
  expect(observe([flat]).requests[0].attrs).toMatchObject({ username: '', resource: '' });
});

test('a line the parser refuses is handed on as it is', () => {
  expect(auditEvents(['not json'])).toEqual(['not json']);
});

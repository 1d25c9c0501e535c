// Package integration holds end-to-end tests of the built plugin binary, driven through
// pkg/pluginhost against the real VictoriaLogs and Prometheus of the test stack (and a
// real Loki when VIGIL_LOKI_URL is set). Run with: go test -tags integration ./pkg/...
package integration

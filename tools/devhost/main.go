// Command devhost serves Vigil's page host (tests/host), the built plugin (dist/, each
// plugin under /public/plugins/<id>/ as Grafana serves it) and the few Grafana HTTP routes
// its pages call, answered by the real data source backend: the built dist/ executable,
// started and spoken to over the plugin protocol exactly as Grafana does (pkg/pluginhost).
//
// It is a test host and the native preview, not Grafana: no users, no database, one data
// source configured from flags. See the README's "Native preview" section.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/vigil/k8ssecurity/pkg/pluginhost"
)

type config struct {
	addr          string
	staticDir     string
	distDir       string
	logBackend    string
	logURL        string
	prometheusURL string
	quietPlugin   bool
	grafanaAPI    string
	grafanaAuth   string
	selectors     string
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("devhost", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", envOr("VIGIL_DEVHOST_ADDR", "127.0.0.1:3000"), "listen address (port 0 picks a free one)")
	fs.StringVar(&c.staticDir, "static", "tests/host/dist", "built page host (node tests/host/build.mjs)")
	fs.StringVar(&c.distDir, "dist", "dist", "built plugin (npm run build): plugin.json files, module.js and chunks, the backend executable")
	fs.StringVar(&c.logBackend, "log-backend", envOr("VIGIL_LOG_BACKEND", "victorialogs"), "loki or victorialogs")
	fs.StringVar(&c.logURL, "log-url", os.Getenv("VIGIL_LOG_URL"), "base URL of Loki or VictoriaLogs")
	fs.StringVar(&c.prometheusURL, "prometheus-url", os.Getenv("VIGIL_PROMETHEUS_URL"), "base URL of Prometheus")
	fs.BoolVar(&c.quietPlugin, "quiet-plugin", false, "discard the plugin's log instead of copying it to stderr")
	fs.StringVar(&c.grafanaAPI, "grafana-api", os.Getenv("VIGIL_GRAFANA_API_URL"), "Grafana API contract server for alert rules, folders and plugin settings writes (tests/contract); unset: those routes answer 404")
	fs.StringVar(&c.grafanaAuth, "grafana-api-auth", "Bearer Admin", "Authorization header sent to the -grafana-api server (the contract server reads the role from it)")
	fs.StringVar(&c.selectors, "stream-selectors", os.Getenv("VIGIL_STREAM_SELECTORS"), `the data source's jsonData.streamSelectors as JSON, e.g. {"falco":"{rule=~\".+\"}"}`)
	return c, fs.Parse(args)
}

func main() {
	c, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	if err := run(c); err != nil {
		log.Fatalf("devhost: %v", err)
	}
}

func run(c config) error {
	selectors, err := parseStreamSelectors(c.selectors)
	if err != nil {
		return err
	}
	plugins, err := loadPlugins(c.distDir)
	if err != nil {
		return err
	}
	exe, err := plugins.executable(pluginhost.PluginID, runtime.GOOS, runtime.GOARCH)
	if err != nil {
		return err
	}
	var pluginLog io.Writer = os.Stderr
	if c.quietPlugin {
		pluginLog = io.Discard
	}
	host, err := pluginhost.Start(pluginhost.Options{Executable: exe, Log: pluginLog})
	if err != nil {
		return err
	}
	defer host.Close()

	a := &api{
		ds: dataSource{
			ID: 1, UID: "vigil", Name: "Vigil", Type: pluginhost.PluginID,
			LogBackend: c.logBackend, LogURL: c.logURL, PrometheusURL: c.prometheusURL,
			StreamSelectors: selectors, Updated: time.Now(),
		},
		backend: host,
		plugins: plugins,
		now:     time.Now,
	}
	if c.grafanaAPI != "" {
		if a.grafana, err = newGrafanaProxy(c.grafanaAPI, c.grafanaAuth); err != nil {
			return err
		}
	}
	mux := http.NewServeMux()
	a.routes(mux)
	mux.Handle("/", spaHandler(c.staticDir))

	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	// Tests and scripts read this line to learn the port.
	fmt.Printf("devhost: serving http://%s (Vigil's test host, not Grafana)\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errs := make(chan error, 1)
	go func() { errs <- srv.Serve(ln) }()
	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Package pluginhost runs the built Vigil data source executable the way Grafana does:
// go-plugin handshake, gRPC only, the SDK's plugin set, and requests converted with the
// SDK's own protobuf converters. Tests and the native preview server use it to talk to
// the real binary instead of calling handlers in-process.
package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// PluginID is the data source id Grafana puts in every PluginContext for Vigil.
const PluginID = "vigil-k8ssecurity-datasource"

// ExecutableName is the "executable" of src/datasource/plugin.json without the platform suffix.
const ExecutableName = "gpx_vigil_k8ssecurity_datasource"

// GrafanaVersion is the GF_VERSION the host announces, as Grafana always sets it.
const GrafanaVersion = "12.3.0"

// Handshake is the go-plugin handshake Grafana uses for every backend plugin.
var Handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// Options configure how the executable is started.
type Options struct {
	// Executable is the path of the plugin binary; see DistExecutable.
	Executable string
	// Env holds extra variables (GF_PLUGIN_* and the like) on top of Grafana's GF_VERSION.
	Env []string
	// Log receives the host's and the plugin's log lines; nil discards them.
	Log io.Writer
	// StartTimeout bounds the handshake; zero means one minute, as in go-plugin.
	StartTimeout time.Duration
}

// Host is one running plugin process with its gRPC clients.
type Host struct {
	client      *goplugin.Client
	data        grpcplugin.DataClient
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
}

// DistExecutable returns where scripts/build-backend.sh puts the binary for this machine,
// under the repository root given.
func DistExecutable(repoRoot string) string {
	return filepath.Join(repoRoot, "dist", "datasource", fmt.Sprintf("%s_%s_%s", ExecutableName, runtime.GOOS, runtime.GOARCH))
}

// Start launches the executable, performs the handshake and dispenses the data,
// diagnostics and resource clients. The caller must Close the Host.
func Start(opts Options) (*Host, error) {
	if _, err := os.Stat(opts.Executable); err != nil {
		return nil, fmt.Errorf("plugin executable: %w", err)
	}
	logOut := opts.Log
	if logOut == nil {
		logOut = io.Discard
	}
	cmd := exec.Command(opts.Executable)
	cmd.Env = append([]string{"GF_VERSION=" + GrafanaVersion}, opts.Env...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd:             cmd,
		HandshakeConfig: Handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{
			grpcplugin.ProtocolVersion: {
				"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
				"resource":    &grpcplugin.ResourceGRPCPlugin{},
				"data":        &grpcplugin.DataGRPCPlugin{},
				"stream":      &grpcplugin.StreamGRPCPlugin{},
			},
		},
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		StartTimeout:     opts.StartTimeout,
		Logger:           hclog.New(&hclog.LoggerOptions{Name: "pluginhost", Output: logOut, Level: hclog.Info}),
	})
	h := &Host{client: client}
	if err := h.dispense(); err != nil {
		client.Kill()
		return nil, err
	}
	return h, nil
}

func (h *Host) dispense() error {
	rpc, err := h.client.Client()
	if err != nil {
		return fmt.Errorf("plugin handshake: %w", err)
	}
	get := func(name string) (any, error) {
		raw, err := rpc.Dispense(name)
		if err != nil {
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
		return raw, nil
	}
	raw, err := get("data")
	if err != nil {
		return err
	}
	h.data = raw.(grpcplugin.DataClient)
	if raw, err = get("diagnostics"); err != nil {
		return err
	}
	h.diagnostics = raw.(grpcplugin.DiagnosticsClient)
	if raw, err = get("resource"); err != nil {
		return err
	}
	h.resource = raw.(grpcplugin.ResourceClient)
	return nil
}

// Close kills the plugin process.
func (h *Host) Close() {
	h.client.Kill()
}

// Exited reports whether the plugin process has ended.
func (h *Host) Exited() bool {
	return h.client.Exited()
}

// DataSourceContext builds the PluginContext Grafana sends for a data source instance:
// plugin id, org 1 and the instance settings (id, uid, jsonData, decrypted secrets, lastUpdated).
func DataSourceContext(settings backend.DataSourceInstanceSettings) backend.PluginContext {
	if settings.Updated.IsZero() {
		settings.Updated = time.Now()
	}
	if settings.Type == "" {
		settings.Type = PluginID
	}
	return backend.PluginContext{OrgID: 1, PluginID: PluginID, DataSourceInstanceSettings: &settings}
}

// CheckHealth calls Diagnostics.CheckHealth.
func (h *Host) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	res, err := h.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(req.PluginContext),
		Headers:       req.Headers,
	})
	if err != nil {
		return nil, fmt.Errorf("CheckHealth: %w", err)
	}
	return backend.FromProto().CheckHealthResponse(res), nil
}

// QueryData calls Data.QueryData and decodes the Arrow frames.
func (h *Host) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	res, err := h.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		return nil, fmt.Errorf("QueryData: %w", err)
	}
	out, err := backend.FromProto().QueryDataResponse(res)
	if err != nil {
		return nil, fmt.Errorf("QueryData: decoding frames: %w", err)
	}
	return out, nil
}

// CallResource calls Resource.CallResource and joins the streamed response: the first
// message carries status and headers, the rest add body chunks.
func (h *Host) CallResource(ctx context.Context, req *backend.CallResourceRequest) (*backend.CallResourceResponse, error) {
	stream, err := h.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		return nil, fmt.Errorf("CallResource: %w", err)
	}
	var out *backend.CallResourceResponse
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("CallResource: %w", err)
		}
		part := backend.FromProto().CallResourceResponse(msg)
		if out == nil {
			out = part
			continue
		}
		out.Body = append(out.Body, part.Body...)
	}
	if out == nil {
		return nil, fmt.Errorf("CallResource %s: the plugin sent no response", req.Path)
	}
	return out, nil
}

// Build runs scripts/build-backend.sh for this machine's platform with the output in outDir
// and returns the executable's path, so callers test exactly what the release build makes.
func Build(ctx context.Context, repoRoot, outDir string) (string, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(repoRoot, "scripts", "build-backend.sh"))
	cmd.Dir = repoRoot
	cmd.Env = append(os.Environ(), "VIGIL_PLATFORMS="+runtime.GOOS+"/"+runtime.GOARCH, "VIGIL_OUT_DIR="+outDir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build-backend.sh: %w: %s", err, out)
	}
	return filepath.Join(outDir, fmt.Sprintf("%s_%s_%s", ExecutableName, runtime.GOOS, runtime.GOARCH)), nil
}

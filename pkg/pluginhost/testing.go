package pluginhost

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var (
	testBuildOnce sync.Once
	testBuildPath string
	testBuildErr  error
)

// TestExecutable returns the plugin binary for tests: $VIGIL_PLUGIN_BINARY when set (npm test
// points it at the freshly built dist/ binary), otherwise one build per test process.
func TestExecutable(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("VIGIL_PLUGIN_BINARY"); p != "" {
		return p
	}
	testBuildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vigil-plugin-")
		if err != nil {
			testBuildErr = err
			return
		}
		testBuildPath, testBuildErr = Build(context.Background(), RepoRoot(), dir)
	})
	if testBuildErr != nil {
		t.Fatalf("building the plugin: %v", testBuildErr)
	}
	return testBuildPath
}

// StartForTest starts the test executable and closes it when the test ends.
func StartForTest(t testing.TB, env ...string) *Host {
	t.Helper()
	logs := &lockedBuffer{}
	// Registered first so it runs last, after Close: the plugin's log helps explain a failure.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("plugin log:\n%s", logs.String())
		}
	})
	h, err := Start(Options{Executable: TestExecutable(t), Env: env, Log: logs})
	if err != nil {
		t.Fatalf("starting the plugin: %v", err)
	}
	t.Cleanup(h.Close)
	return h
}

// RepoRoot finds the repository root from this source file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

//go:build unix

// Package teststack starts real VictoriaLogs and Prometheus servers on free loopback
// ports for Go tests, and pushes logs to them through Loki's push API. Binaries come
// from `npm run setup` (pins in scripts/versions.sh); servers stop via t.Cleanup.
package teststack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	readyTimeout  = 30 * time.Second
	stopTimeout   = 10 * time.Second
	startAttempts = 3
	stderrTailMax = 4096
)

// Server is a running server started by this package.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string
	// PID is the server's process id; it also leads its own process group.
	PID int
	// DataDir is the temp dir holding the server's data; Stop removes it.
	DataDir string

	cmd      *exec.Cmd
	exited   chan struct{}
	stopOnce sync.Once
}

type launchSpec struct {
	name      string
	binary    string
	readyPath string
	args      func(port int, dataDir string) []string
	prepare   func(dataDir string) error
}

// tailBuffer keeps the last bytes a server wrote to stderr, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if len(b.buf) > stderrTailMax {
		b.buf = b.buf[len(b.buf)-stderrTailMax:]
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(bytes.TrimSpace(b.buf))
}

// launch starts the server and retries on a fresh port if another process took the chosen one.
func launch(t testing.TB, spec launchSpec) *Server {
	t.Helper()
	var err error
	for range startAttempts {
		var srv *Server
		srv, err = launchOnce(spec)
		if err == nil {
			t.Cleanup(srv.Stop)
			return srv
		}
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	t.Fatal(err)
	return nil
}

func launchOnce(spec launchSpec) (*Server, error) {
	dataDir, err := os.MkdirTemp("", "vigil-"+spec.name+"-")
	if err != nil {
		return nil, err
	}
	if spec.prepare != nil {
		if err := spec.prepare(dataDir); err != nil {
			os.RemoveAll(dataDir)
			return nil, err
		}
	}
	port, err := freeLoopbackPort()
	if err != nil {
		os.RemoveAll(dataDir)
		return nil, err
	}
	stderr := &tailBuffer{}
	cmd := exec.Command(spec.binary, spec.args(port, dataDir)...)
	cmd.Stderr = stderr
	cmd.SysProcAttr = processAttrs()
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dataDir)
		return nil, fmt.Errorf("%s: cannot start %s: %w", spec.name, spec.binary, err)
	}
	srv := &Server{
		URL:     fmt.Sprintf("http://127.0.0.1:%d", port),
		PID:     cmd.Process.Pid,
		DataDir: dataDir,
		cmd:     cmd,
		exited:  make(chan struct{}),
	}
	go func() {
		_ = cmd.Wait()
		close(srv.exited)
	}()
	if err := srv.waitReady(spec.name, spec.readyPath, stderr); err != nil {
		srv.Stop()
		return nil, err
	}
	return srv, nil
}

func (s *Server) waitReady(name, readyPath string, stderr *tailBuffer) error {
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(readyTimeout)
	lastProblem := "no answer yet"
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			return fmt.Errorf("%s exited (%s) before it was ready:\n%s", name, s.cmd.ProcessState, stderr)
		default:
		}
		resp, err := client.Get(s.URL + readyPath)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			lastProblem = resp.Status
		} else {
			lastProblem = err.Error()
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready at %s after %s (%s):\n%s", name, s.URL+readyPath, readyTimeout, lastProblem, stderr)
}

// Stop terminates the server's process group and removes its data dir. It is safe to
// call more than once; tests need not call it, since t.Cleanup does.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		_ = syscall.Kill(-s.PID, syscall.SIGTERM)
		select {
		case <-s.exited:
		case <-time.After(stopTimeout):
			_ = syscall.Kill(-s.PID, syscall.SIGKILL)
			<-s.exited
		}
		// Anything the server forked and left in its group goes too.
		_ = syscall.Kill(-s.PID, syscall.SIGKILL)
		os.RemoveAll(s.DataDir)
	})
}

func freeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// repoRoot walks up from the working directory (the package dir under `go test`) to go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "scripts", "versions.sh")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find scripts/versions.sh above the working directory")
		}
		dir = parent
	}
}

// versionsVar reads a variable from scripts/versions.sh, the one home of the pins.
func versionsVar(name string) (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", `source scripts/versions.sh && printf %s "$`+name+`"`)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("reading %s from scripts/versions.sh: %w", name, err)
	}
	return string(out), nil
}

// binaryPath finds a server binary: the env override, else the path in scripts/versions.sh.
func binaryPath(t testing.TB, envVar, what string) string {
	t.Helper()
	path := os.Getenv(envVar)
	if path == "" {
		var err error
		if path, err = versionsVar(envVar); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("%s binary not found at %s: run `npm run setup` first", what, path)
	}
	return path
}

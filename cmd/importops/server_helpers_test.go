package main_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"importops/internal/testenv"
)

// stopTimeout bounds how long a stopping server may take before the test
// calls it hung. The contract allows 10 seconds; this is not a timing
// assertion, only a guard against waiting forever.
const stopTimeout = 15 * time.Second

// server is `importops serve` running as a subprocess.
type server struct {
	t    *testing.T
	URL  string
	cmd  *exec.Cmd
	logs *lockedBuffer // everything it wrote to stderr
	done chan struct{} // closed when the process has exited
	// lines are what it printed on stdout, after the first (the address).
	lines chan string
	exit  *os.ProcessState
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

// startServer runs `importops serve --addr 127.0.0.1:0 --db url`, reads
// the address it announces and waits until /healthz answers 200.
func startServer(t *testing.T, url string, extraArgs ...string) *server {
	t.Helper()
	s, err := launch(t, url, extraArgs...)
	if err != nil {
		t.Fatal(err)
	}
	s.waitReady()
	return s
}

// launch starts the process and reads the address it announces. It does
// not fail the test itself, so that it may run on another goroutine.
func launch(t *testing.T, url string, extraArgs ...string) (*server, error) {
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", url}, extraArgs...)...)
	cmd.Dir = t.TempDir()
	cmd.Env = baseEnv()
	s := &server{t: t, cmd: cmd, logs: &lockedBuffer{}, done: make(chan struct{}), lines: make(chan string, 100)}
	cmd.Stderr = s.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting importops serve: %w", err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case s.lines <- sc.Text():
			default: // nobody reads that far; keep draining
			}
		}
		close(s.lines)
	}()
	go func() {
		cmd.Wait()
		s.exit = cmd.ProcessState
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("server log:\n%s", s.logs.String())
		}
	})

	const prefix = "ImportOps is listening on "
	select {
	case line, ok := <-s.lines:
		if !ok || !strings.HasPrefix(line, prefix) {
			<-s.done
			return nil, fmt.Errorf("want %q on stdout, got %q (exit %v); log:\n%s", prefix+"http://ADDR", line, s.exit, s.logs.String())
		}
		s.URL = strings.TrimPrefix(line, prefix)
		if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || strings.HasSuffix(s.URL, ":0") {
			return nil, fmt.Errorf("announced %q: want the real port", s.URL)
		}
		return s, nil
	case <-time.After(cmdTimeout):
		return nil, fmt.Errorf("importops serve announced no address within %s; log:\n%s", cmdTimeout, s.logs.String())
	}
}

// waitReady polls /healthz until it answers 200 (or the process dies).
func (s *server) waitReady() {
	s.t.Helper()
	deadline := time.Now().Add(cmdTimeout)
	for {
		resp, err := http.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-s.done:
			s.t.Fatalf("importops serve exited (%v) before /healthz answered; log:\n%s", s.exit, s.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("/healthz did not answer 200 within %s (last: %v, %v)", cmdTimeout, resp, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// env returns a testenv.Env aimed at the subprocess, for its GraphQL
// clients (cookie jar, X-CSRF-Token from the importops_csrf cookie).
func (s *server) env(t *testing.T) *testenv.Env {
	return &testenv.Env{T: t, URL: s.URL}
}

// terminate sends SIGTERM.
func (s *server) terminate() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatalf("sending SIGTERM: %v", err)
	}
}

// waitExit waits for the process to end and fails unless it exited 0.
func (s *server) waitExit() {
	s.t.Helper()
	select {
	case <-s.done:
	case <-time.After(stopTimeout):
		s.t.Fatalf("importops serve did not exit within %s of SIGTERM; log:\n%s", stopTimeout, s.logs.String())
	}
	if !s.exit.Exited() || s.exit.ExitCode() != 0 {
		s.t.Fatalf("importops serve ended with %v after SIGTERM, want exit status 0; log:\n%s", s.exit, s.logs.String())
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop() {
	s.t.Helper()
	s.terminate()
	s.waitExit()
}

// cli runs importops commands against one database.
type cli struct {
	t   *testing.T
	url string
}

func (c cli) run(stdin string, args ...string) result {
	c.t.Helper()
	return mustRun(c.t, c.url, stdin, args...)
}

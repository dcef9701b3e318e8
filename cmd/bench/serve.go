package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// build compiles the importops binary as `make build` does (the settings
// page is not needed to serve the API). With pprof, the binary also serves
// net/http/pprof on IMPORTOPS_PPROF_ADDR (cmd/importops/pprof.go).
func build(ctx context.Context, out string, pprof bool) error {
	args := []string{"build", "-o", out}
	if pprof {
		args = append(args, "-tags", "pprof")
	}
	args = append(args, "./cmd/importops")
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// process is a running `importops serve`.
type process struct {
	cmd     *exec.Cmd
	URL     string
	started time.Time
	logPath string
	done    chan error
}

// startServer runs `importops serve --addr 127.0.0.1:0 --db dbURL` and waits
// for it to say where it listens. Its log (one JSON line per request) goes
// to a file, as a deployment's would, and is shown when something fails.
func startServer(ctx context.Context, bin, dbURL, logDir string, env ...string) (*process, error) {
	// The load sends far more than one key's default rate limit (50 a
	// second): the bench measures the server, not the limiter's refusals.
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dbURL, "--key-rate-limit", "0")
	cmd.Env = append(os.Environ(), env...)
	return startProcess(ctx, cmd, "ImportOps is listening on ", logDir)
}

// startHandwritten runs this program as the hand-written server
// (handwritten.go) on dbURL.
func startHandwritten(ctx context.Context, dbURL, logDir string) (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return startProcess(ctx, exec.Command(self, handwrittenArg, dbURL), "handwritten is listening on ", logDir)
}

// startProcess starts cmd and waits for it to print listening, followed
// by its URL, on standard output. Its standard error goes to a log file.
func startProcess(ctx context.Context, cmd *exec.Cmd, listening, logDir string) (*process, error) {
	logPath := filepath.Join(logDir, fmt.Sprintf("serve-%d.log", time.Now().UnixNano()))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &process{cmd: cmd, logPath: logPath, done: make(chan error, 1)}
	s.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), listening); ok {
				addr <- a
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.URL = a
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("%s exited before listening (%v): %s", cmd.Path, err, s.logTail())
	case <-time.After(30 * time.Second):
		s.kill()
		return nil, fmt.Errorf("%s did not listen within 30 s: %s", cmd.Path, s.logTail())
	case <-ctx.Done():
		s.kill()
		return nil, ctx.Err()
	}
}

// waitHealthy polls /healthz until it answers 200.
func (s *process) waitHealthy(ctx context.Context, limit time.Duration) (time.Duration, error) {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for {
		resp, err := c.Get(s.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(s.started), nil
			}
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("/healthz did not answer 200 within %s (%v)", limit, err)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// stop sends SIGTERM, as an operator's supervisor would, and waits.
func (s *process) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			return fmt.Errorf("importops serve: %v: %s", err, s.logTail())
		}
		return nil
	case <-time.After(15 * time.Second):
		s.kill()
		return fmt.Errorf("importops serve did not stop within 15 s of SIGTERM")
	}
}

func (s *process) kill() {
	s.cmd.Process.Kill()
}

// peakMemory is the server's peak resident set size (VmHWM), in bytes.
func (s *process) peakMemory() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(v), "%d kB", &kb); err != nil {
				return 0, err
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", s.cmd.Process.Pid)
}

// cpuTime is the CPU time the server has used so far (user and system).
func (s *process) cpuTime() (time.Duration, error) {
	return procCPU(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
}

// procCPU reads a process's user and system CPU time from its stat file.
func procCPU(path string) (time.Duration, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	// The command name, in parentheses, may hold spaces: count from after it.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("short %s", path)
	}
	var utime, stime int64
	fmt.Sscan(f[11], &utime)
	fmt.Sscan(f[12], &stime)
	const ticks = 100 // USER_HZ, 100 on Linux
	return time.Duration(utime+stime) * time.Second / ticks, nil
}

// backendsCPU is the CPU time used so far by the PostgreSQL backends
// serving database name (their process titles name it).
func backendsCPU(name string) time.Duration {
	var total time.Duration
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, dir := range dirs {
		cmdline, err := os.ReadFile(dir + "/cmdline")
		if err != nil || !strings.HasPrefix(string(cmdline), "postgres: ") || !strings.Contains(string(cmdline), " "+name+" ") {
			continue
		}
		if d, err := procCPU(dir + "/stat"); err == nil {
			total += d
		}
	}
	return total
}

// logTail is the end of the server's log, for error messages.
func (s *process) logTail() string {
	b, _ := os.ReadFile(s.logPath)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// coldStart starts a new server on a new SQLite file, three times, and
// reports the slowest time from starting the process to the first 200 from
// /healthz.
func coldStart(ctx context.Context, r *report, bin, tmp string) error {
	var worst time.Duration
	for i := range 3 {
		dir, err := os.MkdirTemp(tmp, "cold-")
		if err != nil {
			return err
		}
		s, err := startServer(ctx, bin, "sqlite:"+filepath.Join(dir, fmt.Sprintf("cold%d.db", i)), dir)
		if err != nil {
			return err
		}
		took, err := s.waitHealthy(ctx, 10*time.Second)
		if serr := s.stop(); err == nil {
			err = serr
		}
		if err != nil {
			return err
		}
		worst = max(worst, took)
	}
	r.check("cold_start.healthz", float64(worst.Microseconds())/1e3, "ms", "< 1000 ms", worst < time.Second,
		"new SQLite file: process start to first 200 from /healthz, slowest of 3")
	return nil
}

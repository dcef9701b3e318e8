package main_test

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// soakSeconds is how long the soak runs: IMPORTOPS_SOAK_SECONDS, 5 by
// default (`make test`); `make soak` sets 60.
func soakSeconds(t *testing.T) time.Duration {
	t.Helper()
	v := os.Getenv("IMPORTOPS_SOAK_SECONDS")
	if v == "" {
		return 5 * time.Second
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 3600 {
		t.Fatalf("IMPORTOPS_SOAK_SECONDS=%q: want a whole number of seconds, 1 to 3600", v)
	}
	return time.Duration(n) * time.Second
}

// procStatus is what /proc/PID/status says of a process's footprint.
type procStatus struct {
	RSS, PeakRSS int64 // bytes (VmRSS, VmHWM)
	Threads      int
}

func (p procStatus) String() string {
	return "RSS " + mib(p.RSS) + " (peak " + mib(p.PeakRSS) + "), " + strconv.Itoa(p.Threads) + " threads"
}

func mib(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB" }

// readProcStatus reads /proc/PID/status; the server is a subprocess, so
// this is how the test sees its memory and threads from outside.
func readProcStatus(t *testing.T, pid int) procStatus {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Fatalf("reading the server's /proc status: %v", err)
	}
	var p procStatus
	kib := func(v string) int64 {
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		return n << 10
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, _ := strings.Cut(line, ":")
		switch k {
		case "VmRSS":
			p.RSS = kib(v)
		case "VmHWM":
			p.PeakRSS = kib(v)
		case "Threads":
			p.Threads, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if p.RSS == 0 || p.Threads == 0 {
		t.Fatalf("no VmRSS or Threads in the server's /proc status:\n%s", b)
	}
	return p
}

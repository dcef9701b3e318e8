package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// goPackages hold the Go benchmarks: token generation and parsing, the
// whole verification of a key, and one vehicles request through the real
// handler (each on SQLite and PostgreSQL where a database is involved).
var goPackages = []string{"./internal/token", "./internal/apikey", "./internal/server"}

var benchLine = regexp.MustCompile(`^Benchmark(\S+?)(?:-\d+)?\s+(\d+)\s+([\d.]+) ns/op(?:\s+([\d.]+) B/op)?(?:\s+([\d.]+) allocs/op)?`)

func goBenchmarks(ctx context.Context, r *report) error {
	args := append([]string{"test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "1"}, goPackages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, os.Stderr)
	cmd.Stderr = os.Stderr
	cmd.Env = append(os.Environ(), "IMPORTOPS_REQUIRE_POSTGRES=1")
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return parseBenchmarks(&out, r)
}

func parseBenchmarks(in io.Reader, r *report) error {
	pkg := ""
	found := 0
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p[strings.LastIndex(p, "/")+1:]
			continue
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		ns, _ := strconv.ParseFloat(m[3], 64)
		note := ""
		if m[4] != "" {
			note = m[4] + " B/op, " + m[5] + " allocs/op"
		}
		name := "go." + pkg + "." + m[1]
		if strings.Contains(m[1], "clients=") {
			// A parallel benchmark's ns/op is wall time per request
			// across all clients: its inverse is the throughput.
			note += fmt.Sprintf(", %.0f req/s", 1e9/ns)
		}
		r.add(name, ns/1e3, "µs/op", note)
		found++
	}
	if found == 0 {
		return fmt.Errorf("go test printed no benchmark results")
	}
	return sc.Err()
}

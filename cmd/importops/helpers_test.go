package main_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"importops/internal/database"
	"importops/internal/testenv"
)

// binary is the importops executable built once by TestMain; every test
// runs it as a subprocess, the way the operations team does.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "importops-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "importops")
	build := exec.Command("go", "build", "-o", binary, "importops/cmd/importops")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building importops:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// cmdTimeout bounds a command that hangs; it is not a timing assertion.
const cmdTimeout = 60 * time.Second

// result is what one run of the binary did.
type result struct {
	args           []string
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("importops %s: exit %d\nstdout: %q\nstderr: %q", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
}

// baseEnv is the test's environment without DATABASE_URL, so that only
// what a test sets chooses the database.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			env = append(env, kv)
		}
	}
	return env
}

// runIn runs the binary in dir with extra environment variables and stdin.
func runIn(t *testing.T, dir string, extraEnv []string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append(baseEnv(), extraEnv...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running importops %s: %v", strings.Join(args, " "), err)
	}
	if ctx.Err() != nil {
		t.Fatalf("importops %s did not finish within %s", strings.Join(args, " "), cmdTimeout)
	}
	return r
}

// run runs `importops ARGS --db URL` in an empty working directory.
func run(t *testing.T, url, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, t.TempDir(), nil, stdin, append(args, "--db", url)...)
}

// mustRun is run, failing the test unless the command succeeds.
func mustRun(t *testing.T, url, stdin string, args ...string) result {
	t.Helper()
	r := run(t, url, stdin, args...)
	if r.code != 0 {
		t.Fatalf("want success, got %s", r)
	}
	return r
}

// wantFailure checks the shape of every refusal: a non-zero exit, nothing
// on stdout, and exactly one line on stderr, "importops: <reason>", whose
// reason contains each of want (case-insensitive).
func wantFailure(t *testing.T, r result, want ...string) {
	t.Helper()
	if r.code == 0 {
		t.Errorf("want a non-zero exit, got %s", r)
	}
	if r.stdout != "" {
		t.Errorf("want nothing on stdout, got %s", r)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.HasSuffix(r.stderr, "\n") || !strings.HasPrefix(lines[0], "importops: ") {
		t.Errorf("want exactly one line on stderr starting with \"importops: \", got %s", r)
		return
	}
	for _, w := range want {
		if !strings.Contains(strings.ToLower(lines[0]), strings.ToLower(w)) {
			t.Errorf("reason %q does not mention %q", lines[0], w)
		}
	}
}

// rows counts what the commands can write.
type rows struct{ Orgs, Users, Keys, Audit int }

func countRows(t *testing.T, db *database.DB) rows {
	t.Helper()
	ctx := testenv.System()
	var r rows
	var err error
	count := func(n *int, f func() (int, error)) {
		if err == nil {
			*n, err = f()
		}
	}
	count(&r.Orgs, func() (int, error) { return db.Organization.Query().Count(ctx) })
	count(&r.Users, func() (int, error) { return db.User.Query().Count(ctx) })
	count(&r.Keys, func() (int, error) { return db.APIKey.Query().Count(ctx) })
	count(&r.Audit, func() (int, error) { return db.AuditEntry.Query().Count(ctx) })
	if err != nil {
		t.Fatalf("counting rows: %v", err)
	}
	return r
}

// wantNothingWritten fails unless db holds exactly the rows it held before.
func wantNothingWritten(t *testing.T, db *database.DB, before rows) {
	t.Helper()
	if after := countRows(t, db); after != before {
		t.Errorf("a refused command wrote to the database: rows before %+v, after %+v", before, after)
	}
}

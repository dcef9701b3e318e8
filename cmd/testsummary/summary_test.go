package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A real `go test -json` stream, from a throwaway module with a passing,
// a failing and a skipped test, subtests, and a package that does not
// compile: counted right, and a failure's output shown whole.
func TestGoStream(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "go.mod", "module demo\n\ngo 1.26\n")
	write(t, dir, "a/a_test.go", `package a

import "testing"

func TestPass(t *testing.T) { t.Log("quiet when passing") }
func TestFail(t *testing.T) { t.Error("the reason it failed") }
func TestSkip(t *testing.T) { t.Skip("no database here") }
func TestParent(t *testing.T) {
	t.Run("ok", func(t *testing.T) {})
	t.Run("bad", func(t *testing.T) { t.Fatal("the subtest failed") })
}
`)
	write(t, dir, "b/b_test.go", "package b\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { undefinedFunc() }\n")
	write(t, dir, "c/c_test.go", "package c\n\nimport \"testing\"\n\nfunc TestC(t *testing.T) {}\n")

	cmd := exec.Command("go", "test", "-count=1", "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	stream, _ := cmd.Output() // exits 1: tests fail, on purpose

	var out bytes.Buffer
	c, err := summariseGo(bytes.NewReader(stream), &out)
	if err != nil {
		t.Fatal(err)
	}
	// Passed: TestPass, TestParent/ok, TestC. Failed: TestFail,
	// TestParent/bad, TestParent, and package b, which did not build.
	if want := (counts{Passed: 3, Failed: 4, Skipped: 1}); c != want {
		t.Errorf("counts %+v, want %+v\nstream:\n%s", c, want, stream)
	}
	text := out.String()
	for _, want := range []string{"the reason it failed", "the subtest failed", "--- FAIL: TestFail", "no database here", "undefined: undefinedFunc", "ok  \tdemo/c"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	for _, unwanted := range []string{"quiet when passing", "=== RUN   TestPass", "=== RUN   TestSkip"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("output shows %q, from a test that passed or was skipped:\n%s", unwanted, text)
		}
	}
}

// A package that fails with no failed test (TestMain exiting 1) counts as
// one failure, so the total cannot read "0 failed".
func TestGoPackageFailsWithoutTest(t *testing.T) {
	stream := `{"Action":"start","Package":"p"}
{"Action":"output","Package":"p","Output":"setup failed: no database\n"}
{"Action":"output","Package":"p","Output":"FAIL\tp\t0.01s\n"}
{"Action":"fail","Package":"p","Elapsed":0.01}
`
	var out bytes.Buffer
	c, err := summariseGo(strings.NewReader(stream), &out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Failed != 1 || !strings.Contains(out.String(), "setup failed: no database") {
		t.Errorf("counts %+v, output %q: want 1 failed and the package's words", c, out.String())
	}
}

func TestTotal(t *testing.T) {
	full := func(t *testing.T) string {
		dir := t.TempDir()
		write(t, dir, "go.json", `{"passed":10,"failed":0,"skipped":2}`)
		write(t, dir, "vitest.json", `{"numTotalTests":5,"numPassedTests":4,"numFailedTests":0,"numPendingTests":1,"numTodoTests":0}`)
		write(t, dir, "e2e.tap", "TAP version 13\n# Subtest: x\nok 1 - x\n1..1\n# tests 3\n# suites 1\n# pass 3\n# fail 0\n# cancelled 0\n# skipped 0\n# todo 0\n# duration_ms 12.5\n")
		return dir
	}
	cases := []struct {
		name    string
		setup   func(t *testing.T, dir string)
		steps   []string
		ok      bool
		last    string
		mention string
	}{
		{"all passed", nil, nil, true, "17 passed, 0 failed, 3 skipped", "Browser: 3 passed, 0 failed, 0 skipped"},
		{"browser did not run", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, "e2e.tap")) }, []string{"test-e2e"}, false, "14 passed, 1 failed, 3 skipped", "Browser: did not run"},
		{"lint failed", nil, []string{"lint"}, false, "17 passed, 1 failed, 3 skipped", "make lint: failed"},
		{"go failed", func(t *testing.T, dir string) {
			write(t, dir, "go.json", `{"passed":9,"failed":1,"skipped":2}`)
		}, []string{"test-go"}, false, "16 passed, 1 failed, 3 skipped", "Go: 9 passed, 1 failed, 2 skipped"},
		{"vitest stopped mid-way", func(t *testing.T, dir string) {
			write(t, dir, "vitest.json", `{"numTotalTests":5,"numPassedTests":2,"numFailedTests":0,"numPendingTests":0,"numTodoTests":0}`)
		}, nil, false, "15 passed, 3 failed, 2 skipped", "Components: 2 passed, 3 failed"},
		{"tap cut short", func(t *testing.T, dir string) { write(t, dir, "e2e.tap", "TAP version 13\nok 1 - x\n") }, nil, false, "14 passed, 1 failed, 3 skipped", "Browser: unreadable counts"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := full(t)
			if tc.setup != nil {
				tc.setup(t, dir)
			}
			var out bytes.Buffer
			ok := total(dir, tc.steps, &out)
			lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
			if ok != tc.ok || lines[len(lines)-1] != tc.last || !strings.Contains(out.String(), tc.mention) {
				t.Errorf("ok=%v, output:\n%s\nwant ok=%v, last line %q, mentioning %q", ok, out.String(), tc.ok, tc.last, tc.mention)
			}
		})
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

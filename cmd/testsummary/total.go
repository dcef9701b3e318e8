package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// suite is one of make test's test runs and the file its counts are in.
type suite struct {
	name, step, file string
	read             func(path string) (counts, error)
}

var suites = []suite{
	{"Go", "test-go", "go.json", readGoCounts},
	{"Components", "test-frontend", "vitest.json", readVitest},
	{"Browser", "test-e2e", "e2e.tap", readTAP},
}

func runTotal(args []string) (bool, error) {
	fs := flag.NewFlagSet("total", flag.ContinueOnError)
	dir := fs.String("dir", "", "the folder holding go.json, vitest.json and e2e.tap")
	failedSteps := fs.String("failed-steps", "", "the make steps that exited non-zero, space-separated")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	if *dir == "" {
		return false, errors.New("total needs -dir")
	}
	return total(*dir, strings.Fields(*failedSteps), os.Stdout), nil
}

// total prints a line per suite and the sum last. A suite whose counts are
// missing did not run, and a step that failed without a failed test to
// show for it (lint, fuzz, a build) counts as one failure, so that the
// last line never reads "0 failed" for a run that failed.
func total(dir string, failedSteps []string, out io.Writer) bool {
	failed := map[string]bool{}
	for _, s := range failedSteps {
		failed[s] = true
	}
	var sum counts
	fmt.Fprintln(out, "")
	for _, s := range suites {
		c, err := s.read(filepath.Join(dir, s.file))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			fmt.Fprintf(out, "%s: did not run (counted as 1 failed)\n", s.name)
			c = counts{Failed: 1}
		case err != nil:
			fmt.Fprintf(out, "%s: unreadable counts, %v (counted as 1 failed)\n", s.name, err)
			c = counts{Failed: 1}
		case failed[s.step] && c.Failed == 0:
			fmt.Fprintf(out, "%s: %s, but exited non-zero (counted as 1 more failed)\n", s.name, c)
			c.Failed++
		default:
			fmt.Fprintf(out, "%s: %s\n", s.name, c)
		}
		delete(failed, s.step)
		sum.add(c)
	}
	for _, step := range failedSteps {
		if failed[step] {
			fmt.Fprintf(out, "make %s: failed (counted as 1 failed)\n", step)
			sum.Failed++
		}
	}
	fmt.Fprintln(out, sum)
	return sum.Failed == 0
}

func readGoCounts(path string) (counts, error) {
	var c counts
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	return c, err
}

// readVitest reads vitest's JSON reporter output (Jest's format).
func readVitest(path string) (counts, error) {
	var v struct {
		NumTotalTests, NumPassedTests, NumFailedTests, NumPendingTests, NumTodoTests int
	}
	b, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil {
		return counts{}, err
	}
	c := counts{Passed: v.NumPassedTests, Failed: v.NumFailedTests, Skipped: v.NumPendingTests + v.NumTodoTests}
	if n := c.Passed + c.Failed + c.Skipped; n != v.NumTotalTests {
		// Tests that neither passed, failed nor were skipped did not finish.
		c.Failed += v.NumTotalTests - n
	}
	return c, nil
}

// readTAP reads the closing comments of node's TAP reporter:
// "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
func readTAP(path string) (counts, error) {
	f, err := os.Open(path)
	if err != nil {
		return counts{}, err
	}
	defer f.Close()
	var c counts
	seen := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, n, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "# "), " ")
		v, err := strconv.Atoi(n)
		if !ok || err != nil || !strings.HasPrefix(sc.Text(), "# ") {
			continue
		}
		switch name {
		case "pass":
			c.Passed, seen = v, true
		case "fail", "cancelled":
			c.Failed += v
		case "skipped", "todo":
			c.Skipped += v
		}
	}
	if err := sc.Err(); err != nil {
		return c, err
	}
	if !seen {
		return c, errors.New("no \"# pass N\" line: the run stopped before its summary")
	}
	return c, nil
}

package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"importops/internal/testenv"
)

// readmeSection is the README section whose shell blocks a newcomer pastes.
const readmeSection = "## Using the API"

// readmeDefaultURL is the address the walk-through falls back to; it may
// appear only in the line that sets that default, so that every request
// follows IMPORTOPS_URL.
const readmeDefaultURL = "http://127.0.0.1:8080"

// TestReadmeWalkthrough runs the README's "Using the API" shell blocks as
// one bash script against `serve --demo`, twice on the same database, as
// an operator following the README would. Each run must create a key, use
// it, revoke that same key (not an id written into the README) and see it
// refused; after both runs the organisation holds two keys, both revoked.
func TestReadmeWalkthrough(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the README walk-through needs %s, which is not on PATH: install %s (make test does)", tool, tool)
		}
	}
	script := readmeScript(t)

	testenv.ForEachDB(t, func(t *testing.T, url string) {
		s := startServer(t, url, "--demo")
		dir := t.TempDir() // the walk-through's jar.txt lives here across both runs
		var ids []string
		for run := 1; run <= 2; run++ {
			out := runWalkthrough(t, s.URL, dir, script)
			id := checkWalkthroughRun(t, run, out)
			for _, prev := range ids {
				if id == prev {
					t.Fatalf("run %d created key %s again: the second run must make its own key", run, id)
				}
			}
			ids = append(ids, id)
		}

		// Through the API, as the demo admin: both keys the walk-through
		// made are revoked (a hard-coded id would leave the second active).
		var keys struct {
			Keys struct {
				Edges []struct {
					Node struct{ ID, Name, Status string }
				}
			}
		}
		s.env(t).SignIn("admin@demo.test", "importops-demo").
			Do(`{ keys(first: 50) { edges { node { id name status } } } }`, nil).Decode(t, &keys)
		var made int
		for _, e := range keys.Keys.Edges {
			if e.Node.Name != "Website inventory sync" {
				continue
			}
			made++
			if e.Node.Status != "REVOKED" {
				t.Errorf("key %s made by the walk-through is %s after both runs, want REVOKED", e.Node.ID, e.Node.Status)
			}
		}
		if made != 2 {
			t.Errorf("the organisation holds %d keys named %q after two runs, want 2", made, "Website inventory sync")
		}
	})
}

// readmeScript returns the ```sh blocks of the README's walk-through
// section joined into one bash script that stops at the first failure.
func readmeScript(t *testing.T) string {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := shellBlocks(string(readme), readmeSection)
	if len(blocks) == 0 {
		t.Fatalf("README.md has no ```sh blocks under %q", readmeSection)
	}
	script := "set -euo pipefail\n" + strings.Join(blocks, "\n")
	if n := strings.Count(script, readmeDefaultURL); n != 1 {
		t.Fatalf("the walk-through names %s %d times, want once (as the default of IMPORTOPS_URL): every request must go to $IMPORTOPS_URL", readmeDefaultURL, n)
	}
	if !strings.Contains(script, "IMPORTOPS_URL=${IMPORTOPS_URL:-"+readmeDefaultURL+"}") {
		t.Fatalf("the walk-through does not default IMPORTOPS_URL to %s", readmeDefaultURL)
	}
	return script
}

// shellBlocks returns the bodies of the ```sh fences in the markdown
// section headed by heading (up to the next "## " heading).
func shellBlocks(markdown, heading string) []string {
	var blocks []string
	var in, inBlock bool
	var cur strings.Builder
	for _, line := range strings.Split(markdown, "\n") {
		switch {
		case !inBlock && strings.HasPrefix(line, "## "):
			in = line == heading
		case in && !inBlock && line == "```sh":
			inBlock = true
			cur.Reset()
		case inBlock && line == "```":
			inBlock = false
			blocks = append(blocks, cur.String())
		case inBlock:
			cur.WriteString(line + "\n")
		}
	}
	return blocks
}

// runWalkthrough runs the script with bash in dir against url and returns
// its standard output, failing the test (with both outputs) if it fails.
func runWalkthrough(t *testing.T, url, dir, script string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(withoutVars(baseEnv(), "IMPORTOPS_URL", "IMPORTOPS_API_KEY"), "IMPORTOPS_URL="+url)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the README walk-through failed (%v)\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func withoutVars(env []string, names ...string) []string {
	var out []string
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// checkWalkthroughRun reads one run's output, the JSON values jq printed
// followed by curl's "HTTP <status>" line, and checks what each step
// showed. It returns the id of the key the run created.
func checkWalkthroughRun(t *testing.T, run int, out string) string {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("run %d: "+format+"\noutput:\n%s", append([]any{run}, append(args, out)...)...)
	}
	body, status, ok := cutLastLine(out)
	if !ok || status != "HTTP 401" {
		fail("the last line is %q, want HTTP 401 for the revoked key", status)
	}
	values, err := jsonValues(body)
	if err != nil {
		fail("the output is not a sequence of JSON values: %v", err)
	}
	refusal := values[len(values)-1]
	if code := str(refusal, "errors", 0, "extensions", "code"); code != "UNAUTHENTICATED" {
		fail("the revoked key's request answered %v, want the code UNAUTHENTICATED", refusal)
	}

	var created, revoked map[string]any
	var usedKey, listed bool
	for _, v := range values[:len(values)-1] {
		obj, _ := v.(map[string]any)
		if obj["errors"] != nil {
			fail("a step was refused before the end: %v", obj)
		}
		switch {
		case obj["revokedAt"] != nil:
			revoked = obj
		case obj["prefix"] != nil && obj["expiresAt"] != nil:
			created = obj
		case get(obj, "data", "vehicles", "totalCount") != nil:
			usedKey = get(obj, "data", "vehicles", "totalCount").(float64) > 0
		case get(obj, "data", "keys") != nil:
			listed = true
		}
	}
	if created == nil || created["status"] != "ACTIVE" {
		fail("no new ACTIVE key shown: %v", created)
	}
	id, _ := created["id"].(string)
	if !usedKey {
		fail("the new key listed no vehicles")
	}
	if !listed {
		fail("the session's keys query showed no keys")
	}
	if revoked == nil || revoked["status"] != "REVOKED" || revoked["id"] != id {
		fail("the key revoked is %v, want the key just created (id %q) with status REVOKED", revoked, id)
	}
	return id
}

func cutLastLine(s string) (rest, last string, ok bool) {
	s = strings.TrimRight(s, "\n")
	i := strings.LastIndexByte(s, '\n')
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+1:], true
}

func jsonValues(s string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	var vs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, errors.New("none")
	}
	return vs, nil
}

// get walks v by map keys and slice indexes; nil when a step is missing.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v any, path ...any) string { s, _ := get(v, path...).(string); return s }

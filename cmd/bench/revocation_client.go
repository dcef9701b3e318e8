package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// The revocation stage's clients: an admin signed in on one replica, and
// integrations hammering the others with a key.

// adminSession is a signed-in admin's cookies and CSRF token on one server.
type adminSession struct {
	base string
	http *http.Client
	csrf string
}

// signInOver signs in over HTTP (scale.go's signIn calls a handler in process).
func signInOver(base, email, password string) (*adminSession, error) {
	jar, _ := cookiejar.New(nil)
	a := &adminSession{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var out struct{}
	err := a.do(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { role } }`,
		map[string]any{"e": email, "p": password}, &out)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(base)
	for _, c := range jar.Cookies(u) {
		if c.Name == "importops_csrf" {
			a.csrf = c.Value
		}
	}
	if a.csrf == "" {
		return nil, fmt.Errorf("signIn set no importops_csrf cookie")
	}
	return a, nil
}

// do posts a GraphQL operation and decodes its data into out.
func (a *adminSession) do(query string, vars map[string]any, out any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, a.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.csrf != "" {
		req.Header.Set("X-CSRF-Token", a.csrf)
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &r); err != nil || len(r.Errors) > 0 || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %d %s", strings.Fields(query)[0], resp.StatusCode, raw)
	}
	return json.Unmarshal(r.Data, out)
}

// newKey creates a key and returns its ID and token.
func (a *adminSession) newKey(name string) (id, token string, err error) {
	var out struct {
		CreateApiKey struct {
			ApiKey struct{ ID string }
			Token  string
		}
	}
	err = a.do(`mutation($n: String!) { createApiKey(input: {name: $n, expiry: THREE_MONTHS}) { apiKey { id } token } }`,
		map[string]any{"n": name}, &out)
	return out.CreateApiKey.ApiKey.ID, out.CreateApiKey.Token, err
}

// call is one hammering request: when it started, and whether it was
// served (200 with data, no error).
type call struct {
	start  time.Time
	served bool
}

// hammer sends the key's requests to each base URL from perTarget
// keep-alive clients each, as fast as they are answered, until stop is
// closed; warm is closed once every client has been served a few times.
func hammer(bases []string, perTarget int, token string, warm, stop chan struct{}) [][]call {
	const warmAfter = 5
	var wg, warmed sync.WaitGroup
	streams := make([][]call, len(bases)*perTarget)
	for i := range streams {
		warmed.Add(1)
		wg.Go(func() {
			client := &http.Client{Timeout: 30 * time.Second}
			served, signalled := 0, false
			for {
				select {
				case <-stop:
					if !signalled {
						warmed.Done()
					}
					return
				default:
				}
				c := call{start: time.Now(), served: serve(client, bases[i/perTarget], token)}
				streams[i] = append(streams[i], c)
				if c.served {
					served++
				}
				if served >= warmAfter && !signalled {
					warmed.Done()
					signalled = true
				}
			}
		})
	}
	go func() { warmed.Wait(); close(warm) }()
	wg.Wait()
	return streams
}

const hammerQuery = `{"query":"{ vehicles(first: 1) { totalCount } }"}`

func serve(client *http.Client, base, token string) bool {
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(hammerQuery))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode == http.StatusOK && bytes.Contains(raw, []byte(`"totalCount":`)) && !bytes.Contains(raw, []byte(`"errors"`))
}

// cliRun runs an importops command on dbURL.
func cliRun(ctx context.Context, bin, dbURL, stdin string, args ...string) error {
	cmd := exec.CommandContext(ctx, bin, append(args, "--db", dbURL)...)
	cmd.Stdin = strings.NewReader(stdin)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("importops %s: %v: %s", strings.Join(args, " "), err, errOut.String())
	}
	return nil
}

package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"importops/ent/apikey"
	"importops/internal/testenv"
)

// TestGracefulShutdown: on SIGTERM the server stops accepting connections,
// finishes the request in flight, and exits 0. The request is held in
// flight by sending its body only after SIGTERM.
func TestGracefulShutdown(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, url string) {
		c := cli{t, url}
		c.run("", "org", "create", "--slug", "acme", "--name", "Acme Imports", "--plan", "pro")
		c.run("", "user", "create", "--staff", "--email", "sam@importops.test", "--name", "Sam Support")
		tok := issuedToken(t, run(t, url, "", "key", "issue", "--org", "acme", "--name", "Slow client", "--by", "sam@importops.test"))

		srv := startServer(t, url)
		addr := strings.TrimPrefix(srv.URL, "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(cmdTimeout))
		body := `{"query":"{ vehicles { totalCount } viewer { organization { slug } } }"}`
		// Expect: 100-continue makes the server say when the handler starts
		// reading the body: from then on the request is in flight.
		fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\n"+
			"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, tok, len(body))
		replies := bufio.NewReader(conn)
		cont, err := http.ReadResponse(replies, nil)
		if err != nil || cont.StatusCode != http.StatusContinue {
			t.Fatalf("want 100 Continue once the handler reads the body, got %v, %v", cont, err)
		}

		srv.terminate()
		// The server stops accepting connections while the request is still
		// in flight. (Polled: the listener closes just after the signal.)
		deadline := time.Now().Add(stopTimeout)
		for {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				break
			}
			c.Close()
			select {
			case <-srv.done:
				t.Fatalf("the server exited (%v) with a request in flight; log:\n%s", srv.exit, srv.logs.String())
			default:
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s after SIGTERM the server still accepts connections on %s; log:\n%s", stopTimeout, addr, srv.logs.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
		// ...but finishes the request in flight.
		if _, err := io.WriteString(conn, body); err != nil {
			t.Fatalf("sending the rest of the request: %v", err)
		}
		resp, err := http.ReadResponse(replies, nil)
		if err != nil {
			t.Fatalf("the request in flight got no response: %v; log:\n%s", err, srv.logs.String())
		}
		defer resp.Body.Close()
		var out struct {
			Data struct {
				Vehicles struct{ TotalCount int }
				Viewer   struct{ Organization struct{ Slug string } }
			}
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatalf("decoding the response: %v", err)
		}
		if resp.StatusCode != 200 || len(out.Errors) > 0 || out.Data.Viewer.Organization.Slug != "acme" {
			t.Errorf("the request in flight got %d %+v, want 200 with acme's data", resp.StatusCode, out)
		}
		srv.waitExit()
		if logs := srv.logs.String(); !strings.Contains(logs, "shutting down") || !strings.Contains(logs, `"stopped"`) {
			t.Errorf("the log does not tell of the shutdown:\n%s", logs)
		}
		if _, err := http.Get(srv.URL + "/healthz"); err == nil {
			t.Errorf("after exiting, %s still answers", srv.URL)
		}
		// The last-used flush on the way out came after the drain, so it
		// recorded the request that finished during it.
		k, err := testenv.Open(t, url).APIKey.Query().Where(apikey.Prefix(tok[:12])).Only(testenv.System())
		if err != nil {
			t.Fatal(err)
		}
		if k.LastUsedAt == nil {
			t.Errorf("the request finished during the drain was not flushed as the key's last use")
		}
	})
}

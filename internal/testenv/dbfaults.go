package testenv

import (
	"database/sql"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Helpers for the database fault tests (internal/server/dbfaults_test.go,
// cmd/importops/dbfaults_test.go): a TCP proxy of the test's own between
// the server and PostgreSQL, so that an outage can be staged without
// stopping the PostgreSQL server that other tests share.

// DBProxy forwards TCP connections from a loopback port to PostgreSQL.
// Cut stages an outage (new connections are refused, open ones dropped),
// Restore ends it on the same port, and BlackHole stages a database that
// accepts connections but never answers.
type DBProxy struct {
	t      testing.TB
	target string // PostgreSQL's host:port
	addr   string // the proxy's own 127.0.0.1:port, kept across outages

	mu    sync.Mutex
	ln    net.Listener // nil while cut
	hole  bool         // accept, but never forward
	conns map[net.Conn]struct{}
	wg    sync.WaitGroup
}

// NewDBProxy starts a proxy to the PostgreSQL server of dbURL (a URL from
// PostgresURL) and returns it with the URL that reaches the same database
// through it. It is stopped after the test.
func NewDBProxy(t testing.TB, dbURL string) (*DBProxy, string) {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil || u.Host == "" {
		t.Fatalf("proxying %q: not a postgres:// URL with a host (%v)", dbURL, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("starting the database proxy: %v", err)
	}
	p := &DBProxy{t: t, target: u.Host, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}}
	p.serve(ln)
	t.Cleanup(func() {
		p.Cut()
		p.wg.Wait()
	})
	u.Host = p.addr
	return p, u.String()
}

// Cut stages an outage: the port stops listening (new connections are
// refused) and every proxied connection is closed.
func (p *DBProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.dropLocked()
}

// Restore ends an outage or a black hole: the proxy listens again on the
// same port and forwards new connections.
func (p *DBProxy) Restore() {
	p.t.Helper()
	p.mu.Lock()
	p.hole = false
	listening := p.ln != nil
	p.mu.Unlock()
	if listening {
		return
	}
	var ln net.Listener
	var err error
	// The port was ours a moment ago; retry briefly in case the kernel
	// has not let go of it yet.
	for range 50 {
		if ln, err = net.Listen("tcp", p.addr); err == nil || !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		p.t.Fatalf("listening again on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// BlackHole stages a database that is there but does not answer: open
// connections are dropped, and new ones are accepted and then held
// without a byte in reply, as behind a firewall that drops packets.
func (p *DBProxy) BlackHole() {
	p.t.Helper()
	p.Cut()
	p.Restore()
	p.mu.Lock()
	p.hole = true
	p.mu.Unlock()
}

func (p *DBProxy) dropLocked() {
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

func (p *DBProxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return // closed by Cut
			}
			p.mu.Lock()
			if p.ln != ln { // cut while accepting
				p.mu.Unlock()
				c.Close()
				return
			}
			p.conns[c] = struct{}{}
			hole := p.hole
			p.mu.Unlock()
			if hole {
				continue // held open, never answered, closed by Cut
			}
			p.wg.Go(func() { p.forward(c) })
		}
	})
}

func (p *DBProxy) forward(client net.Conn) {
	upstream, err := net.Dial("tcp", p.target)
	if err != nil {
		p.forget(client)
		return
	}
	p.mu.Lock()
	if _, live := p.conns[client]; !live { // cut while dialling
		p.mu.Unlock()
		upstream.Close()
		return
	}
	p.conns[upstream] = struct{}{}
	p.mu.Unlock()
	var once sync.Once
	closeBoth := func() {
		once.Do(func() {
			p.forget(client)
			p.forget(upstream)
		})
	}
	p.wg.Go(func() {
		io.Copy(upstream, client)
		closeBoth()
	})
	io.Copy(client, upstream)
	closeBoth()
}

func (p *DBProxy) forget(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

// TerminateBackends ends, from an administrator's connection, every
// PostgreSQL session connected to the database of dbURL, as a restart
// of PostgreSQL or an operator's pg_terminate_backend would, and returns
// how many it ended.
func TerminateBackends(t testing.TB, dbURL string) int {
	t.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatalf("parsing %q: %v", dbURL, err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("postgres", PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var n int
	err = admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = $1 AND pid <> pg_backend_pid()`, name).Scan(&n)
	if err != nil {
		t.Fatalf("terminating the sessions of %s: %v", name, err)
	}
	return n
}

// Guarded returns a copy of c (same cookies and headers) whose requests
// give up after d, so that a server that hangs fails the test with a
// message instead of stalling it. d is a guard, not a timing assertion.
func (c *Client) Guarded(d time.Duration) *Client {
	cp := *c
	h := *c.http
	h.Timeout = d
	cp.http = &h
	return &cp
}

// Health GETs /healthz, giving up after guard, and returns its status and
// body.
func (e *Env) Health(guard time.Duration) (int, string) {
	e.T.Helper()
	resp, err := (&http.Client{Timeout: guard}).Get(e.URL + "/healthz")
	if err != nil {
		e.T.Fatalf("GET /healthz: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

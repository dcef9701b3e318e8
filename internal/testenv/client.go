package testenv

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Client sends GraphQL requests the way a caller would: a browser that
// keeps cookies and sends the CSRF header, or an integration with a key.
type Client struct {
	env    *Env
	http   *http.Client
	header http.Header
	// NoCSRF stops the client from sending X-CSRF-Token.
	NoCSRF bool
}

// Response is a decoded GraphQL response.
type Response struct {
	Status int
	Header http.Header
	Data   json.RawMessage
	Errors []Error
	Raw    string
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Anonymous returns a client with a cookie jar and no credentials.
func (e *Env) Anonymous() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{env: e, http: &http.Client{Jar: jar}, header: http.Header{}}
}

// Bearer returns a client that sends token as an API key.
func (e *Env) Bearer(token string) *Client {
	c := e.Anonymous()
	c.header.Set("Authorization", "Bearer "+token)
	return c
}

// SignIn returns a client signed in as email, failing the test otherwise.
func (e *Env) SignIn(email, password string) *Client {
	e.T.Helper()
	c := e.Anonymous()
	r := c.Do(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { user { id } } }`,
		Vars{"e": email, "p": password})
	if r.Status != 200 || len(r.Errors) > 0 {
		e.T.Fatalf("signing in as %s: %d %s", email, r.Status, r.Raw)
	}
	return c
}

// Header returns the headers the client adds to each request.
func (c *Client) Header() http.Header { return c.header }

// Cookie returns the value of a cookie the client holds for the server.
func (c *Client) Cookie(name string) string {
	u, _ := url.Parse(c.env.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// Vars are GraphQL variables.
type Vars map[string]any

// Do POSTs a query with variables.
func (c *Client) Do(query string, vars Vars) *Response {
	c.env.T.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.env.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return c.Send(req)
}

// Send sends a prepared request with the client's credentials.
func (c *Client) Send(req *http.Request) *Response {
	c.env.T.Helper()
	for k, vs := range c.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if csrf := c.Cookie("importops_csrf"); csrf != "" && !c.NoCSRF && req.Header.Get("X-CSRF-Token") == "" {
		req.Header.Set("X-CSRF-Token", csrf)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.env.T.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	r := &Response{Status: resp.StatusCode, Header: resp.Header, Raw: buf.String()}
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
			c.env.T.Fatalf("decoding %q: %v", buf.String(), err)
		}
	}
	r.Data, r.Errors = out.Data, out.Errors
	return r
}

// Decode unmarshals the response's data into v, failing on any error.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 || r.Status != 200 {
		t.Fatalf("want data, got %d %s", r.Status, r.Raw)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decoding data %s: %v", r.Data, err)
	}
}

// Code returns the first error's code, or "" when there is none.
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Code()
}

// Message returns the first error's message, or "".
func (r *Response) Message() string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// WantError fails the test unless the response's first error has code and
// its HTTP status is status.
func (r *Response) WantError(t testing.TB, status int, code string) {
	t.Helper()
	if r.Status != status || r.Code() != code {
		t.Fatalf("want HTTP %d with code %s, got %d %s", status, code, r.Status, r.Raw)
	}
}

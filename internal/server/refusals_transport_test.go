package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"importops/ent/organization"
	"importops/internal/testenv"
)

// wantCodedRefusal fails unless resp is GraphQL's JSON with one error
// coded BAD_USER_INPUT, status status, and a message that says mention.
func wantCodedRefusal(t *testing.T, what string, resp *http.Response, body string, status int, mention string) {
	t.Helper()
	var out struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
		json.Unmarshal([]byte(body), &out) != nil || len(out.Errors) != 1 {
		t.Errorf("%s: %d %s %.300q, want %d with GraphQL's JSON", what, resp.StatusCode, resp.Header.Get("Content-Type"), body, status)
		return
	}
	if e := out.Errors[0]; e.Extensions.Code != "BAD_USER_INPUT" || !strings.Contains(e.Message, mention) {
		t.Errorf("%s: error %+v, want code BAD_USER_INPUT and a message saying %q", what, e, mention)
	}
}

// TestTransportRefusalsAreCoded: wrong methods, content types, oversized
// or unreadable bodies on /graphql are answered in GraphQL's JSON with a
// code and the status that names the problem, and nothing is executed.
func TestTransportRefusalsAreCoded(t *testing.T) {
	testenv.ForEachDB(t, func(t *testing.T, dbURL string) {
		env := testenv.New(t, dbURL)
		org := env.Org("acme", organization.PlanPRO)
		tok, _ := env.IssueKey(org, "vehicles.read", "vehicles.write")
		mutation := `{"query":"` + strings.ReplaceAll(authCreateVehicle, `"`, `\"`) + `"}`
		send := func(method, contentType string, body *strings.Reader) (*http.Response, string) {
			req, _ := http.NewRequest(method, env.URL+"/graphql", body)
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			req.Header.Set("Authorization", "Bearer "+tok)
			return authRaw(t, req)
		}

		for _, m := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodHead, "PROPFIND"} {
			resp, body := send(m, "application/json", strings.NewReader(mutation))
			if m == http.MethodHead {
				// No body to a HEAD: the status and Allow still say it.
				if resp.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("HEAD: %d, want 405", resp.StatusCode)
				}
			} else {
				wantCodedRefusal(t, m, resp, body, http.StatusMethodNotAllowed, "POST a JSON body")
			}
			if allow := resp.Header.Get("Allow"); allow != "GET, POST" {
				t.Errorf("%s: Allow = %q, want \"GET, POST\"", m, allow)
			}
		}

		// A mutation over GET: 405 with Allow too.
		get, _ := http.NewRequest(http.MethodGet, env.URL+"/graphql?"+url.Values{"query": {authCreateVehicle}}.Encode(), nil)
		get.Header.Set("Authorization", "Bearer "+tok)
		resp, body := authRaw(t, get)
		wantCodedRefusal(t, "mutation over GET", resp, body, http.StatusMethodNotAllowed, "POST")
		if allow := resp.Header.Get("Allow"); allow != "GET, POST" {
			t.Errorf("mutation over GET: Allow = %q, want \"GET, POST\"", allow)
		}

		var mp bytes.Buffer
		mw := multipart.NewWriter(&mp)
		mw.WriteField("operations", mutation)
		mw.Close()
		for _, tc := range []struct{ contentType, body string }{
			{"application/x-www-form-urlencoded", url.Values{"query": {authCreateVehicle}}.Encode()},
			{mw.FormDataContentType(), mp.String()},
			{"text/plain", mutation},
			{"", mutation},
			{"application/graphql", authCreateVehicle},
			{"application/json;;;", mutation},
		} {
			resp, body := send(http.MethodPost, tc.contentType, strings.NewReader(tc.body))
			wantCodedRefusal(t, "Content-Type "+tc.contentType, resp, body, http.StatusUnsupportedMediaType, "Content-Type: application/json")
		}

		// Over 1 MiB, declared and streamed.
		big := `{"query":"` + strings.ReplaceAll(authCreateVehicle, `"`, `\"`) + ` #` + strings.Repeat("x", 1<<20) + `"}`
		resp, body = send(http.MethodPost, "application/json", strings.NewReader(big))
		wantCodedRefusal(t, "body over 1 MiB", resp, body, http.StatusRequestEntityTooLarge, "1 MiB")
		req, _ := http.NewRequest(http.MethodPost, env.URL+"/graphql", struct{ *strings.Reader }{strings.NewReader(big)})
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, body = authRaw(t, req)
		wantCodedRefusal(t, "chunked body over 1 MiB", resp, body, http.StatusRequestEntityTooLarge, "1 MiB")

		// A body that cannot be read: broken chunked encoding.
		status, header, body := rawExchange(t, env.URL, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
			"Authorization: Bearer "+tok+"\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
		wantCodedRefusal(t, "unreadable body", &http.Response{StatusCode: status, Header: header}, body, http.StatusBadRequest, "request body")

		// A body that is not JSON at all is still gqlgen's 400, coded.
		resp, body = send(http.MethodPost, "application/json", strings.NewReader(`{"query": `))
		wantCodedRefusal(t, "truncated JSON", resp, body, http.StatusBadRequest, "json")

		if n := env.DB.Vehicle.Query().CountX(testenv.System()); n != 0 {
			t.Errorf("%d vehicles created by refused requests", n)
		}

		// The page keeps its plain-text answers.
		req, _ = http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(big))
		if resp, _ := authRaw(t, req); resp.StatusCode != http.StatusRequestEntityTooLarge || strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("large POST to the page: %d %s, want a plain 413", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})
}

// rawExchange sends request as written, over one connection, and returns
// the response's status, headers and body.
func rawExchange(t *testing.T, baseURL, request string) (int, http.Header, string) {
	t.Helper()
	u, _ := url.Parse(baseURL)
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(request)); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, resp.Header, b.String()
}

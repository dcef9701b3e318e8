// Package leaks is POST /api/leaked-keys, where secret scanners (GitHub's
// secret scanning partner program, and anyone else) report tokens found in
// public. It is public: the token is the proof, and ending an exposed key
// is always safe. Each active key reported is revoked at once (reason
// EXPOSED, with an api_key.exposed audit entry naming the source and URL);
// the answer labels each token true_positive or false_positive and says
// nothing about whose key it was.
package leaks

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"

	"importops/internal/apierr"
	"importops/internal/apikey"
	"importops/internal/clientip"
	"importops/internal/failures"
	"importops/internal/reqlog"
	"importops/internal/textcheck"
)

const (
	// Path is the endpoint's path.
	Path = "/api/leaked-keys"
	// TokenType is the type scanners give our tokens.
	TokenType = "importops_api_key"
	// MaxReports is the most tokens one request may report (a scanner
	// sends bigger finds in several requests).
	MaxReports = 100
	// MaxBody bounds a request's body: 100 reports with URLs of a few
	// hundred characters fit several times over.
	MaxBody = 64 << 10
	// RequestsPerMinute is each client address's allowance (an IPv6
	// client's /64 counts as one, see clientip.Key). A scanner's batch is
	// one request, so even a wave of finds stays far below it, while one
	// address cannot make the server revoke-and-look-up without end.
	RequestsPerMinute = 30

	// Lengths kept of a report's source and URL in the audit log: the
	// report is anyone's words, so they are cut short and cleaned.
	maxSource = 60
	maxURL    = 300
)

// Handler serves Path.
type Handler struct {
	keys    *apikey.Service
	clients *clientip.Resolver
	limit   *failures.Limiter
	log     *slog.Logger
}

// New returns the endpoint. trusted are the proxies whose X-Forwarded-For
// names the client (serve --trusted-proxy), as for the rest of the service.
func New(keys *apikey.Service, trusted []netip.Prefix, log *slog.Logger) *Handler {
	return &Handler{keys: keys, clients: clientip.New(trusted),
		// Every request counts against the address, not only failures:
		// the limiter's "failure" is here simply a request.
		limit: failures.New(RequestsPerMinute, time.Minute), log: log}
}

// report is one entry of a scanner's request. Fields scanners add later
// are ignored.
type report struct {
	Token  *string `json:"token"`
	Type   string  `json:"type"`
	URL    string  `json:"url"`
	Source string  `json:"source"`
}

// label is the answer about one reported token.
type label struct {
	TokenRaw  string `json:"token_raw"`
	TokenType string `json:"token_type"`
	Label     string `json:"label"`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	addr := h.clients.Resolve(r).Key()
	if wait := h.limit.Wait(addr); wait > 0 {
		reqlog.FromContext(r.Context()).SetLimit("leaked_keys")
		reqlog.WriteError(w, r, &apierr.Error{Code: apierr.RateLimited, RetryAfter: wait,
			Message: fmt.Sprintf("Too many reports from this address: at most %d requests a minute (of up to %d tokens each); try again in %d seconds",
				RequestsPerMinute, MaxReports, apierr.RetryAfterSeconds(wait))})
		return
	}
	h.limit.Fail(addr)

	reports, status, err := read(r)
	if err != nil {
		if status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", http.MethodPost)
		}
		reqlog.FromContext(r.Context()).NoteError(err.Code)
		apierr.WriteHTTPStatus(w, status, err)
		return
	}
	answer, e := h.handle(r, reports)
	if e != nil {
		id := reqlog.FromContext(r.Context()).ID
		public, internal := apierr.Public(e, id)
		if internal {
			h.log.Error("revoking reported keys", "err", e, "request_id", id)
		}
		reqlog.WriteError(w, r, public)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(answer)
}

// handle revokes what is ours and labels every report, in order. A report
// of another type is not about our tokens: it is labelled false_positive
// without a lookup.
func (h *Handler) handle(r *http.Request, reports []report) ([]label, error) {
	var exposures []apikey.Exposure
	var at []int // at[j] is the report exposures[j] comes from
	for i, rep := range reports {
		if rep.Type != TokenType {
			continue
		}
		exposures = append(exposures, apikey.Exposure{
			Token:    *rep.Token,
			Reporter: reporter(rep.Source),
			Detail:   where(rep.URL),
		})
		at = append(at, i)
	}
	ours, err := h.keys.ReportExposed(r.Context(), exposures)
	if err != nil {
		return nil, err
	}
	answer := make([]label, len(reports))
	for i, rep := range reports {
		answer[i] = label{TokenRaw: *rep.Token, TokenType: rep.Type, Label: "false_positive"}
	}
	for j, i := range at {
		if ours[j] {
			answer[i].Label = "true_positive"
		}
	}
	return answer, nil
}

// read checks the request and decodes its reports, or says why not with
// the status to answer.
func read(r *http.Request) ([]report, int, *apierr.Error) {
	bad := func(format string, args ...any) ([]report, int, *apierr.Error) {
		return nil, http.StatusBadRequest, apierr.Newf(apierr.BadUserInput, format, args...)
	}
	if r.Method != http.MethodPost {
		return nil, http.StatusMethodNotAllowed, apierr.Newf(apierr.BadUserInput,
			"Method %s is not supported: POST a JSON array of reports with Content-Type: application/json", r.Method)
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, http.StatusUnsupportedMediaType, apierr.New(apierr.BadUserInput,
			"Send the reports as JSON, with Content-Type: application/json")
	}
	tooLarge := apierr.Newf(apierr.BadUserInput, "Request body too large: the limit is %d KiB; send at most %d reports a request", MaxBody>>10, MaxReports)
	if r.ContentLength > MaxBody {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxBody+1))
	if err != nil {
		return bad("Could not read the request body: send it whole, with a correct Content-Length or chunked encoding")
	}
	if len(body) > MaxBody {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	var reports []*report
	if err := json.Unmarshal(body, &reports); err != nil || reports == nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return bad("The body must be a JSON array of reports: %s must be a string", typeErr.Field)
		}
		return bad(`The body must be a JSON array of reports like {"token": "iops_…", "type": %q, "url": "…", "source": "…"}`, TokenType)
	}
	if len(reports) > MaxReports {
		return bad("Too many reports: at most %d a request, this one has %d; send the rest in further requests", MaxReports, len(reports))
	}
	out := make([]report, len(reports))
	for i, rep := range reports {
		switch {
		case rep == nil:
			return bad("Report %d is not an object: each must be like {\"token\": \"iops_…\", \"type\": %q, …}", i+1, TokenType)
		case rep.Token == nil || *rep.Token == "":
			return bad("Report %d has no token", i+1)
		}
		out[i] = *rep
	}
	return out, 0, nil
}

// reporter is the audit entry's actor name for a report from source.
func reporter(source string) string {
	if s := clean(source, maxSource); s != "" {
		return "Secret scanner: " + s
	}
	return "Secret scanner"
}

// where is the audit entry's detail for a token found at url.
func where(url string) string {
	if u := clean(url, maxURL); u != "" {
		return "Found at " + u
	}
	return ""
}

// clean keeps s's visible characters and spaces (a report is anyone's
// words, shown in the audit log: no control, invisible or
// direction-changing characters), cut to max characters with an ellipsis.
func clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if r == utf8.RuneError || !(r == ' ' || textcheck.Visible(r)) {
			continue
		}
		if n == max {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}

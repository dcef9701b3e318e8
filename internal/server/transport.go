package server

import (
	"mime"
	"net/http"

	"importops/internal/apierr"
	"importops/internal/reqlog"
)

// allowedMethods is the Allow header of /graphql's 405s: GET (queries
// only) and POST. OPTIONS is CORS's preflight, answered before this.
const allowedMethods = "GET, POST"

// apiHeaders sets the headers every /graphql response carries, whatever
// answers it (GraphQL, authentication, a transport refusal, a CORS
// preflight): responses hold tokens and other secrets (createApiKey's), so
// no cache may keep them, and no browser may guess their type.
func apiHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// graphqlTransport refuses, in GraphQL's JSON with a code, the requests
// gqlgen's transports would turn away with an uncoded "transport not
// supported": other methods than GET and POST (405, with Allow), a POST
// that is not JSON (415), and protocol upgrades (websockets, 400).
func graphqlTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method != http.MethodGet && r.Method != http.MethodPost:
			w.Header().Set("Allow", allowedMethods)
			refuse(w, r, http.StatusMethodNotAllowed, "Method "+r.Method+" is not supported: POST a JSON body with Content-Type: application/json, or GET a query")
		case r.Header.Get("Upgrade") != "":
			refuse(w, r, http.StatusBadRequest, "Protocol upgrades (such as websockets) are not supported: POST a JSON body with Content-Type: application/json")
		case r.Method == http.MethodPost && !isJSON(r.Header.Get("Content-Type")):
			refuse(w, r, http.StatusUnsupportedMediaType, "Content type "+quoteOrNone(r.Header.Get("Content-Type"))+" is not supported: POST a JSON body with Content-Type: application/json")
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func isJSON(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	return err == nil && mediaType == "application/json"
}

func quoteOrNone(s string) string {
	if s == "" {
		return "(none)"
	}
	if len(s) > 100 {
		s = s[:100] + "…"
	}
	return `"` + s + `"`
}

// refuse answers a request /graphql cannot take as GraphQL's JSON with
// code BAD_USER_INPUT and the status given.
func refuse(w http.ResponseWriter, r *http.Request, status int, message string) {
	reqlog.FromContext(r.Context()).NoteError(apierr.BadUserInput)
	apierr.WriteHTTPStatus(w, status, apierr.New(apierr.BadUserInput, message))
}

package server

import (
	"context"
	"errors"
	"log/slog"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"importops/graph"
	"importops/graph/generated"
	"importops/internal/apierr"
	"importops/internal/authz"
	"importops/internal/reqlog"
)

// complexityLimit bounds the work one query may ask for (see complexity.go):
// a field costs 1, a field that runs a query 25 (each root field, each
// totalCount, each edge a list loads with its page: once per list), and a
// list's items cost their fields times the page size. So the settings
// page's keys(first: 100) with every field, its four key edges and
// totalCount costs about 2,850, and `vehicles(first: 100) { totalCount
// pageInfo { hasNextPage endCursor } edges { cursor node { <8 fields> } } }`
// about 1,150: four of those fit, five do not. 300 aliased `vehicles(first:
// 1) { totalCount }` cost 50 each, 15,000, and are refused before any
// resolver runs; at most 100 such queries fit in one request.
const complexityLimit = 5000

// maxDepth bounds nesting. The deepest real query of this schema is
// auditLog → edges → node → apiKey → createdBy → name (6); the standard
// introspection query nests its type references to about 12.
const maxDepth = 15

// parserTokenLimit bounds the size of a query before it is even parsed.
const parserTokenLimit = 10_000

func newGraphQL(r *graph.Resolver, log *slog.Logger) *handler.Server {
	cfg := generated.Config{Resolvers: r}
	cfg.Directives.Admin = authz.Admin
	cfg.Directives.HasScope = authz.HasScope

	srv := handler.New(generated.NewExecutableSchema(cfg))
	// JSON over POST, and GET for queries only (gqlgen's GET transport
	// refuses mutations). No form, multipart or websocket transports.
	srv.AddTransport(transport.GET{})
	srv.AddTransport(rawPOST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	for _, ext := range extensions() {
		srv.Use(ext)
	}
	srv.SetParserTokenLimit(parserTokenLimit)
	srv.SetDisableSuggestion(true)
	srv.SetErrorPresenter(presenter(log))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		log.Error("panic in a resolver", "panic", p, "request_id", reqlog.FromContext(ctx).ID)
		return errors.New("panic") // presented as INTERNAL
	})
	return srv
}

// extensions are the server's gqlgen extensions, in order. None
// intercepts fields: an interceptor would not see the fields marshalled
// directly (internal/plainfield), and costs closures on every field that
// it does see (TestNoFieldInterceptors).
func extensions() []graphql.HandlerExtension {
	return []graphql.HandlerExtension{
		extension.Introspection{},
		operationLabel{}, // first: refused operations are labelled too
		oneSignIn{},
		costLimit(complexityLimit),
		depthLimit(maxDepth),
		getQueriesOnly{},
		authz.CSRFGuard{},
		rootFieldLimit(rootFieldsAtOnce),
	}
}

// presenter gives every error its code. Errors not meant for the caller
// become INTERNAL with the request id, their detail going to the log.
func presenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if requestError(err) {
			// gqlgen refusing the request itself: a body that is not JSON,
			// a query that does not parse, match the schema, or stay within
			// the limits. All are the caller's to fix. A transport's message
			// may quote the body, passwords and all, so that part is cut.
			msg, _, _ := strings.Cut(gqlErr.Message, " body:")
			gqlErr.Message = msg
			gqlErr.Extensions = apierr.Input(variableField(gqlErr.Path), msg).Extensions()
			reqlog.FromContext(ctx).NoteError(apierr.BadUserInput)
			return gqlErr
		}
		entry := reqlog.FromContext(ctx)
		if e := timeoutError(ctx, err); e != nil {
			err = e
		}
		public, internal := apierr.Public(err, entry.ID)
		entry.NoteError(public.Code)
		if internal && !abandoned(ctx) {
			log.Error("resolver error", "err", err, "path", gqlErr.Path.String(), "request_id", entry.ID)
		}
		if public.Code == apierr.Unavailable || public.Code == apierr.RateLimited {
			entry.SetStatus(public.Code.HTTPStatus(), public.RetryAfter)
		}
		gqlErr.Message = public.Message
		gqlErr.Extensions = public.Extensions()
		return gqlErr
	}
}

// requestError reports whether err is gqlgen's own refusal of a request,
// as opposed to an error from a resolver (which has a path, or wraps one).
func requestError(err error) bool {
	var gqlErr *gqlerror.Error
	if _, ours := apierr.As(err); ours || !errors.As(err, &gqlErr) {
		return false
	}
	return gqlErr.Extensions["code"] != nil || (gqlErr.Err == nil && len(gqlErr.Path) == 0)
}

// variableField is the input field a variable's refusal is about: gqlgen
// gives those the path variable.input.expiry ("expiry"); "" otherwise.
func variableField(path ast.Path) string {
	if len(path) < 2 || path[0] != ast.PathName("variable") {
		return ""
	}
	for i := len(path) - 1; i > 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return ""
}

// abandoned reports whether the client went away: every resolver still
// running then fails (the database cancels their queries), which is no
// bug; the request's one log line says "abandoned" instead (reqlog).
func abandoned(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.Canceled)
}

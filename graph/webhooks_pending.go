package graph

import "importops/internal/apierr"

// errWebhooksPending answers the webhook operations until issue 10's
// delivery engine lands; the schema is the contract's so the page and the
// server can be built side by side.
var errWebhooksPending = apierr.New(apierr.Unavailable, "Webhooks are not available yet")

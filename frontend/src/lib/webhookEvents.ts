// The events a webhook can subscribe to (webhook.test is only ever sent by "Send test").
export const webhookEvents: [event: string, label: string][] = [
  ['api_key.created', 'Key created'],
  ['api_key.revoked', 'Key revoked'],
  ['api_key.rotated', 'Key rotated'],
  ['api_key.exposed', 'Key reported exposed'],
  ['api_key.expiring', 'Key expiring soon (14, 7 and 1 days before)'],
  ['api_key.expired', 'Key expired'],
];

/** How many of each webhook's latest deliveries the page shows. */
export const DELIVERIES_SHOWN = 10;

/** At most this many webhooks per organisation. */
export const MAX_WEBHOOKS = 5;

// What each audit action is called on the page, in the order the filter offers them.
export const auditActions: [action: string, label: string][] = [
  ['api_key.created', 'Created key'],
  ['api_key.revoked', 'Revoked key'],
  ['api_key.rotated', 'Rotated key'],
  ['api_key.exposed', 'Key reported exposed'],
  ['api_key.renamed', 'Renamed key'],
  ['api_key.allowed_ips_changed', 'Changed allowed addresses'],
  ['key_policy.updated', 'Changed key policy'],
  ['webhook.created', 'Added webhook'],
  ['webhook.deleted', 'Deleted webhook'],
  ['organization.plan_changed', 'Plan changed'],
];

const labels = new Map(auditActions);

/** The label for an action; an action this page does not know yet shows as sent. */
export const actionLabel = (action: string) => labels.get(action) ?? action;

export const SUPPORT_NAME = 'ImportOps support';

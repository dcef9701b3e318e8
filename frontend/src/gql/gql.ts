/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Viewer {\n    viewer {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n": typeof types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n    revocationReason\n    createdBy { id name }\n    revokedBy { id name }\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  fragment ApiKeyLinks on ApiKey {\n    replacedBy { id name prefix }\n    replaces { id name prefix }\n  }\n": typeof types.ApiKeyLinksFragmentDoc,
    "\n  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $search: String) {\n    keys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    active: keys(first: 1, filter: { status: [ACTIVE], search: $search }) { totalCount }\n    revoked: keys(first: 1, filter: { status: [REVOKED], search: $search }) { totalCount }\n    expired: keys(first: 1, filter: { status: [EXPIRED], search: $search }) { totalCount }\n  }\n": typeof types.KeysDocument,
    "\n  query KeyPolicy {\n    viewer { organization { id maxKeyLifetimeDays } }\n  }\n": typeof types.KeyPolicyDocument,
    "\n  mutation SetKeyPolicy($maxLifetimeDays: Int) {\n    setKeyPolicy(maxLifetimeDays: $maxLifetimeDays) { id maxKeyLifetimeDays }\n  }\n": typeof types.SetKeyPolicyDocument,
    "\n  query Key($id: ID!) {\n    key(id: $id) {\n      ...ApiKeyFields\n      ...ApiKeyLinks\n      allowedIps lastUsedIp lastUsedUserAgent\n      usage(days: 30) { date requests refused }\n    }\n  }\n": typeof types.KeyDocument,
    "\n  query KeyAudit($first: Int!, $after: String, $apiKeyId: ID!) {\n    auditLog(first: $first, after: $after, filter: { apiKeyId: $apiKeyId }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id action actorName bySupport detail createdAt } }\n    }\n  }\n": typeof types.KeyAuditDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey { ...ApiKeyFields }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { apiKey { ...ApiKeyFields } }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $overlap: RotationOverlap!) {\n    rotateApiKey(id: $id, overlap: $overlap) {\n      token\n      apiKey { ...ApiKeyFields ...ApiKeyLinks }\n      previous { ...ApiKeyFields ...ApiKeyLinks }\n    }\n  }\n": typeof types.RotateApiKeyDocument,
    "\n  mutation RenameApiKey($id: ID!, $name: String!) {\n    renameApiKey(id: $id, name: $name) { ...ApiKeyFields }\n  }\n": typeof types.RenameApiKeyDocument,
    "\n  mutation SetApiKeyAllowedIps($id: ID!, $cidrs: [String!]!) {\n    setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { ...ApiKeyFields allowedIps }\n  }\n": typeof types.SetApiKeyAllowedIpsDocument,
    "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id action actorName bySupport detail createdAt\n          apiKey { id name prefix }\n        }\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query Webhooks($deliveries: Int!) {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  fragment WebhookFields on Webhook {\n    id url events createdAt\n    deliveries(first: $deliveries) {\n      totalCount\n      edges { node { ...DeliveryFields } }\n    }\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on WebhookDelivery {\n    id event status attempts responseStatus createdAt deliveredAt\n  }\n": typeof types.DeliveryFieldsFragmentDoc,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!, $deliveries: Int!) {\n    createWebhook(input: $input) {\n      secret\n      webhook { ...WebhookFields }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...DeliveryFields }\n  }\n": typeof types.SendTestWebhookDocument,
};
const documents: Documents = {
    "\n  query Viewer {\n    viewer {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n": types.ViewerDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n    revocationReason\n    createdBy { id name }\n    revokedBy { id name }\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  fragment ApiKeyLinks on ApiKey {\n    replacedBy { id name prefix }\n    replaces { id name prefix }\n  }\n": types.ApiKeyLinksFragmentDoc,
    "\n  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $search: String) {\n    keys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    active: keys(first: 1, filter: { status: [ACTIVE], search: $search }) { totalCount }\n    revoked: keys(first: 1, filter: { status: [REVOKED], search: $search }) { totalCount }\n    expired: keys(first: 1, filter: { status: [EXPIRED], search: $search }) { totalCount }\n  }\n": types.KeysDocument,
    "\n  query KeyPolicy {\n    viewer { organization { id maxKeyLifetimeDays } }\n  }\n": types.KeyPolicyDocument,
    "\n  mutation SetKeyPolicy($maxLifetimeDays: Int) {\n    setKeyPolicy(maxLifetimeDays: $maxLifetimeDays) { id maxKeyLifetimeDays }\n  }\n": types.SetKeyPolicyDocument,
    "\n  query Key($id: ID!) {\n    key(id: $id) {\n      ...ApiKeyFields\n      ...ApiKeyLinks\n      allowedIps lastUsedIp lastUsedUserAgent\n      usage(days: 30) { date requests refused }\n    }\n  }\n": types.KeyDocument,
    "\n  query KeyAudit($first: Int!, $after: String, $apiKeyId: ID!) {\n    auditLog(first: $first, after: $after, filter: { apiKeyId: $apiKeyId }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id action actorName bySupport detail createdAt } }\n    }\n  }\n": types.KeyAuditDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey { ...ApiKeyFields }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { apiKey { ...ApiKeyFields } }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $overlap: RotationOverlap!) {\n    rotateApiKey(id: $id, overlap: $overlap) {\n      token\n      apiKey { ...ApiKeyFields ...ApiKeyLinks }\n      previous { ...ApiKeyFields ...ApiKeyLinks }\n    }\n  }\n": types.RotateApiKeyDocument,
    "\n  mutation RenameApiKey($id: ID!, $name: String!) {\n    renameApiKey(id: $id, name: $name) { ...ApiKeyFields }\n  }\n": types.RenameApiKeyDocument,
    "\n  mutation SetApiKeyAllowedIps($id: ID!, $cidrs: [String!]!) {\n    setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { ...ApiKeyFields allowedIps }\n  }\n": types.SetApiKeyAllowedIpsDocument,
    "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id action actorName bySupport detail createdAt\n          apiKey { id name prefix }\n        }\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query Webhooks($deliveries: Int!) {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": types.WebhooksDocument,
    "\n  fragment WebhookFields on Webhook {\n    id url events createdAt\n    deliveries(first: $deliveries) {\n      totalCount\n      edges { node { ...DeliveryFields } }\n    }\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment DeliveryFields on WebhookDelivery {\n    id event status attempts responseStatus createdAt deliveredAt\n  }\n": types.DeliveryFieldsFragmentDoc,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!, $deliveries: Int!) {\n    createWebhook(input: $input) {\n      secret\n      webhook { ...WebhookFields }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...DeliveryFields }\n  }\n": types.SendTestWebhookDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n"): typeof import('./graphql').ViewerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      role\n      user { id name email }\n      organization { id name slug plan apiAccess }\n    }\n  }\n"): typeof import('./graphql').SignInDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): typeof import('./graphql').SignOutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n    revocationReason\n    createdBy { id name }\n    revokedBy { id name }\n  }\n"): typeof import('./graphql').ApiKeyFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyLinks on ApiKey {\n    replacedBy { id name prefix }\n    replaces { id name prefix }\n  }\n"): typeof import('./graphql').ApiKeyLinksFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $search: String) {\n    keys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    active: keys(first: 1, filter: { status: [ACTIVE], search: $search }) { totalCount }\n    revoked: keys(first: 1, filter: { status: [REVOKED], search: $search }) { totalCount }\n    expired: keys(first: 1, filter: { status: [EXPIRED], search: $search }) { totalCount }\n  }\n"): typeof import('./graphql').KeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyPolicy {\n    viewer { organization { id maxKeyLifetimeDays } }\n  }\n"): typeof import('./graphql').KeyPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetKeyPolicy($maxLifetimeDays: Int) {\n    setKeyPolicy(maxLifetimeDays: $maxLifetimeDays) { id maxKeyLifetimeDays }\n  }\n"): typeof import('./graphql').SetKeyPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Key($id: ID!) {\n    key(id: $id) {\n      ...ApiKeyFields\n      ...ApiKeyLinks\n      allowedIps lastUsedIp lastUsedUserAgent\n      usage(days: 30) { date requests refused }\n    }\n  }\n"): typeof import('./graphql').KeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyAudit($first: Int!, $after: String, $apiKeyId: ID!) {\n    auditLog(first: $first, after: $after, filter: { apiKeyId: $apiKeyId }) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id action actorName bySupport detail createdAt } }\n    }\n  }\n"): typeof import('./graphql').KeyAuditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey { ...ApiKeyFields }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) { apiKey { ...ApiKeyFields } }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateApiKey($id: ID!, $overlap: RotationOverlap!) {\n    rotateApiKey(id: $id, overlap: $overlap) {\n      token\n      apiKey { ...ApiKeyFields ...ApiKeyLinks }\n      previous { ...ApiKeyFields ...ApiKeyLinks }\n    }\n  }\n"): typeof import('./graphql').RotateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RenameApiKey($id: ID!, $name: String!) {\n    renameApiKey(id: $id, name: $name) { ...ApiKeyFields }\n  }\n"): typeof import('./graphql').RenameApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetApiKeyAllowedIps($id: ID!, $cidrs: [String!]!) {\n    setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { ...ApiKeyFields allowedIps }\n  }\n"): typeof import('./graphql').SetApiKeyAllowedIpsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {\n    auditLog(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id action actorName bySupport detail createdAt\n          apiKey { id name prefix }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks($deliveries: Int!) {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n"): typeof import('./graphql').WebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id url events createdAt\n    deliveries(first: $deliveries) {\n      totalCount\n      edges { node { ...DeliveryFields } }\n    }\n  }\n"): typeof import('./graphql').WebhookFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DeliveryFields on WebhookDelivery {\n    id event status attempts responseStatus createdAt deliveredAt\n  }\n"): typeof import('./graphql').DeliveryFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!, $deliveries: Int!) {\n    createWebhook(input: $input) {\n      secret\n      webhook { ...WebhookFields }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): typeof import('./graphql').DeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...DeliveryFields }\n  }\n"): typeof import('./graphql').SendTestWebhookDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

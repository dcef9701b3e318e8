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
    "\n  query Keys($first: Int!, $after: String) {\n    keys(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n          createdBy { id name }\n        }\n      }\n    }\n  }\n": typeof types.KeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
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
    "\n  query Keys($first: Int!, $after: String) {\n    keys(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n          createdBy { id name }\n        }\n      }\n    }\n  }\n": types.KeysDocument,
    "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n": types.RevokeApiKeyDocument,
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
export function graphql(source: "\n  query Keys($first: Int!, $after: String) {\n    keys(first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        cursor\n        node {\n          id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n          createdBy { id name }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').KeysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($input: CreateApiKeyInput!) {\n    createApiKey(input: $input) {\n      token\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n"): typeof import('./graphql').CreateApiKeyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      apiKey {\n        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt\n        createdBy { id name }\n      }\n    }\n  }\n"): typeof import('./graphql').RevokeApiKeyDocument;
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

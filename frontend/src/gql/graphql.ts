/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ApiKeyExpiry =
  | 'CUSTOM'
  | 'ONE_YEAR'
  | 'SIX_MONTHS'
  | 'THREE_MONTHS';

/** Which keys to list; omitted fields select every key, and totalCount counts the keys selected. */
export type ApiKeyFilter = {
  /**
   * Part of the name, in any case; or the start of a key's prefix as found in a
   * log ("iops_" then up to 7 characters); or a whole token, which finds only
   * its own key. At most 200 characters; blank means no search.
   */
  search?: string | null | undefined;
  /** Keys with any of these statuses; omitted or empty means any status. */
  status?: Array<ApiKeyStatus> | null | undefined;
};

/** Why a key was revoked: by a person; replaced by rotation; reported exposed. */
export type ApiKeyRevocationReason =
  | 'EXPOSED'
  | 'REVOKED'
  | 'ROTATED';

export type ApiKeyStatus =
  | 'ACTIVE'
  | 'EXPIRED'
  | 'REVOKED';

/** Which audit entries to list; totalCount counts the entries selected. */
export type AuditLogFilter = {
  /** Entries with any of these actions, e.g. "api_key.revoked"; omitted or empty means any action. */
  actions?: Array<string> | null | undefined;
  /** Entries about this key only. */
  apiKeyId?: string | number | null | undefined;
};

export type CreateApiKeyInput = {
  /** Required when expiry is CUSTOM (at most two years ahead), refused otherwise. */
  expiresAt?: string | null | undefined;
  expiry: ApiKeyExpiry;
  /** Where the key is used, e.g. "Website inventory sync". 1 to 100 characters. */
  name: string;
  /** Omitted means ["vehicles.read"]; other scopes are issued by support. */
  scopes?: Array<string> | null | undefined;
};

export type CreateWebhookInput = {
  /** Events to send, e.g. ["api_key.revoked"]; omitted means every event. */
  events?: Array<string> | null | undefined;
  /** An https:// URL that does not resolve to a loopback, private or link-local address (unless the server allows insecure webhooks). */
  url: string;
};

export type Plan =
  | 'CORE'
  | 'PRO';

export type Role =
  | 'ADMIN'
  | 'MEMBER';

/** How long a rotated key keeps working beside its replacement: NONE stops it at once. */
export type RotationOverlap =
  | 'NONE'
  | 'ONE_DAY'
  | 'ONE_HOUR'
  | 'SEVEN_DAYS';

export type WebhookDeliveryStatus =
  | 'DELIVERED'
  | 'FAILED'
  | 'PENDING';

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { role: Role | null, user: { id: string, name: string, email: string } | null, organization: { id: string, name: string, slug: string, plan: Plan, apiAccess: boolean } } | null };

export type SignInMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type SignInMutation = { signIn: { role: Role | null, user: { id: string, name: string, email: string } | null, organization: { id: string, name: string, slug: string, plan: Plan, apiAccess: boolean } } };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut: boolean };

export type ApiKeyFieldsFragment = { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null };

export type ApiKeyLinksFragment = { replacedBy: { id: string, name: string, prefix: string } | null, replaces: { id: string, name: string, prefix: string } | null };

export type KeysQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: ApiKeyFilter | null | undefined;
  search?: string | null | undefined;
}>;


export type KeysQuery = { keys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null } }> }, active: { totalCount: number }, revoked: { totalCount: number }, expired: { totalCount: number } };

export type KeyPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type KeyPolicyQuery = { viewer: { organization: { id: string, maxKeyLifetimeDays: number | null } } | null };

export type SetKeyPolicyMutationVariables = Exact<{
  maxLifetimeDays?: number | null | undefined;
}>;


export type SetKeyPolicyMutation = { setKeyPolicy: { id: string, maxKeyLifetimeDays: number | null } };

export type KeyQueryVariables = Exact<{
  id: string | number;
}>;


export type KeyQuery = { key: { allowedIps: Array<string>, lastUsedIp: string | null, lastUsedUserAgent: string | null, id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, usage: Array<{ date: string, requests: number, refused: number }>, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null, replacedBy: { id: string, name: string, prefix: string } | null, replaces: { id: string, name: string, prefix: string } | null } | null };

export type KeyAuditQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  apiKeyId: string | number;
}>;


export type KeyAuditQuery = { auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, action: string, actorName: string, bySupport: boolean, detail: string | null, createdAt: string } }> } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { token: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null } } };

export type RotateApiKeyMutationVariables = Exact<{
  id: string | number;
  overlap: RotationOverlap;
}>;


export type RotateApiKeyMutation = { rotateApiKey: { token: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null, replacedBy: { id: string, name: string, prefix: string } | null, replaces: { id: string, name: string, prefix: string } | null }, previous: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null, replacedBy: { id: string, name: string, prefix: string } | null, replaces: { id: string, name: string, prefix: string } | null } } };

export type RenameApiKeyMutationVariables = Exact<{
  id: string | number;
  name: string;
}>;


export type RenameApiKeyMutation = { renameApiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null } };

export type SetApiKeyAllowedIpsMutationVariables = Exact<{
  id: string | number;
  cidrs: Array<string> | string;
}>;


export type SetApiKeyAllowedIpsMutation = { setApiKeyAllowedIps: { allowedIps: Array<string>, id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, revocationReason: ApiKeyRevocationReason | null, createdBy: { id: string, name: string } | null, revokedBy: { id: string, name: string } | null } };

export type AuditLogQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: AuditLogFilter | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, action: string, actorName: string, bySupport: boolean, detail: string | null, createdAt: string, apiKey: { id: string, name: string, prefix: string } | null } }> } };

export type WebhooksQueryVariables = Exact<{
  deliveries: number;
}>;


export type WebhooksQuery = { webhooks: Array<{ id: string, url: string, events: Array<string>, createdAt: string, deliveries: { totalCount: number, edges: Array<{ node: { id: string, event: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, createdAt: string, deliveredAt: string | null } }> } }> };

export type WebhookFieldsFragment = { id: string, url: string, events: Array<string>, createdAt: string, deliveries: { totalCount: number, edges: Array<{ node: { id: string, event: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, createdAt: string, deliveredAt: string | null } }> } };

export type DeliveryFieldsFragment = { id: string, event: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, createdAt: string, deliveredAt: string | null };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
  deliveries: number;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string, events: Array<string>, createdAt: string, deliveries: { totalCount: number, edges: Array<{ node: { id: string, event: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, createdAt: string, deliveredAt: string | null } }> } } } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export type SendTestWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type SendTestWebhookMutation = { sendTestWebhook: { id: string, event: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, createdAt: string, deliveredAt: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ApiKeyFieldsFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}
    `, {"fragmentName":"ApiKeyFields"}) as unknown as TypedDocumentString<ApiKeyFieldsFragment, unknown>;
export const ApiKeyLinksFragmentDoc = new TypedDocumentString(`
    fragment ApiKeyLinks on ApiKey {
  replacedBy {
    id
    name
    prefix
  }
  replaces {
    id
    name
    prefix
  }
}
    `, {"fragmentName":"ApiKeyLinks"}) as unknown as TypedDocumentString<ApiKeyLinksFragment, unknown>;
export const DeliveryFieldsFragmentDoc = new TypedDocumentString(`
    fragment DeliveryFields on WebhookDelivery {
  id
  event
  status
  attempts
  responseStatus
  createdAt
  deliveredAt
}
    `, {"fragmentName":"DeliveryFields"}) as unknown as TypedDocumentString<DeliveryFieldsFragment, unknown>;
export const WebhookFieldsFragmentDoc = new TypedDocumentString(`
    fragment WebhookFields on Webhook {
  id
  url
  events
  createdAt
  deliveries(first: $deliveries) {
    totalCount
    edges {
      node {
        ...DeliveryFields
      }
    }
  }
}
    fragment DeliveryFields on WebhookDelivery {
  id
  event
  status
  attempts
  responseStatus
  createdAt
  deliveredAt
}`, {"fragmentName":"WebhookFields"}) as unknown as TypedDocumentString<WebhookFieldsFragment, unknown>;
export const ViewerDocument = new TypedDocumentString(`
    query Viewer {
  viewer {
    role
    user {
      id
      name
      email
    }
    organization {
      id
      name
      slug
      plan
      apiAccess
    }
  }
}
    `) as unknown as TypedDocumentString<ViewerQuery, ViewerQueryVariables>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($email: String!, $password: String!) {
  signIn(email: $email, password: $password) {
    role
    user {
      id
      name
      email
    }
    organization {
      id
      name
      slug
      plan
      apiAccess
    }
  }
}
    `) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut
}
    `) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const KeysDocument = new TypedDocumentString(`
    query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $search: String) {
  keys(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        ...ApiKeyFields
      }
    }
  }
  active: keys(first: 1, filter: {status: [ACTIVE], search: $search}) {
    totalCount
  }
  revoked: keys(first: 1, filter: {status: [REVOKED], search: $search}) {
    totalCount
  }
  expired: keys(first: 1, filter: {status: [EXPIRED], search: $search}) {
    totalCount
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}`) as unknown as TypedDocumentString<KeysQuery, KeysQueryVariables>;
export const KeyPolicyDocument = new TypedDocumentString(`
    query KeyPolicy {
  viewer {
    organization {
      id
      maxKeyLifetimeDays
    }
  }
}
    `) as unknown as TypedDocumentString<KeyPolicyQuery, KeyPolicyQueryVariables>;
export const SetKeyPolicyDocument = new TypedDocumentString(`
    mutation SetKeyPolicy($maxLifetimeDays: Int) {
  setKeyPolicy(maxLifetimeDays: $maxLifetimeDays) {
    id
    maxKeyLifetimeDays
  }
}
    `) as unknown as TypedDocumentString<SetKeyPolicyMutation, SetKeyPolicyMutationVariables>;
export const KeyDocument = new TypedDocumentString(`
    query Key($id: ID!) {
  key(id: $id) {
    ...ApiKeyFields
    ...ApiKeyLinks
    allowedIps
    lastUsedIp
    lastUsedUserAgent
    usage(days: 30) {
      date
      requests
      refused
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}
fragment ApiKeyLinks on ApiKey {
  replacedBy {
    id
    name
    prefix
  }
  replaces {
    id
    name
    prefix
  }
}`) as unknown as TypedDocumentString<KeyQuery, KeyQueryVariables>;
export const KeyAuditDocument = new TypedDocumentString(`
    query KeyAudit($first: Int!, $after: String, $apiKeyId: ID!) {
  auditLog(first: $first, after: $after, filter: {apiKeyId: $apiKeyId}) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        action
        actorName
        bySupport
        detail
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<KeyAuditQuery, KeyAuditQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    token
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}`) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    apiKey {
      ...ApiKeyFields
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}`) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const RotateApiKeyDocument = new TypedDocumentString(`
    mutation RotateApiKey($id: ID!, $overlap: RotationOverlap!) {
  rotateApiKey(id: $id, overlap: $overlap) {
    token
    apiKey {
      ...ApiKeyFields
      ...ApiKeyLinks
    }
    previous {
      ...ApiKeyFields
      ...ApiKeyLinks
    }
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}
fragment ApiKeyLinks on ApiKey {
  replacedBy {
    id
    name
    prefix
  }
  replaces {
    id
    name
    prefix
  }
}`) as unknown as TypedDocumentString<RotateApiKeyMutation, RotateApiKeyMutationVariables>;
export const RenameApiKeyDocument = new TypedDocumentString(`
    mutation RenameApiKey($id: ID!, $name: String!) {
  renameApiKey(id: $id, name: $name) {
    ...ApiKeyFields
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}`) as unknown as TypedDocumentString<RenameApiKeyMutation, RenameApiKeyMutationVariables>;
export const SetApiKeyAllowedIpsDocument = new TypedDocumentString(`
    mutation SetApiKeyAllowedIps($id: ID!, $cidrs: [String!]!) {
  setApiKeyAllowedIps(id: $id, cidrs: $cidrs) {
    ...ApiKeyFields
    allowedIps
  }
}
    fragment ApiKeyFields on ApiKey {
  id
  name
  prefix
  scopes
  status
  expiresAt
  lastUsedAt
  createdAt
  revokedAt
  revocationReason
  createdBy {
    id
    name
  }
  revokedBy {
    id
    name
  }
}`) as unknown as TypedDocumentString<SetApiKeyAllowedIpsMutation, SetApiKeyAllowedIpsMutationVariables>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        action
        actorName
        bySupport
        detail
        createdAt
        apiKey {
          id
          name
          prefix
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks($deliveries: Int!) {
  webhooks {
    ...WebhookFields
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  createdAt
  deliveries(first: $deliveries) {
    totalCount
    edges {
      node {
        ...DeliveryFields
      }
    }
  }
}
fragment DeliveryFields on WebhookDelivery {
  id
  event
  status
  attempts
  responseStatus
  createdAt
  deliveredAt
}`) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!, $deliveries: Int!) {
  createWebhook(input: $input) {
    secret
    webhook {
      ...WebhookFields
    }
  }
}
    fragment WebhookFields on Webhook {
  id
  url
  events
  createdAt
  deliveries(first: $deliveries) {
    totalCount
    edges {
      node {
        ...DeliveryFields
      }
    }
  }
}
fragment DeliveryFields on WebhookDelivery {
  id
  event
  status
  attempts
  responseStatus
  createdAt
  deliveredAt
}`) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const DeleteWebhookDocument = new TypedDocumentString(`
    mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const SendTestWebhookDocument = new TypedDocumentString(`
    mutation SendTestWebhook($id: ID!) {
  sendTestWebhook(id: $id) {
    ...DeliveryFields
  }
}
    fragment DeliveryFields on WebhookDelivery {
  id
  event
  status
  attempts
  responseStatus
  createdAt
  deliveredAt
}`) as unknown as TypedDocumentString<SendTestWebhookMutation, SendTestWebhookMutationVariables>;
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

export type KeysQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type KeysQuery = { keys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, createdBy: { id: string, name: string } | null } }> } };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { token: string, apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, createdBy: { id: string, name: string } | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { apiKey: { id: string, name: string, prefix: string, scopes: Array<string>, status: ApiKeyStatus, expiresAt: string, lastUsedAt: string | null, createdAt: string, revokedAt: string | null, createdBy: { id: string, name: string } | null } } };

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
    query Keys($first: Int!, $after: String) {
  keys(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        name
        prefix
        scopes
        status
        expiresAt
        lastUsedAt
        createdAt
        revokedAt
        createdBy {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<KeysQuery, KeysQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    token
    apiKey {
      id
      name
      prefix
      scopes
      status
      expiresAt
      lastUsedAt
      createdAt
      revokedAt
      createdBy {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    apiKey {
      id
      name
      prefix
      scopes
      status
      expiresAt
      lastUsedAt
      createdAt
      revokedAt
      createdBy {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
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
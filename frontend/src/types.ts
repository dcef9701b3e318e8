import type { ApiKeyFieldsFragment, AuditLogQuery, KeyAuditQuery, KeyQuery, ViewerQuery } from './gql/graphql';

export type Viewer = NonNullable<ViewerQuery['viewer']>;
export type ApiKey = ApiKeyFieldsFragment;
export type KeyDetails = NonNullable<KeyQuery['key']>;
export type AuditEntry = AuditLogQuery['auditLog']['edges'][number]['node'];
export type KeyAuditEntry = KeyAuditQuery['auditLog']['edges'][number]['node'];

import type { KeysQuery, AuditLogQuery, ViewerQuery } from './gql/graphql';

export type Viewer = NonNullable<ViewerQuery['viewer']>;
export type ApiKey = KeysQuery['keys']['edges'][number]['node'];
export type AuditEntry = AuditLogQuery['auditLog']['edges'][number]['node'];

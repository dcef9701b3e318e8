import { graphql } from '../gql';

// The audit log page's query: a page of entries, filtered by action and key.

export const AuditLogQuery = graphql(`
  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id action actorName bySupport detail createdAt
          apiKey { id name prefix }
        }
      }
    }
  }
`);

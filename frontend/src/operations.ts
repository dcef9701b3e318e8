import { graphql } from './gql';

// Every GraphQL operation the page sends. `npm run codegen` types them
// against ../schema.graphql into src/gql/.

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      role
      user { id name email }
      organization { id name slug plan apiAccess }
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) {
      role
      user { id name email }
      organization { id name slug plan apiAccess }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut
  }
`);

// A key's fields, the same wherever a key is shown (list, details, the
// answers of every key mutation), so a row updates in place after any of them.
export const ApiKeyFieldsFragment = graphql(`
  fragment ApiKeyFields on ApiKey {
    id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt
    revocationReason
    createdBy { id name }
    revokedBy { id name }
  }
`);

// The two keys a rotation links: read on one key's details, not in lists
// (each is a lookup, and the cost limit prices a full page of them).
export const ApiKeyLinksFragment = graphql(`
  fragment ApiKeyLinks on ApiKey {
    replacedBy { id name prefix }
    replaces { id name prefix }
  }
`);

// The keys list: one page of the filtered keys, and per status how many
// match the search (first: 1 because only totalCount is read).
export const KeysQuery = graphql(`
  query Keys($first: Int!, $after: String, $filter: ApiKeyFilter, $search: String) {
    keys(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...ApiKeyFields } }
    }
    active: keys(first: 1, filter: { status: [ACTIVE], search: $search }) { totalCount }
    revoked: keys(first: 1, filter: { status: [REVOKED], search: $search }) { totalCount }
    expired: keys(first: 1, filter: { status: [EXPIRED], search: $search }) { totalCount }
  }
`);

export const KeyPolicyQuery = graphql(`
  query KeyPolicy {
    viewer { organization { id maxKeyLifetimeDays } }
  }
`);

export const SetKeyPolicyMutation = graphql(`
  mutation SetKeyPolicy($maxLifetimeDays: Int) {
    setKeyPolicy(maxLifetimeDays: $maxLifetimeDays) { id maxKeyLifetimeDays }
  }
`);

export const KeyQuery = graphql(`
  query Key($id: ID!) {
    key(id: $id) {
      ...ApiKeyFields
      ...ApiKeyLinks
      allowedIps lastUsedIp lastUsedUserAgent
      usage(days: 30) { date requests refused }
    }
  }
`);

export const KeyAuditQuery = graphql(`
  query KeyAudit($first: Int!, $after: String, $apiKeyId: ID!) {
    auditLog(first: $first, after: $after, filter: { apiKeyId: $apiKeyId }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id action actorName bySupport detail createdAt } }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      token
      apiKey { ...ApiKeyFields }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) { apiKey { ...ApiKeyFields } }
  }
`);

export const RotateApiKeyMutation = graphql(`
  mutation RotateApiKey($id: ID!, $overlap: RotationOverlap!) {
    rotateApiKey(id: $id, overlap: $overlap) {
      token
      apiKey { ...ApiKeyFields ...ApiKeyLinks }
      previous { ...ApiKeyFields ...ApiKeyLinks }
    }
  }
`);

export const RenameApiKeyMutation = graphql(`
  mutation RenameApiKey($id: ID!, $name: String!) {
    renameApiKey(id: $id, name: $name) { ...ApiKeyFields }
  }
`);

export const SetApiKeyAllowedIpsMutation = graphql(`
  mutation SetApiKeyAllowedIps($id: ID!, $cidrs: [String!]!) {
    setApiKeyAllowedIps(id: $id, cidrs: $cidrs) { ...ApiKeyFields allowedIps }
  }
`);

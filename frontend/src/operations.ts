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

export const KeysQuery = graphql(`
  query Keys($first: Int!, $after: String) {
    keys(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt
          createdBy { id name }
        }
      }
    }
  }
`);

export const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      token
      apiKey {
        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt
        createdBy { id name }
      }
    }
  }
`);

export const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      apiKey {
        id name prefix scopes status expiresAt lastUsedAt createdAt revokedAt
        createdBy { id name }
      }
    }
  }
`);

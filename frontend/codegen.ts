import type { CodegenConfig } from '@graphql-codegen/cli';

// Types every GraphQL operation in src/ against the server's schema. The
// output (src/gql/) is committed so the build is reproducible, and
// `npm run build` regenerates it first: a schema change that breaks an
// operation breaks codegen, and one that changes a type breaks `tsc`.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*', '!src/**/*.test.{ts,tsx}'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations ship as plain strings: no graphql runtime in the bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { Time: 'string' },
      },
    },
  },
};

export default config;

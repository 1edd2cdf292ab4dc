import type { CodegenConfig } from '@graphql-codegen/cli';

// Types for every operation in src/, generated from the API's checked-in schema.
// A schema change that breaks an operation fails here or in `tsc`.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', NaiveDate: 'string', ID: 'string' },
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
    },
  },
};

export default config;

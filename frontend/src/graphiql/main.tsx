// GraphiQL at `/graphiql`, built into the web app's files so the page loads
// nothing from another site (its policy is `'self'`).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import './graphiql.css';

const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  subscriptionUrl: `${scheme}//${window.location.host}/graphql`,
});

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <GraphiQL fetcher={fetcher} />
    </StrictMode>,
  );
}

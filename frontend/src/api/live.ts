import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import { print } from 'graphql';
import type { CommentSubjectKind } from '../gql/graphql';
import { CommentAddedSubscription } from './operations';

let client: Client | null = null;

/**
 * One graphql-ws connection to `/graphql/ws` for the whole app, opened on
 * first use. The session cookie travels with the upgrade request (same
 * origin), so no token is handled here.
 */
function liveClient(): Client {
  if (!client) {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    client = createClient({
      url: `${scheme}//${window.location.host}/graphql/ws`,
      lazy: true,
      retryAttempts: 5,
    });
  }
  return client;
}

/** Calls `onComment` for every comment posted on the idea or plan; returns the unsubscribe. */
export function subscribeToComments(
  subjectKind: CommentSubjectKind,
  subjectId: string,
  onComment: (commentId: string) => void,
): () => void {
  return liveClient().subscribe<{ commentAdded: { id: string } }>(
    { query: print(CommentAddedSubscription), variables: { subjectKind, subjectId } },
    {
      next: (result) => {
        if (result.data?.commentAdded) onComment(result.data.commentAdded.id);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );
}

// Every operation the app runs. `npm run codegen` types them from
// ../schema.graphql; use the exported documents with `request()`.
import { graphql } from '../gql';

export const MeQuery = graphql(`
  query Me {
    me {
      id
      displayName
      role
      organisation
      locale
      email
      emailVerified
      createdAt
      homeArea {
        id
        name
      }
    }
  }
`);

export const AreasPageQuery = graphql(`
  query AreasPage($after: String) {
    areas(first: 50, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        slug
        kind
        depth
        parent {
          id
        }
      }
    }
  }
`);

export const AreaDetailQuery = graphql(`
  query AreaDetail($slug: String!) {
    area(slug: $slug) {
      id
      name
      slug
      kind
      ancestors {
        id
        name
        slug
      }
      children {
        id
        name
        slug
        kind
      }
    }
  }
`);

export const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      user {
        id
        displayName
      }
    }
  }
`);

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      user {
        id
        displayName
        locale
      }
    }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut {
      signedOut
    }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      user {
        id
        displayName
        locale
        homeArea {
          id
          name
        }
      }
    }
  }
`);

export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      createdAt
      lastSeenAt
      expiresAt
      userAgent
      clientAddress
      current
    }
  }
`);

export const RevokeSessionMutation = graphql(`
  mutation RevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      revoked
    }
  }
`);

export const RevokeOtherSessionsMutation = graphql(`
  mutation RevokeOtherSessions {
    revokeOtherSessions {
      revokedCount
    }
  }
`);

export const CreateAreaMutation = graphql(`
  mutation CreateArea($input: CreateAreaInput!) {
    createArea(input: $input) {
      area {
        id
        name
        slug
      }
    }
  }
`);

export const RenameAreaMutation = graphql(`
  mutation RenameArea($input: RenameAreaInput!) {
    renameArea(input: $input) {
      area {
        id
        name
        slug
      }
    }
  }
`);

export const MoveAreaMutation = graphql(`
  mutation MoveArea($input: MoveAreaInput!) {
    moveArea(input: $input) {
      area {
        id
        parent {
          id
        }
      }
    }
  }
`);

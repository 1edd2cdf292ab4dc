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

export const ResendVerificationMutation = graphql(`
  mutation ResendVerification {
    resendVerification {
      accepted
    }
  }
`);

export const RequestSignInLinkMutation = graphql(`
  mutation RequestSignInLink($input: EmailInput!) {
    requestSignInLink(input: $input) {
      accepted
    }
  }
`);

export const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: EmailInput!) {
    requestPasswordReset(input: $input) {
      accepted
    }
  }
`);

export const RequestEmailChangeMutation = graphql(`
  mutation RequestEmailChange($input: RequestEmailChangeInput!) {
    requestEmailChange(input: $input) {
      accepted
    }
  }
`);

export const IdeaCardFields = graphql(`
  fragment IdeaCardFields on Idea {
    id
    title
    status
    tags
    supportCount
    viewerHasSupported
    commentCount
    publishedAt
    createdAt
    area {
      id
      name
    }
    author {
      id
      displayName
    }
  }
`);

export const PlanCardFields = graphql(`
  fragment PlanCardFields on Plan {
    id
    title
    status
    feedbackOpen
    feedbackClosesAt
    ideaCount
    commentCount
    createdAt
    area {
      id
      name
    }
  }
`);

export const FeedIdeasQuery = graphql(`
  query FeedIdeas($areaId: ID, $status: IdeaStatus, $tag: String, $authorId: ID, $sort: ListSort, $after: String) {
    ideas(areaId: $areaId, status: $status, tag: $tag, authorId: $authorId, sort: $sort, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...IdeaCardFields
      }
    }
  }
`);

export const FeedPlansQuery = graphql(`
  query FeedPlans($areaId: ID, $status: PlanStatus, $sort: ListSort, $after: String) {
    plans(areaId: $areaId, status: $status, sort: $sort, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...PlanCardFields
      }
    }
  }
`);

export const CommentFields = graphql(`
  fragment CommentFields on Comment {
    id
    depth
    body
    bodyHtml
    official
    agreeCount
    viewerAgrees
    createdAt
    editedAt
    deleted
    hidden
    author {
      id
      displayName
      organisation
    }
    actedBy {
      id
      displayName
    }
    intake {
      residentName
      place
    }
  }
`);

// Threads load 15 top-level comments a page: with four levels of replies,
// each with its author and provenance, that stays under the API's complexity
// limit of 2000.
export const IdeaThreadQuery = graphql(`
  query IdeaThread($id: ID!, $after: String) {
    idea(id: $id) {
      id
      comments(first: 15, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...CommentFields
          replies {
            ...CommentFields
            replies {
              ...CommentFields
              replies {
                ...CommentFields
                replies {
                  ...CommentFields
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const PlanThreadQuery = graphql(`
  query PlanThread($id: ID!, $after: String) {
    plan(id: $id) {
      id
      comments(first: 15, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...CommentFields
          replies {
            ...CommentFields
            replies {
              ...CommentFields
              replies {
                ...CommentFields
                replies {
                  ...CommentFields
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const CommentAddedSubscription = graphql(`
  subscription CommentAdded($subjectKind: CommentSubjectKind!, $subjectId: ID!) {
    commentAdded(subjectKind: $subjectKind, subjectId: $subjectId) {
      id
    }
  }
`);

export const PostCommentMutation = graphql(`
  mutation PostComment($input: PostCommentInput!) {
    postComment(input: $input) {
      comment {
        id
      }
    }
  }
`);

export const EditCommentMutation = graphql(`
  mutation EditComment($input: EditCommentInput!) {
    editComment(input: $input) {
      comment {
        id
      }
    }
  }
`);

export const DeleteCommentMutation = graphql(`
  mutation DeleteComment($input: DeleteCommentInput!) {
    deleteComment(input: $input) {
      comment {
        id
      }
    }
  }
`);

export const AgreeWithCommentMutation = graphql(`
  mutation AgreeWithComment($input: AgreeWithCommentInput!) {
    agreeWithComment(input: $input) {
      comment {
        id
      }
    }
  }
`);

export const WithdrawAgreementMutation = graphql(`
  mutation WithdrawAgreement($input: WithdrawAgreementInput!) {
    withdrawAgreement(input: $input) {
      comment {
        id
      }
    }
  }
`);

export const IdeaDetailQuery = graphql(`
  query IdeaDetail($id: ID!) {
    idea(id: $id) {
      id
      title
      body
      bodyHtml
      tags
      status
      supportCount
      commentCount
      viewerHasSupported
      viewerFollows
      publishedAt
      createdAt
      updatedAt
      area {
        id
        name
        slug
      }
      author {
        id
        displayName
        organisation
      }
      actedBy {
        id
        displayName
      }
      intake {
        residentName
        place
      }
      location {
        latitude
        longitude
        address
      }
      statusHistory {
        from
        to
        reason
        createdAt
        actor {
          id
          displayName
          organisation
        }
      }
      plans {
        id
        title
        status
      }
      groups {
        id
        name
      }
    }
  }
`);

export const CreateIdeaMutation = graphql(`
  mutation CreateIdea($input: CreateIdeaInput!) {
    createIdea(input: $input) {
      idea {
        id
      }
    }
  }
`);

export const UpdateIdeaMutation = graphql(`
  mutation UpdateIdea($input: UpdateIdeaInput!) {
    updateIdea(input: $input) {
      idea {
        id
      }
    }
  }
`);

export const PublishIdeaMutation = graphql(`
  mutation PublishIdea($input: PublishIdeaInput!) {
    publishIdea(input: $input) {
      idea {
        id
        status
      }
    }
  }
`);

export const WithdrawIdeaMutation = graphql(`
  mutation WithdrawIdea($input: WithdrawIdeaInput!) {
    withdrawIdea(input: $input) {
      idea {
        id
        status
      }
    }
  }
`);

export const SetIdeaStatusMutation = graphql(`
  mutation SetIdeaStatus($input: SetIdeaStatusInput!) {
    setIdeaStatus(input: $input) {
      idea {
        id
        status
      }
    }
  }
`);

export const SupportIdeaMutation = graphql(`
  mutation SupportIdea($input: SupportIdeaInput!) {
    supportIdea(input: $input) {
      idea {
        id
        supportCount
        viewerHasSupported
      }
    }
  }
`);

export const UnsupportIdeaMutation = graphql(`
  mutation UnsupportIdea($input: UnsupportIdeaInput!) {
    unsupportIdea(input: $input) {
      idea {
        id
        supportCount
        viewerHasSupported
      }
    }
  }
`);

export const PlanDetailQuery = graphql(`
  query PlanDetail($id: ID!) {
    plan(id: $id) {
      id
      title
      viewerFollows
      descriptionHtml
      status
      feedbackOpensAt
      feedbackClosesAt
      feedbackOpen
      officialResponseHtml
      respondedAt
      createdAt
      area {
        id
        name
        slug
      }
      author {
        id
        displayName
        organisation
      }
      questions {
        id
        position
        prompt
        answerCount
        viewerAnswer {
          id
          body
        }
      }
      ideas {
        id
        title
        status
        supportCount
      }
      groups {
        id
        name
      }
    }
  }
`);

export const CreatePlanMutation = graphql(`
  mutation CreatePlan($input: CreatePlanInput!) {
    createPlan(input: $input) {
      plan {
        id
      }
    }
  }
`);

export const SetPlanStatusMutation = graphql(`
  mutation SetPlanStatus($input: SetPlanStatusInput!) {
    setPlanStatus(input: $input) {
      plan {
        id
        status
      }
    }
  }
`);

export const RespondToPlanMutation = graphql(`
  mutation RespondToPlan($input: RespondToPlanInput!) {
    respondToPlan(input: $input) {
      plan {
        id
      }
    }
  }
`);

export const LinkIdeaToPlanMutation = graphql(`
  mutation LinkIdeaToPlan($input: LinkIdeaToPlanInput!) {
    linkIdeaToPlan(input: $input) {
      plan {
        id
      }
    }
  }
`);

export const AnswerPlanQuestionMutation = graphql(`
  mutation AnswerPlanQuestion($input: AnswerPlanQuestionInput!) {
    answerPlanQuestion(input: $input) {
      answer {
        id
        body
      }
    }
  }
`);

export const FollowMutation = graphql(`
  mutation Follow($input: FollowInput!) {
    follow(input: $input) {
      following
    }
  }
`);

export const UnfollowMutation = graphql(`
  mutation Unfollow($input: UnfollowInput!) {
    unfollow(input: $input) {
      following
    }
  }
`);

export const UnreadNotificationCountQuery = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

export const MyNotificationsQuery = graphql(`
  query MyNotifications($after: String) {
    unreadNotificationCount
    myNotifications(first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        subjectKind
        subjectId
        subjectTitle
        actorName
        text
        detail
        createdAt
        readAt
      }
    }
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      unreadCount
    }
  }
`);

export const NotificationPreferencesQuery = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      cadence
    }
  }
`);

export const SetNotificationPreferenceMutation = graphql(`
  mutation SetNotificationPreference($input: SetNotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      preference {
        kind
        cadence
      }
    }
  }
`);

export const GroupCardFields = graphql(`
  fragment GroupCardFields on WorkingGroup {
    id
    name
    visibility
    joinPolicy
    memberCount
    viewerRole
    createdAt
    area {
      id
      name
    }
  }
`);

export const GroupsQuery = graphql(`
  query Groups($areaId: ID, $mine: Boolean!, $after: String) {
    groups(areaId: $areaId, mine: $mine, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...GroupCardFields
      }
    }
  }
`);

export const GroupDetailQuery = graphql(`
  query GroupDetail($id: ID!) {
    group(id: $id) {
      id
      name
      purpose
      purposeHtml
      visibility
      joinPolicy
      memberCount
      viewerRole
      viewerRequested
      viewerFollows
      viewerVotesFor: viewerActsFor(action: VOTE) {
        id
        displayName
      }
      viewerRsvpsFor: viewerActsFor(action: RSVP) {
        id
        displayName
      }
      calendarPath
      createdAt
      area {
        id
        name
        slug
      }
      members(first: 50) {
        totalCount
        nodes {
          role
          joinedAt
          user {
            id
            displayName
          }
        }
      }
      ideas {
        id
        title
        status
      }
      plans {
        id
        title
        status
      }
    }
  }
`);

export const GroupCoordinationQuery = graphql(`
  query GroupCoordination($id: ID!) {
    group(id: $id) {
      id
      joinRequests {
        id
        message
        createdAt
        user {
          id
          displayName
        }
      }
      invitations {
        id
        email
        createdAt
        expiresAt
      }
    }
  }
`);

export const TaskFields = graphql(`
  fragment TaskFields on Task {
    id
    title
    descriptionHtml
    dueOn
    status
    assignee {
      id
      displayName
    }
  }
`);

export const GroupTasksQuery = graphql(`
  query GroupTasks($id: ID!) {
    group(id: $id) {
      id
      tasks(first: 50) {
        totalCount
        nodes {
          ...TaskFields
        }
      }
    }
  }
`);

export const MeetingFields = graphql(`
  fragment MeetingFields on Meeting {
    id
    title
    startsAt
    endsAt
    place
    onlineUrl
    agendaHtml
    minutes
    minutesHtml
    cancelledAt
    calendarPath
    viewerRsvp
    rsvpCounts {
      yes
      no
      maybe
    }
  }
`);

export const GroupMeetingsQuery = graphql(`
  query GroupMeetings($id: ID!) {
    group(id: $id) {
      id
      upcoming: meetings(past: false, first: 20) {
        nodes {
          ...MeetingFields
        }
      }
      past: meetings(past: true, first: 10) {
        nodes {
          ...MeetingFields
        }
      }
    }
  }
`);

export const GroupDecisionsQuery = graphql(`
  query GroupDecisions($id: ID!) {
    group(id: $id) {
      id
      decisions(first: 20) {
        nodes {
          id
          title
          proposalHtml
          closesAt
          open
          outcomeHtml
          outcomeAt
          createdAt
          proposedBy {
            id
            displayName
          }
          tally {
            agree
            abstain
            disagree
            block
          }
          viewerVote {
            answer
            reason
          }
          votes {
            answer
            reason
            user {
              id
              displayName
            }
            actedBy {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

export const GroupThreadQuery = graphql(`
  query GroupThread($id: ID!, $after: String) {
    group(id: $id) {
      id
      comments(first: 15, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          ...CommentFields
          replies {
            ...CommentFields
            replies {
              ...CommentFields
              replies {
                ...CommentFields
                replies {
                  ...CommentFields
                }
              }
            }
          }
        }
      }
    }
  }
`);

export const MyTasksQuery = graphql(`
  query MyTasks($after: String) {
    myTasks(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...TaskFields
        group {
          id
          name
        }
      }
    }
  }
`);

export const CreateGroupMutation = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      group {
        id
      }
    }
  }
`);

export const UpdateGroupMutation = graphql(`
  mutation UpdateGroup($input: UpdateGroupInput!) {
    updateGroup(input: $input) {
      group {
        id
        name
      }
    }
  }
`);

export const JoinGroupMutation = graphql(`
  mutation JoinGroup($input: JoinGroupInput!) {
    joinGroup(input: $input) {
      group {
        id
        viewerRole
        viewerRequested
      }
    }
  }
`);

export const LeaveGroupMutation = graphql(`
  mutation LeaveGroup($groupId: ID!) {
    leaveGroup(input: { groupId: $groupId }) {
      done
    }
  }
`);

export const AnswerJoinRequestMutation = graphql(`
  mutation AnswerJoinRequest($input: AnswerJoinRequestInput!) {
    answerJoinRequest(input: $input) {
      group {
        id
      }
    }
  }
`);

export const InviteToGroupMutation = graphql(`
  mutation InviteToGroup($input: InviteToGroupInput!) {
    inviteToGroup(input: $input) {
      invitation {
        id
      }
    }
  }
`);

export const RevokeGroupInvitationMutation = graphql(`
  mutation RevokeGroupInvitation($id: ID!) {
    revokeGroupInvitation(input: { id: $id }) {
      done
    }
  }
`);

export const AcceptGroupInvitationMutation = graphql(`
  mutation AcceptGroupInvitation($input: AcceptGroupInvitationInput!) {
    acceptGroupInvitation(input: $input) {
      group {
        id
        name
      }
    }
  }
`);

export const RemoveGroupMemberMutation = graphql(`
  mutation RemoveGroupMember($input: RemoveGroupMemberInput!) {
    removeGroupMember(input: $input) {
      done
    }
  }
`);

export const SetGroupMemberRoleMutation = graphql(`
  mutation SetGroupMemberRole($input: SetGroupMemberRoleInput!) {
    setGroupMemberRole(input: $input) {
      member {
        role
      }
    }
  }
`);

export const HandOverGroupMutation = graphql(`
  mutation HandOverGroup($input: HandOverGroupInput!) {
    handOverGroup(input: $input) {
      group {
        id
      }
    }
  }
`);

export const SetGroupLinkMutation = graphql(`
  mutation SetGroupLink($input: SetGroupLinkInput!) {
    setGroupLink(input: $input) {
      group {
        id
      }
    }
  }
`);

export const SaveTaskMutation = graphql(`
  mutation SaveTask($input: SaveTaskInput!) {
    saveTask(input: $input) {
      task {
        id
        status
      }
    }
  }
`);

export const DeleteTaskMutation = graphql(`
  mutation DeleteTask($id: ID!) {
    deleteTask(input: { id: $id }) {
      done
    }
  }
`);

export const TaskEditQuery = graphql(`
  query TaskEdit($groupId: ID!, $after: String) {
    group(id: $groupId) {
      id
      name
      viewerRole
      members(first: 50) {
        nodes {
          user {
            id
            displayName
          }
        }
      }
      tasks(first: 50, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          description
          dueOn
          status
          assignee {
            id
            displayName
          }
        }
      }
    }
  }
`);

export const MeetingEditQuery = graphql(`
  query MeetingEdit($id: ID!) {
    meeting(id: $id) {
      id
      title
      startsAt
      endsAt
      place
      onlineUrl
      agenda
      cancelledAt
      group {
        id
        name
        viewerRole
      }
    }
  }
`);

export const SaveMeetingMutation = graphql(`
  mutation SaveMeeting($input: SaveMeetingInput!) {
    saveMeeting(input: $input) {
      meeting {
        id
      }
    }
  }
`);

export const CancelMeetingMutation = graphql(`
  mutation CancelMeeting($id: ID!) {
    cancelMeeting(input: { id: $id }) {
      meeting {
        id
        cancelledAt
      }
    }
  }
`);

export const RsvpMutation = graphql(`
  mutation Rsvp($input: RsvpInput!) {
    rsvp(input: $input) {
      meeting {
        id
        viewerRsvp
        rsvpCounts {
          yes
          no
          maybe
        }
      }
    }
  }
`);

export const OpenDecisionMutation = graphql(`
  mutation OpenDecision($input: OpenDecisionInput!) {
    openDecision(input: $input) {
      decision {
        id
      }
    }
  }
`);

export const VoteMutation = graphql(`
  mutation Vote($input: VoteInput!) {
    vote(input: $input) {
      vote {
        answer
      }
    }
  }
`);

export const RecordDecisionOutcomeMutation = graphql(`
  mutation RecordDecisionOutcome($input: RecordDecisionOutcomeInput!) {
    recordDecisionOutcome(input: $input) {
      decision {
        id
      }
    }
  }
`);
export const SearchQuery = graphql(`
  query Search($query: String!, $filter: SearchFilter, $sort: SearchSort, $after: String) {
    search(query: $query, filter: $filter, sort: $sort, first: 10, after: $after) {
      estimatedTotal
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        titleHtml
        snippetHtml
        node {
          __typename
          ... on Idea {
            id
            title
            ideaStatus: status
            supportCount
            location {
              latitude
              longitude
            }
            area {
              id
              name
            }
          }
          ... on Plan {
            id
            title
            planStatus: status
            location {
              latitude
              longitude
            }
            area {
              id
              name
            }
          }
          ... on WorkingGroup {
            id
            joinPolicy
            memberCount
            area {
              id
              name
            }
          }
        }
      }
      facets {
        kinds {
          value
          count
        }
        statuses {
          value
          count
        }
        tags {
          value
          count
        }
        areas {
          count
          area {
            id
            name
            depth
            parent {
              id
            }
          }
        }
      }
    }
  }
`);

export const SimilarIdeasQuery = graphql(`
  query SimilarIdeas($title: String!, $body: String) {
    similarIdeas(title: $title, body: $body, first: 5) {
      id
      title
      status
      supportCount
      area {
        id
        name
      }
    }
  }
`);

export const ReportMutation = graphql(`
  mutation Report($input: ReportInput!) {
    report(input: $input) {
      report {
        id
      }
    }
  }
`);

export const ReportFields = graphql(`
  fragment ReportFields on Report {
    id
    subjectKind
    subjectId
    excerpt
    actedOn
    reason
    reporter {
      id
      displayName
    }
    createdAt
    resolvedAt
    resolution
  }
`);

export const ModerationQueueQuery = graphql(`
  query ModerationQueue($openOnly: Boolean!, $after: String) {
    moderationQueue(openOnly: $openOnly, first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        ...ReportFields
      }
    }
  }
`);

export const SetHiddenMutation = graphql(`
  mutation SetHidden($input: SetHiddenInput!) {
    setHidden(input: $input) {
      done
    }
  }
`);

export const DismissReportMutation = graphql(`
  mutation DismissReport($input: DismissReportInput!) {
    dismissReport(input: $input) {
      report {
        ...ReportFields
      }
    }
  }
`);

export const SetBlockedMutation = graphql(`
  mutation SetBlocked($input: SetBlockedInput!) {
    setBlocked(input: $input) {
      done
    }
  }
`);

export const AuditLogQuery = graphql(`
  query AuditLog($after: String) {
    auditLog(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        action
        subjectKind
        subjectId
        actor {
          id
          displayName
        }
        detail
        createdAt
      }
    }
  }
`);

export const ExportMyDataMutation = graphql(`
  mutation ExportMyData {
    exportMyData {
      downloadPath
      expiresAt
    }
  }
`);

export const DeleteMyAccountMutation = graphql(`
  mutation DeleteMyAccount($input: DeleteMyAccountInput!) {
    deleteMyAccount(input: $input) {
      deleted
    }
  }
`);

export const MandateFields = graphql(`
  fragment MandateFields on Mandate {
    id
    actions
    validUntil
    createdAt
    revokedAt
    active
    grantor {
      id
      displayName
    }
    delegate {
      id
      displayName
    }
  }
`);

export const MyMandatesQuery = graphql(`
  query MyMandates {
    me {
      id
      mandatesGiven {
        ...MandateFields
        records {
          kind
          at
          subjectId
          ideaId
          label
          answer
        }
      }
      mandatesReceived {
        ...MandateFields
      }
    }
  }
`);

export const HeldMandatesQuery = graphql(`
  query HeldMandates {
    me {
      id
      mandatesReceived {
        id
        active
        actions
        grantor {
          id
          displayName
        }
      }
    }
  }
`);

export const GrantMandateMutation = graphql(`
  mutation GrantMandate($input: GrantMandateInput!) {
    grantMandate(input: $input) {
      mandate {
        id
      }
    }
  }
`);

export const RevokeMandateMutation = graphql(`
  mutation RevokeMandate($input: RevokeMandateInput!) {
    revokeMandate(input: $input) {
      mandate {
        id
        revokedAt
      }
    }
  }
`);

export const MyGroupRolesQuery = graphql(`
  query MyGroupRoles {
    groups(mine: true, first: 50) {
      nodes {
        id
        viewerRole
      }
    }
  }
`);

export const PlanAnswersQuery = graphql(`
  query PlanAnswers($id: ID!, $after: String) {
    plan(id: $id) {
      id
      questions {
        id
        position
        prompt
        answers(first: 50, after: $after) {
          nodes {
            id
            body
            createdAt
            author {
              id
              displayName
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const StatementQuery = graphql(`
  query Statement($kind: StatementKind!, $locale: Locale) {
    statement(kind: $kind, locale: $locale) {
      kind
      html
      custom
    }
  }
`);

export const MapSettingsQuery = graphql(`
  query MapSettings {
    mapSettings {
      tiles
      attribution
      bounds {
        south
        west
        north
        east
      }
    }
  }
`);

export const MapItemsQuery = graphql(`
  query MapItems($bbox: BoundsInput!, $zoom: Int!, $kinds: [MapKind!], $area: ID) {
    mapItems(bbox: $bbox, zoom: $zoom, kinds: $kinds, area: $area) {
      items {
        id
        kind
        title
        latitude
        longitude
      }
      clusters {
        count
        latitude
        longitude
        bounds {
          south
          west
          north
          east
        }
      }
    }
  }
`);

export const AddressSuggestionsQuery = graphql(`
  query AddressSuggestions($query: String!, $first: Int) {
    addressSuggestions(query: $query, first: $first) {
      label
      latitude
      longitude
    }
  }
`);

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use plein_app::comments::Comment;

use crate::graphql::types::{
    CommentNode, IntakeInput, SubjectKindValue, parse_id, parse_on_behalf_of,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct CommentMutations;

/// A comment on an idea or plan, or a reply to a comment. Comments on a plan
/// are accepted only while its feedback window is open.
#[derive(InputObject)]
pub struct PostCommentInput {
    pub subject_kind: SubjectKindValue,
    pub subject_id: ID,
    /// The comment this replies to, on the same subject.
    pub parent_id: Option<ID>,
    /// Markdown, 1 to 5000 characters.
    pub body: String,
    /// Marks an official reply; professionals and admins only.
    #[graphql(default)]
    pub official: bool,
    /// Act for the person who gave you a mandate covering this (their user id).
    pub on_behalf_of: Option<ID>,
    /// Assisted intake, for professionals and admins: the comment of a
    /// resident without an account, taken down by you. You stay its author.
    pub intake: Option<IntakeInput>,
}

/// Your own comment; every version is kept.
#[derive(InputObject)]
pub struct EditCommentInput {
    pub id: ID,
    /// Markdown, 1 to 5000 characters.
    pub body: String,
}

/// Yours, or anyone's for moderators and admins. The comment stays as a
/// placeholder so its replies keep their place.
#[derive(InputObject)]
pub struct DeleteCommentInput {
    pub id: ID,
}

/// Professionals and admins: an official reply to a top-level comment,
/// marked as that thread's answer. Works after a feedback window has closed.
#[derive(InputObject)]
pub struct AnswerThreadInput {
    pub thread_id: ID,
    /// Markdown, 1 to 5000 characters.
    pub body: String,
}

#[derive(InputObject)]
pub struct AgreeWithCommentInput {
    pub comment_id: ID,
}

#[derive(InputObject)]
pub struct WithdrawAgreementInput {
    pub comment_id: ID,
}

#[derive(SimpleObject)]
pub struct CommentPayload {
    pub comment: CommentNode,
}

fn payload(comment: Comment) -> CommentPayload {
    CommentPayload {
        comment: CommentNode(comment),
    }
}

#[Object]
impl CommentMutations {
    async fn post_comment(
        &self,
        ctx: &Context<'_>,
        input: PostCommentInput,
    ) -> async_graphql::Result<CommentPayload> {
        let subject_id = parse_id("subjectId", &input.subject_id).gql()?;
        let parent_id = input
            .parent_id
            .as_ref()
            .map(|p| parse_id("parentId", p))
            .transpose()
            .gql()?;
        let comment = ctx
            .app()
            .post_comment(
                ctx.actor(),
                plein_app::comments::NewCommentInput {
                    subject_kind: input.subject_kind.into(),
                    subject_id,
                    parent_id,
                    body: input.body,
                    official: input.official,
                    on_behalf_of: parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?,
                    intake: input.intake.map(|i| (i.resident_name, i.place)),
                },
            )
            .await
            .gql()?;
        Ok(payload(comment))
    }

    async fn edit_comment(
        &self,
        ctx: &Context<'_>,
        input: EditCommentInput,
    ) -> async_graphql::Result<CommentPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let comment = ctx
            .app()
            .edit_comment(ctx.actor(), id, input.body)
            .await
            .gql()?;
        Ok(payload(comment))
    }

    async fn delete_comment(
        &self,
        ctx: &Context<'_>,
        input: DeleteCommentInput,
    ) -> async_graphql::Result<CommentPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let comment = ctx.app().delete_comment(ctx.actor(), id).await.gql()?;
        Ok(payload(comment))
    }

    async fn answer_thread(
        &self,
        ctx: &Context<'_>,
        input: AnswerThreadInput,
    ) -> async_graphql::Result<CommentPayload> {
        let id = parse_id("threadId", &input.thread_id).gql()?;
        let comment = ctx
            .app()
            .answer_thread(ctx.actor(), id, input.body)
            .await
            .gql()?;
        Ok(payload(comment))
    }

    /// Agree with a comment; once per person.
    async fn agree_with_comment(
        &self,
        ctx: &Context<'_>,
        input: AgreeWithCommentInput,
    ) -> async_graphql::Result<CommentPayload> {
        let id = parse_id("commentId", &input.comment_id).gql()?;
        let comment = ctx
            .app()
            .react_to_comment(ctx.actor(), id, true)
            .await
            .gql()?;
        Ok(payload(comment))
    }

    async fn withdraw_agreement(
        &self,
        ctx: &Context<'_>,
        input: WithdrawAgreementInput,
    ) -> async_graphql::Result<CommentPayload> {
        let id = parse_id("commentId", &input.comment_id).gql()?;
        let comment = ctx
            .app()
            .react_to_comment(ctx.actor(), id, false)
            .await
            .gql()?;
        Ok(payload(comment))
    }
}

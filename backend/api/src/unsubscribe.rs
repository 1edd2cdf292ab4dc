//! One-click unsubscribe (RFC 8058) from the link every notification mail
//! carries. The signed token is the only credential: no sign-in, no cookie,
//! and no Origin check, because mail clients POST from outside the site.
//! GET only shows what the link would do; the POST does it.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use plein_app::AppError;
use plein_app::notifications::Unsubscribed;
use plein_domain::{Cadence, NotificationKind};
use serde::Deserialize;

use crate::pages::{Lang, TokenQuery, escape, lang, page};
use crate::state::ApiState;

/// The one-click body (`List-Unsubscribe=One-Click`); the token may come in
/// the form too, for clients that move it there.
#[derive(Deserialize, Default)]
pub struct OneClickForm {
    #[serde(default)]
    token: Option<String>,
}

const PREFERENCES: &str = "/profiel#meldingen";

fn kind_label(kind: NotificationKind, lang: Lang) -> &'static str {
    use NotificationKind::*;
    match (kind, lang) {
        (Comment, Lang::Nl) => "nieuwe reacties in discussies die je volgt",
        (Comment, Lang::En) => "new comments in threads you follow",
        (Reply, Lang::Nl) => "antwoorden op je reacties",
        (Reply, Lang::En) => "replies to your comments",
        (OfficialReply, Lang::Nl) => "officiële antwoorden",
        (OfficialReply, Lang::En) => "official replies",
        (IdeaStatus, Lang::Nl) => "statuswijzigingen van ideeën",
        (IdeaStatus, Lang::En) => "status changes of ideas",
        (IdeaPublished, Lang::Nl) => "nieuwe ideeën in gebieden die je volgt",
        (IdeaPublished, Lang::En) => "new ideas in areas you follow",
        (PlanOpened, Lang::Nl) => "geopende inspraakperiodes",
        (PlanOpened, Lang::En) => "feedback windows opening",
        (PlanClosing, Lang::Nl) => "inspraakperiodes die bijna sluiten",
        (PlanClosing, Lang::En) => "feedback windows about to close",
        (PlanResponded, Lang::Nl) => "reacties van de gemeente op plannen",
        (PlanResponded, Lang::En) => "official responses to plans",
        (ThresholdReached, Lang::Nl) => "ideeën die genoeg steun hebben",
        (ThresholdReached, Lang::En) => "ideas reaching their support threshold",
        (GroupInvitation, Lang::Nl) => "uitnodigingen voor werkgroepen",
        (GroupInvitation, Lang::En) => "invitations to working groups",
        (JoinRequest, Lang::Nl) => "verzoeken om lid te worden van je werkgroep",
        (JoinRequest, Lang::En) => "requests to join your working group",
        (JoinAnswered, Lang::Nl) => "antwoorden op je verzoek om lid te worden",
        (JoinAnswered, Lang::En) => "answers to your requests to join",
        (TaskAssigned, Lang::Nl) => "taken die aan jou zijn toegewezen",
        (TaskAssigned, Lang::En) => "tasks assigned to you",
        (MeetingScheduled, Lang::Nl) => "bijeenkomsten van je werkgroepen",
        (MeetingScheduled, Lang::En) => "meetings of your working groups",
        (DecisionOpened, Lang::Nl) => "nieuwe voorstellen in je werkgroepen",
        (DecisionOpened, Lang::En) => "new proposals in your working groups",
        (DecisionClosing, Lang::Nl) => "voorstellen die bijna sluiten",
        (DecisionClosing, Lang::En) => "proposals about to close",
        (BudgetPhase, Lang::Nl) => "nieuwe fases van burgerbegrotingen",
        (BudgetPhase, Lang::En) => "new phases of budget rounds",
    }
}

fn target_label(target: &Unsubscribed, lang: Lang) -> String {
    match (target, lang) {
        (Unsubscribed::Kind(kind), _) => kind_label(*kind, lang).to_owned(),
        (Unsubscribed::Digest(Cadence::Weekly), Lang::Nl) => "het wekelijkse overzicht".into(),
        (Unsubscribed::Digest(Cadence::Weekly), Lang::En) => "the weekly digest".into(),
        (Unsubscribed::Digest(_), Lang::Nl) => "het dagelijkse overzicht".into(),
        (Unsubscribed::Digest(_), Lang::En) => "the daily digest".into(),
    }
}

fn invalid(lang: Lang, err: AppError) -> Response {
    if let AppError::Internal(detail) = &err {
        tracing::error!(%detail, "unsubscribe failed");
        let (title, text) = match lang {
            Lang::Nl => ("Er ging iets mis", "Probeer het later nog eens."),
            Lang::En => ("Something went wrong", "Please try again later."),
        };
        return page(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            title,
            &format!("<p>{text}</p>"),
        );
    }
    let (title, text, prefs) = match lang {
        Lang::Nl => (
            "Deze afmeldlink werkt niet",
            "Controleer of je de hele link uit de e-mail hebt gebruikt. Je kunt je e-mailvoorkeuren ook zelf aanpassen.",
            "Naar je e-mailvoorkeuren",
        ),
        Lang::En => (
            "This unsubscribe link does not work",
            "Check that you used the whole link from the email. You can also change your email preferences yourself.",
            "To your email preferences",
        ),
    };
    page(
        lang,
        StatusCode::BAD_REQUEST,
        title,
        &format!("<p>{text}</p><p><a href=\"{PREFERENCES}\">{prefs}</a></p>"),
    )
}

/// Shows what the link stops and a button to confirm; changes nothing.
pub async fn unsubscribe_page(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let lang = lang(&headers);
    let target = match state.app.check_unsubscribe(&query.token).await {
        Ok(target) => target,
        Err(err) => return invalid(lang, err),
    };
    let what = escape(&target_label(&target, lang));
    let token = escape(&query.token);
    let (title, question, button) = match lang {
        Lang::Nl => (
            "Afmelden",
            format!("Wil je geen e-mails meer over {what}? Je ziet ze nog wel op Plein."),
            "Afmelden",
        ),
        Lang::En => (
            "Unsubscribe",
            format!("Stop emails about {what}? You will still see them on Plein."),
            "Unsubscribe",
        ),
    };
    let body = format!(
        "<p>{question}</p><form method=\"post\" action=\"/unsubscribe?token={token}\">\
         <input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">\
         <button type=\"submit\">{button}</button></form>"
    );
    page(lang, StatusCode::OK, title, &body)
}

/// Does it: that kind of mail (or that digest) stops.
pub async fn unsubscribe(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
    // A missing or odd body still unsubscribes: the signed token decides.
    form: Result<Form<OneClickForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let lang = lang(&headers);
    let token = match form.ok().and_then(|Form(f)| f.token) {
        Some(token) if query.token.is_empty() => token,
        _ => query.token,
    };
    match state.app.unsubscribe(&token).await {
        Ok(target) => {
            let what = escape(&target_label(&target, lang));
            let (title, text, prefs) = match lang {
                Lang::Nl => (
                    "Je bent afgemeld",
                    format!("Je krijgt geen e-mails meer over {what}."),
                    "Je e-mailvoorkeuren",
                ),
                Lang::En => (
                    "You are unsubscribed",
                    format!("You will no longer get emails about {what}."),
                    "Your email preferences",
                ),
            };
            page(
                lang,
                StatusCode::OK,
                title,
                &format!("<p>{text}</p><p><a href=\"{PREFERENCES}\">{prefs}</a></p>"),
            )
        }
        Err(err) => invalid(lang, err),
    }
}

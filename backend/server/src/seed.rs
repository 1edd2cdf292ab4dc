//! `plein seed-demo`: a believable Dutch demo municipality, so a newcomer sees
//! a living square. Running it again changes nothing.

use std::collections::HashMap;

use plein_app::comments::NewCommentInput;
use plein_app::ideas::{IdeaQuery, NewIdeaInput};
use plein_app::page::PageArgs;
use plein_app::plans::NewPlanInput;
use plein_app::system::{Ensured, SystemUser};
use plein_app::{Actor, App, CurrentUser};
use plein_domain::{AreaKind, IdeaStatus, PlanStatus, Role, SubjectKind};
use uuid::Uuid;

/// The password of every demo account, printed by the command.
pub const DEMO_PASSWORD: &str = "plein-demo-2026";

/// (name, slug) of an area.
type Named = (&'static str, &'static str);

/// Districts with their neighbourhoods.
const DISTRICTS: &[(&str, &str, &[Named])] = &[
    (
        "Centrum",
        "centrum",
        &[
            ("Binnenstad", "binnenstad"),
            ("Havenkwartier", "havenkwartier"),
            ("Stationsbuurt", "stationsbuurt"),
        ],
    ),
    (
        "Noord",
        "noord",
        &[
            ("Molenwijk", "molenwijk"),
            ("Vogelbuurt", "vogelbuurt"),
            ("De Bongerd", "de-bongerd"),
        ],
    ),
    (
        "Oost",
        "oost",
        &[
            ("Oosterpark", "oosterpark"),
            ("Spoorzicht", "spoorzicht"),
            ("Watergraafswijk", "watergraafswijk"),
        ],
    ),
    (
        "Zuid",
        "zuid",
        &[
            ("Rivierenbuurt", "rivierenbuurt"),
            ("Schildersbuurt", "schildersbuurt"),
            ("Zuiderhof", "zuiderhof"),
        ],
    ),
    (
        "West",
        "west",
        &[
            ("Dichtersbuurt", "dichtersbuurt"),
            ("Tuindorp", "tuindorp"),
            ("Bosrand", "bosrand"),
        ],
    ),
];

struct DemoPerson {
    email: &'static str,
    name: &'static str,
    role: Role,
    organisation: Option<&'static str>,
}

const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        email: "fatima@demo.plein.example",
        name: "Fatima el Amrani",
        role: Role::Resident,
        organisation: None,
    },
    DemoPerson {
        email: "jan@demo.plein.example",
        name: "Jan de Vries",
        role: Role::Resident,
        organisation: None,
    },
    DemoPerson {
        email: "sanne@demo.plein.example",
        name: "Sanne Bakker",
        role: Role::Resident,
        organisation: None,
    },
    DemoPerson {
        email: "mehmet@demo.plein.example",
        name: "Mehmet Yılmaz",
        role: Role::Resident,
        organisation: None,
    },
    DemoPerson {
        email: "priya@demo.plein.example",
        name: "Priya Ramdin",
        role: Role::Resident,
        organisation: None,
    },
    DemoPerson {
        email: "ingrid@demo.plein.example",
        name: "Ingrid Janssen",
        role: Role::Professional,
        organisation: Some("Gemeente Amstelveld, wijkteam Noord"),
    },
    DemoPerson {
        email: "moderator@demo.plein.example",
        name: "Kees Smit",
        role: Role::Moderator,
        organisation: None,
    },
];

pub async fn run(app: &App) -> anyhow::Result<()> {
    let mut created = 0usize;
    let mut people: HashMap<&str, Actor> = HashMap::new();
    let (municipality, state) = app
        .ensure_area(
            "Gemeente Amstelveld",
            "amstelveld",
            AreaKind::Municipality,
            None,
        )
        .await?;
    created += usize::from(state == Ensured::Created);
    for (name, slug, neighbourhoods) in DISTRICTS {
        let (district, state) = app
            .ensure_area(name, slug, AreaKind::District, Some(&municipality))
            .await?;
        created += usize::from(state == Ensured::Created);
        for (name, slug) in *neighbourhoods {
            let (_, state) = app
                .ensure_area(name, slug, AreaKind::Neighbourhood, Some(&district))
                .await?;
            created += usize::from(state == Ensured::Created);
        }
    }
    for person in PEOPLE {
        let (id, state) = app
            .ensure_user(SystemUser {
                email: person.email,
                password: DEMO_PASSWORD,
                display_name: person.name,
                role: person.role,
                organisation: person.organisation,
                verified: true,
            })
            .await?;
        created += usize::from(state == Ensured::Created);
        people.insert(person.email, as_person(id, person.role));
    }
    created += square(app, &people).await?;
    if created == 0 {
        println!("The demo municipality Gemeente Amstelveld was already there; nothing changed.");
    } else {
        println!("Created {created} demo areas, accounts, ideas and plans in Gemeente Amstelveld.");
    }
    println!("Demo accounts (password {DEMO_PASSWORD}):");
    for person in PEOPLE {
        println!("  {:<32} {} ({})", person.email, person.name, person.role);
    }
    Ok(())
}

/// Acting as a demo person, as if signed in with a confirmed address.
fn as_person(id: Uuid, role: Role) -> Actor {
    Actor {
        user: Some(CurrentUser {
            id,
            role,
            session_id: Uuid::nil(),
            email_verified: true,
        }),
        client: Default::default(),
    }
}

fn app_err(err: plein_app::AppError) -> anyhow::Error {
    crate::app_error("seeding the demo", err)
}

/// Ideas, supports, comments and a plan open for feedback, so the square is
/// alive. Skipped when the demo residents already have ideas.
async fn square(app: &App, people: &HashMap<&str, Actor>) -> anyhow::Result<usize> {
    let who = |email: &str| {
        people
            .get(email)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no demo person {email}"))
    };
    let fatima = who("fatima@demo.plein.example")?;
    let existing = app
        .ideas(
            &fatima,
            &IdeaQuery {
                author_id: fatima.user_id(),
                ..Default::default()
            },
            plein_storage::listing::Sort::Newest,
            &PageArgs::parse(Some(1), None).map_err(app_err)?,
        )
        .await
        .map_err(app_err)?;
    if existing.page.total_count > 0 {
        return Ok(0);
    }
    let area = |slug: &'static str| async move {
        app.area_by_slug(slug)
            .await
            .map_err(app_err)?
            .map(|a| a.id)
            .ok_or_else(|| anyhow::anyhow!("no demo area {slug}"))
    };
    let ideas = [
        (
            "fatima@demo.plein.example",
            "molenwijk",
            "Meer bankjes langs de Molenvliet",
            "Langs de Molenvliet wandelen veel ouderen, maar er is nergens een plek om even uit te rusten.\n\nIk stel voor om **drie bankjes** te plaatsen, bij voorkeur in de schaduw van de bomen.",
            vec!["groen", "ontmoeten"],
            true,
        ),
        (
            "jan@demo.plein.example",
            "vogelbuurt",
            "Veilig oversteken bij de Merelstraat",
            "Kinderen steken hier over naar school, en auto's rijden er te hard. Een zebrapad met een verhoogde drempel zou helpen.",
            vec!["verkeer", "veiligheid"],
            true,
        ),
        (
            "sanne@demo.plein.example",
            "binnenstad",
            "Geveltuintjes in de Kerkstraat",
            "Met een tegel eruit en een paar planten wordt de straat groener en koeler. Wie doet mee?",
            vec!["groen"],
            true,
        ),
        (
            "mehmet@demo.plein.example",
            "oosterpark",
            "Speeltuin aan het Parkplein opknappen",
            "De glijbaan is kapot en de zandbak is al jaren niet ververst. Laten we samen kijken wat er nodig is.",
            vec!["spelen", "jeugd"],
            true,
        ),
        (
            "priya@demo.plein.example",
            "rivierenbuurt",
            "Deelfietsen bij het station",
            "Nog een concept: een paar deelfietsen bij het station voor wie het laatste stuk naar huis fietst.",
            vec!["verkeer"],
            false,
        ),
    ];
    let mut made = 0;
    let mut ids = Vec::new();
    for (email, slug, title, body, tags, publish) in ideas {
        let author = who(email)?;
        let idea = app
            .create_idea(
                &author,
                NewIdeaInput {
                    title: title.to_owned(),
                    body: body.to_owned(),
                    tags: tags.into_iter().map(str::to_owned).collect(),
                    area_id: area(slug).await?,
                    location: None,
                    on_behalf_of: None,
                    intake: None,
                },
            )
            .await
            .map_err(app_err)?;
        if publish {
            app.change_idea_status(&author, idea.id, IdeaStatus::Published, None)
                .await
                .map_err(app_err)?;
        }
        ids.push(idea.id);
        made += 1;
    }
    for (idea, supporters) in [
        (ids[0], vec!["jan", "sanne", "mehmet", "priya"]),
        (ids[1], vec!["fatima", "sanne"]),
        (ids[3], vec!["fatima", "jan", "priya"]),
    ] {
        for name in supporters {
            let supporter = who(&format!("{name}@demo.plein.example"))?;
            app.support_idea(&supporter, idea, None)
                .await
                .map_err(app_err)?;
        }
    }
    let ingrid = who("ingrid@demo.plein.example")?;
    let comment = |actor: Actor,
                   subject_kind,
                   subject_id,
                   parent_id,
                   body: &'static str,
                   official| async move {
        app.post_comment(
            &actor,
            NewCommentInput {
                subject_kind,
                subject_id,
                parent_id,
                body: body.to_owned(),
                official,
                on_behalf_of: None,
                intake: None,
            },
        )
        .await
        .map_err(app_err)
    };
    let question = comment(
        who("priya@demo.plein.example")?,
        SubjectKind::Idea,
        ids[1],
        None,
        "Goed idee! Ook 's avonds is het daar slecht verlicht.",
        false,
    )
    .await?;
    comment(
        ingrid.clone(),
        SubjectKind::Idea,
        ids[1],
        Some(question.id),
        "Dank voor jullie meldingen. We laten deze maand de verkeerssnelheid meten en komen daarna met een voorstel.",
        true,
    )
    .await?;
    app.change_idea_status(
        &ingrid,
        ids[1],
        IdeaStatus::UnderReview,
        Some("De gemeente onderzoekt de verkeersveiligheid rond de school.".to_owned()),
    )
    .await
    .map_err(app_err)?;

    let now = chrono::Utc::now();
    let plan = app
        .create_plan(
            &ingrid,
            NewPlanInput {
                title: "Nieuwe inrichting van het Molenplein".to_owned(),
                description: "Het Molenplein krijgt in 2027 een nieuwe inrichting. Voordat we gaan tekenen, horen we graag wat u belangrijk vindt: groen, spelen, ontmoeten of parkeren?".to_owned(),
                area_id: area("molenwijk").await?,
                opens_at: now - chrono::Duration::days(1),
                closes_at: now + chrono::Duration::days(21),
                questions: vec![
                    "Wat vindt u het belangrijkst op het nieuwe plein?".to_owned(),
                    "Welke plekken voelen nu onveilig?".to_owned(),
                ],
                location: None,
            },
        )
        .await
        .map_err(app_err)?;
    app.set_plan_status(&ingrid, plan.id, PlanStatus::Consulting)
        .await
        .map_err(app_err)?;
    app.link_idea(&ingrid, plan.id, ids[0], true)
        .await
        .map_err(app_err)?;
    comment(
        fatima,
        SubjectKind::Plan,
        plan.id,
        None,
        "Graag bankjes in de schaduw, en een watertappunt.",
        false,
    )
    .await?;
    Ok(made + 1)
}

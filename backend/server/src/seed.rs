//! `plein seed-demo`: a believable Dutch demo municipality, so a newcomer sees
//! a living square. Running it again changes nothing.

use plein_app::App;
use plein_app::system::{Ensured, SystemUser};
use plein_domain::{AreaKind, Role};

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
        let (_, state) = app
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
    }
    if created == 0 {
        println!("The demo municipality Gemeente Amstelveld was already there; nothing changed.");
    } else {
        println!("Created {created} demo areas and accounts in Gemeente Amstelveld.");
    }
    println!("Demo accounts (password {DEMO_PASSWORD}):");
    for person in PEOPLE {
        println!("  {:<32} {} ({})", person.email, person.name, person.role);
    }
    Ok(())
}

//! Small Dutch word lists the generator combines into names, titles and text.

pub const MUNICIPALITY: &str = "Gemeente Westerlanden";

pub const DISTRICTS: &[&str] = &[
    "Centrum",
    "Noord",
    "Oost",
    "Zuid",
    "West",
    "Noordoost",
    "Zuidoost",
    "Zuidwest",
    "Noordwest",
    "Haven",
    "Polder",
    "Duinzijde",
];

/// First parts of neighbourhood names; combined with [`PLACE_ENDS`].
pub const PLACE_STARTS: &[&str] = &[
    "Molen",
    "Vogel",
    "Bloemen",
    "Schilders",
    "Dichters",
    "Rivieren",
    "Bomen",
    "Zeehelden",
    "Kastanje",
    "Linden",
    "Eiken",
    "Wilgen",
    "Berken",
    "Haven",
    "Spoor",
    "Kerk",
    "Markt",
    "Dijk",
    "Sluis",
    "Brug",
    "Water",
    "Zand",
    "Veen",
    "Heide",
    "Duin",
    "Polder",
    "Akker",
    "Weide",
    "Hof",
    "Burg",
    "Kade",
    "Gracht",
    "Beek",
    "Bos",
    "Tuin",
    "Rozen",
    "Tulpen",
    "Muziek",
    "Sterren",
    "Zon",
];

pub const PLACE_ENDS: &[&str] = &[
    "buurt", "wijk", "kwartier", "park", "dorp", "veld", "hof", "zicht", "rijk", "horst", "oord",
    "kamp", "laan",
];

pub const FIRST_NAMES: &[&str] = &[
    "Fatima", "Jan", "Sanne", "Mohamed", "Eva", "Daan", "Lotte", "Sem", "Noor", "Bram", "Anouk",
    "Thijs", "Emma", "Ruben", "Fenna", "Youssef", "Ilse", "Joost", "Mila", "Kees", "Aylin",
    "Pieter", "Zeynep", "Wouter", "Sara", "Hugo", "Lieke", "Milan", "Roos", "Tim", "Esther",
    "Gijs", "Nadia", "Luuk", "Iris", "Mustafa", "Femke", "Jesse", "Hanneke", "Priya",
];

pub const LAST_NAMES: &[&str] = &[
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "el Amrani",
    "Yilmaz",
    "Kaya",
    "Mertens",
    "van Dijk",
    "Verhoeven",
    "Koster",
    "Prins",
    "Huisman",
    "Postma",
    "Kuipers",
    "van der Linden",
];

/// Title openings; each is followed by a thing and a place.
pub const WISHES: &[&str] = &[
    "Meer",
    "Nieuwe",
    "Betere",
    "Veiligere",
    "Extra",
    "Groenere",
    "Bredere",
    "Rustigere",
];

pub const THINGS: &[&str] = &[
    "bankjes",
    "bomen",
    "fietsenstallingen",
    "speeltoestellen",
    "lantaarns",
    "afvalbakken",
    "oversteekplaatsen",
    "geveltuinen",
    "laadpalen",
    "drinkwaterpunten",
    "moestuinen",
    "zebrapaden",
    "picknicktafels",
    "hondenveldjes",
    "bloembakken",
    "fietspaden",
];

pub const STREETS: &[&str] = &[
    "Dorpsstraat",
    "Kerkstraat",
    "Molenweg",
    "Stationsplein",
    "Schoolstraat",
    "Marktplein",
    "Julianalaan",
    "Beatrixstraat",
    "Parkweg",
    "Havenkade",
    "Lindenlaan",
    "Sportlaan",
    "Burgemeester de Withof",
    "Waterstraat",
    "Raadhuisplein",
    "Emmalaan",
];

pub const SENTENCES: &[&str] = &[
    "Veel buren lopen hier dagelijks langs en missen dit.",
    "Op drukke middagen is het hier onoverzichtelijk.",
    "Kinderen uit de buurt spelen hier graag.",
    "Het zou de straat een stuk gezelliger maken.",
    "We willen graag meedenken over de uitvoering.",
    "In de zomer is er weinig schaduw.",
    "Ouderen zoeken een plek om even uit te rusten.",
    "De gemeente heeft dit eerder al toegezegd.",
    "Met een kleine investering is veel te winnen.",
    "Buurtbewoners willen het onderhoud op zich nemen.",
];

pub const REACTIONS: &[&str] = &[
    "Goed idee, ik steun dit!",
    "Ik woon om de hoek en merk dit elke dag.",
    "Misschien kan het ook een paar meter verderop?",
    "Wie doet er mee met een buurtavond hierover?",
    "Eens, maar let op de parkeerplaatsen.",
    "Dit is al jaren een wens van de buurt.",
    "Mooi plan, denk ook aan mensen met een rolstoel.",
    "Ik help graag mee met het onderhoud.",
];

pub const TAGS: &[&str] = &[
    "verkeer",
    "groen",
    "spelen",
    "veiligheid",
    "fiets",
    "afval",
    "cultuur",
    "sport",
    "water",
];

pub const PLAN_TOPICS: &[&str] = &[
    "Herinrichting",
    "Vergroening",
    "Verkeersplan",
    "Speelruimteplan",
    "Opknapbeurt",
    "Parkeervisie",
];

pub const GROUP_TOPICS: &[&str] = &[
    "Werkgroep Groen",
    "Buurtpreventie",
    "Speeltuincommissie",
    "Repair Café",
    "Buurtmoestuin",
    "Fietsbrigade",
];

//! Words for generated conversations: what residents ask a municipality about, how agents
//! answer, names. Invented, in the register of a KCC's WhatsApp queue.

/// (label, the resident's opening questions, a follow-up).
pub const TOPICS: [(&str, &[&str], &str); 12] = [
    (
        "paspoort",
        &[
            "Goedemiddag, mijn paspoort verloopt volgende maand. Kan ik online een afspraak maken om een nieuwe aan te vragen en wat moet ik meenemen?",
            "Hoi, hoe lang duurt het voordat mijn nieuwe paspoort klaar is? We gaan over vijf weken op vakantie.",
        ],
        "Moet ik zelf een pasfoto meenemen of kan die bij jullie gemaakt worden?",
    ),
    (
        "id-kaart",
        &[
            "Ik ben mijn ID-kaart verloren. Moet ik eerst aangifte doen bij de politie of kan ik meteen een nieuwe aanvragen?",
            "Mijn dochter is 12, heeft zij een eigen ID-kaart nodig voor een schoolreis naar België?",
        ],
        "En kan ik de kaart ook door iemand anders laten ophalen?",
    ),
    (
        "rijbewijs",
        &[
            "Mijn rijbewijs is verlopen, kan ik het verlengen zonder nieuwe keuring? Ik ben 74.",
            "Goedemorgen, ik heb mijn rijbewijs online aangevraagd maar nog geen bericht gekregen. Wanneer kan ik het ophalen?",
        ],
        "Het is inmiddels twee weken geleden, klopt dat?",
    ),
    (
        "verhuizing",
        &[
            "We verhuizen op 1 maart naar een andere wijk in de gemeente. Hoe geef ik de verhuizing door voor het hele gezin?",
            "Ik ben bij mijn vriend ingetrokken, moet ik dat binnen vijf dagen doorgeven? Wat heb ik nodig?",
        ],
        "Hij moet toestemming geven toch? Hoe gaat dat precies?",
    ),
    (
        "afval",
        &[
            "De container is vandaag niet geleegd terwijl hij gewoon aan de straat stond. Wanneer komen jullie alsnog?",
            "Hoe kan ik grofvuil laten ophalen? Het gaat om een bank en een oude kast.",
        ],
        "Kost dat iets en moet ik het de avond ervoor buiten zetten?",
    ),
    (
        "parkeren",
        &[
            "Ik wil een parkeervergunning aanvragen voor mijn nieuwe auto. Kan ik de oude vergunning omzetten?",
            "Mijn bezoekersparkeerkaart werkt niet meer in de app. Wat moet ik doen?",
        ],
        "Het kenteken is al gewijzigd bij de RDW.",
    ),
    (
        "belastingen",
        &[
            "Ik heb de aanslag gemeentelijke belastingen ontvangen maar de WOZ-waarde lijkt me veel te hoog. Hoe maak ik bezwaar?",
            "Kan ik de afvalstoffenheffing in termijnen betalen? Ik kan het niet in één keer.",
        ],
        "Tot wanneer kan ik bezwaar maken?",
    ),
    (
        "bijstand",
        &[
            "Ik ben mijn baan kwijt en weet niet hoe ik de huur moet betalen. Kan ik bij jullie bijstand aanvragen?",
            "Mijn uitkering is deze maand niet op mijn rekening gekomen. Kunt u kijken wat er aan de hand is?",
        ],
        "Ik heb de formulieren vorige week al ingeleverd.",
    ),
    (
        "openbare-ruimte",
        &[
            "De lantaarnpaal voor ons huis is al een week kapot, het is 's avonds helemaal donker in de straat.",
            "Er ligt een losse stoeptegel bij de bushalte, mijn moeder is er bijna over gevallen.",
        ],
        "Hier is een foto van de plek.",
    ),
    (
        "geboorte",
        &[
            "Onze zoon is gisteren geboren. Kan ik de aangifte online doen of moet ik langskomen?",
            "Wat moet ik meenemen voor de geboorteaangifte als we niet getrouwd zijn?",
        ],
        "Moet de erkenning eerst geregeld zijn?",
    ),
    (
        "huwelijk",
        &[
            "Wij willen volgend jaar trouwen op het stadhuis. Hoe ver van tevoren moeten we de datum vastleggen?",
            "Kunnen we ook gratis trouwen bij de gemeente? Welke dagen kan dat?",
        ],
        "Hoeveel getuigen mogen we meenemen?",
    ),
    (
        "wmo",
        &[
            "Mijn vader kan niet meer goed lopen. Kan hij via de Wmo een scootmobiel krijgen?",
            "Ik wil huishoudelijke hulp aanvragen voor mijn moeder. Hoe werkt het keukentafelgesprek?",
        ],
        "Hij woont nog zelfstandig, maakt dat uit?",
    ),
];

pub const AGENT_REPLIES: [&str; 8] = [
    "Goedemiddag, dank voor uw bericht. Ik zoek het voor u uit en kom er vandaag nog bij u op terug.",
    "Dank je wel voor je vraag. Dat kan via de website onder 'Afspraak maken'; neem een geldig legitimatiebewijs mee.",
    "Ik heb uw melding doorgezet naar de afdeling die erover gaat. U krijgt binnen vijf werkdagen bericht.",
    "Kunt u mij uw postcode en huisnummer sturen? Dan kijk ik het direct na.",
    "Dat klopt, de levertijd is op dit moment ongeveer vijf werkdagen na de aanvraag.",
    "Ik heb een terugbelverzoek voor u klaargezet. Een collega belt u morgen tussen 9 en 12 uur.",
    "Het bezwaar kunt u digitaal indienen met DigiD. Ik stuur u de link.",
    "Fijn dat het gelukt is! Is er verder nog iets waarmee ik u kan helpen?",
];

pub const RESIDENT_SHORT: [&str; 6] = [
    "Dank u wel!",
    "Oké, duidelijk.",
    "1234 AB 12",
    "Nee, verder niets. Fijne dag!",
    "Ik heb het net geprobeerd maar het lukt niet 😕",
    "Top, dan wacht ik af.",
];

pub const FIRST_NAMES: [&str; 24] = [
    "Fatima", "Daan", "Sanne", "Mohamed", "Emma", "Jan", "Anouk", "Kees", "Yasmina", "Lucas",
    "Marieke", "Ahmet", "Noor", "Pieter", "Ilse", "Rachid", "Femke", "Bram", "Zeynep", "Henk",
    "Lotte", "Sem", "Priya", "Willem",
];

pub const LAST_NAMES: [&str; 20] = [
    "de Vries",
    "Jansen",
    "Bakker",
    "El Amrani",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Yılmaz",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Kaya",
    "Dekker",
    "Brouwer",
    "van Leeuwen",
];

pub const TEAMS: [(&str, &str); 6] = [
    ("burgerzaken", "Burgerzaken"),
    ("afval", "Afval en grondstoffen"),
    ("belastingen", "Belastingen"),
    ("werk-inkomen", "Werk en inkomen"),
    ("openbare-ruimte", "Openbare ruimte"),
    ("zorg", "Zorg en Wmo"),
];

/// Extra labels besides the topic's.
pub const EXTRA_LABELS: [&str; 4] = ["spoed", "terugbelverzoek", "klacht", "compliment"];

//! Meta's error codes explained in Dutch, for the agent whose message failed.

/// A short Dutch explanation of a Meta error code, for the agent who sent the message.
pub fn explain_nl(code: i64) -> &'static str {
    match code {
        131047 => {
            "Het 24-uursvenster is gesloten: de inwoner heeft langer dan 24 uur geleden voor het laatst geschreven. Stuur een goedgekeurd sjabloon om het gesprek te heropenen."
        }
        131026 => {
            "Het bericht kon niet worden afgeleverd: dit nummer gebruikt geen WhatsApp of heeft een verouderde app."
        }
        130429 => {
            "WhatsApp beperkt tijdelijk hoeveel berichten de gemeente per seconde mag versturen."
        }
        131056 => "Er zijn in korte tijd te veel berichten naar deze inwoner gestuurd.",
        4 | 80007 => "Het WhatsApp-kanaal heeft tijdelijk te veel verzoeken bij Meta gedaan.",
        131057 => "Het WhatsApp-nummer van de gemeente is tijdelijk in onderhoud bij Meta.",
        1 | 2 | 131000 | 131016 => "Er is een tijdelijke storing bij WhatsApp.",
        0 | 190 => {
            "De toegangssleutel van het WhatsApp-kanaal is verlopen of ingetrokken; een beheerder moet het kanaal opnieuw koppelen."
        }
        3 | 10 | 200..=299 => {
            "Het WhatsApp-kanaal heeft niet de benodigde rechten bij Meta; een beheerder moet de koppeling controleren."
        }
        131049 => {
            "WhatsApp heeft het bericht tegengehouden om te voorkomen dat de inwoner te veel berichten van bedrijven krijgt. Probeer het op zijn vroegst over 24 uur opnieuw."
        }
        131050 => "De inwoner heeft aangegeven geen marketingberichten meer te willen ontvangen.",
        130472 => {
            "WhatsApp heeft het bericht niet afgeleverd, omdat het nummer van de inwoner meedoet aan een experiment van Meta."
        }
        131052 => {
            "De bijlage van de inwoner kon niet worden opgehaald (bijvoorbeeld omdat die groter is dan 100 MB)."
        }
        100 => "Het bericht bevat een ongeldig gegeven.",
        131008 => "Er ontbreekt een verplicht gegeven in het bericht.",
        131009 => "Een gegeven in het bericht heeft een ongeldige waarde.",
        131021 => {
            "Afzender en ontvanger zijn hetzelfde nummer; de gemeente kan zichzelf geen bericht sturen."
        }
        131051 => "Dit berichttype wordt niet ondersteund.",
        131053 => "De bijlage kon niet worden verwerkt; controleer het bestandstype en de grootte.",
        133010 => "Het WhatsApp-nummer van de gemeente is niet geregistreerd.",
        132000 => "Het aantal parameters past niet bij het sjabloon.",
        132001 => "Dit sjabloon bestaat niet in deze taal of is (nog) niet goedgekeurd.",
        132005 => "De tekst van het sjabloon wordt met de ingevulde parameters te lang.",
        132007 => "De inhoud van het sjabloon is in strijd met het beleid van WhatsApp.",
        132012 => "Een parameter heeft niet de vorm die het sjabloon verwacht.",
        132015 => "Dit sjabloon is gepauzeerd vanwege lage kwaliteit.",
        132016 => {
            "Dit sjabloon is uitgeschakeld vanwege aanhoudend lage kwaliteit en kan niet meer worden gebruikt."
        }
        368 => {
            "Het WhatsApp-account van de gemeente is tijdelijk beperkt wegens overtreding van het beleid van Meta."
        }
        131031 => {
            "Het WhatsApp-account van de gemeente is vergrendeld; een beheerder moet contact opnemen met Meta."
        }
        130497 => "Het WhatsApp-account van de gemeente mag geen berichten sturen naar dit land.",
        131048 => {
            "Er kunnen tijdelijk minder berichten worden verstuurd, omdat eerdere berichten als spam zijn gemeld."
        }
        130403 => {
            "Dit nummer is door de gemeente geblokkeerd in WhatsApp; hef de blokkade op om berichten te sturen."
        }
        135000 => "Er ging bij WhatsApp iets mis met dit bericht.",
        _ => "Meta weigerde het bericht.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_token_and_template_codes_are_explained_in_dutch() {
        assert_eq!(
            explain_nl(131047),
            "Het 24-uursvenster is gesloten: de inwoner heeft langer dan 24 uur geleden voor het laatst geschreven. Stuur een goedgekeurd sjabloon om het gesprek te heropenen."
        );
        assert_eq!(
            explain_nl(131026),
            "Het bericht kon niet worden afgeleverd: dit nummer gebruikt geen WhatsApp of heeft een verouderde app."
        );
        assert_eq!(
            explain_nl(131051),
            "Dit berichttype wordt niet ondersteund."
        );
        assert_eq!(
            explain_nl(132000),
            "Het aantal parameters past niet bij het sjabloon."
        );
        assert_eq!(
            explain_nl(132001),
            "Dit sjabloon bestaat niet in deze taal of is (nog) niet goedgekeurd."
        );
        assert_eq!(
            explain_nl(132012),
            "Een parameter heeft niet de vorm die het sjabloon verwacht."
        );
        assert_eq!(
            explain_nl(133010),
            "Het WhatsApp-nummer van de gemeente is niet geregistreerd."
        );
        let token = "De toegangssleutel van het WhatsApp-kanaal is verlopen of ingetrokken; een beheerder moet het kanaal opnieuw koppelen.";
        assert_eq!(explain_nl(190), token);
        assert_eq!(explain_nl(0), token);
    }

    #[test]
    fn every_listed_code_has_its_own_explanation_and_the_rest_a_generic_one() {
        let fallback = explain_nl(999_999);
        assert_eq!(fallback, "Meta weigerde het bericht.");
        let listed = [
            130429, 131056, 4, 80007, 131057, 1, 2, 131000, 131016, 131047, 131026, 131049, 131050,
            130472, 131052, 100, 131008, 131009, 131021, 131051, 131053, 133010, 135000, 132000,
            132001, 132005, 132007, 132012, 132015, 132016, 0, 190, 3, 10, 200, 299, 368, 131031,
            130497, 131048, 130403,
        ];
        for code in listed {
            let text = explain_nl(code);
            assert_ne!(text, fallback, "{code}");
            assert!(text.ends_with('.') && text.len() < 240, "{code}: {text}");
        }
        assert!(explain_nl(130429).contains("per seconde"));
        assert!(explain_nl(131056).contains("deze inwoner"));
    }
}

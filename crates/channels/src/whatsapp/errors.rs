//! What can go wrong talking to the Graph API, classified for retrying, and explained in
//! Dutch for agents.

use loket_domain::delivery::ProviderError;

use super::wire::GraphErrorEnvelope;

/// Meta error codes worth retrying after a back-off: throughput (130429), pair rate
/// (131056), app and WABA call limits (4, 80007), maintenance (131057) and the
/// unknown/temporary ones (131000, 131016, 1, 2).
pub const RETRYABLE_CODES: [i64; 9] = [130429, 131056, 4, 80007, 131057, 131000, 131016, 1, 2];

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// No response arrived (connection refused or reset, DNS, TLS…). The request may or
    /// may not have reached Meta. Retryable. The URL is stripped from the inner error.
    #[error("transport failure talking to the Graph API: {0}")]
    Transport(#[source] reqwest::Error),
    /// The request or the body download timed out. Retryable; for sends, the outcome is
    /// unknown.
    #[error("the Graph API request timed out")]
    Timeout,
    /// Meta answered with an error body (`{"error":{…}}`). The deprecated `error_subcode`
    /// and the `type` are left out (see [`wire::GraphErrorBody`](super::wire::GraphErrorBody)).
    #[error("Graph API error {code} (HTTP {status}): {message}")]
    Api {
        status: u16,
        code: i64,
        /// The title: `error_user_title`, else `message` without its `(#code) ` prefix.
        title: String,
        /// `message` verbatim, e.g. `(#130429) Rate limit hit`.
        message: String,
        /// `error_data.details`.
        details: Option<String>,
        is_transient: bool,
        fbtrace_id: Option<String>,
    },
    /// A response we could not make sense of: a success body that is not the expected
    /// JSON, or an error status without Meta's error body (e.g. a proxy's HTML page).
    #[error("unexpected Graph API response (HTTP {status}): {detail}")]
    InvalidResponse { status: u16, detail: String },
    /// The download exceeded the caller's limit (announced or while streaming).
    #[error("the file exceeds the limit of {max_bytes} bytes")]
    TooLarge { max_bytes: u64 },
    /// The media URL is no longer valid (HTTP 404 or 410): fetch a new one with `media_info`.
    #[error("the media URL has expired")]
    Expired,
    /// We refused to send the request (a malformed media id or URL).
    #[error("invalid Graph API request: {0}")]
    InvalidRequest(String),
}

impl GraphError {
    /// Whether trying again later may succeed: transport failures, timeouts, HTTP 5xx and
    /// 429, errors Meta marks `is_transient`, and the [`RETRYABLE_CODES`]. An expired URL
    /// is not retryable as such: fetch a new URL.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout => true,
            Self::Api {
                status,
                code,
                is_transient,
                ..
            } => {
                *status >= 500 || *status == 429 || *is_transient || RETRYABLE_CODES.contains(code)
            }
            Self::InvalidResponse { status, .. } => *status >= 500 || *status == 429,
            Self::TooLarge { .. } | Self::Expired | Self::InvalidRequest(_) => false,
        }
    }

    /// Meta's error code, for [`GraphError::Api`].
    pub fn code(&self) -> Option<i64> {
        match self {
            Self::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// What to do about it (see [`ErrorClass`]): Meta's code decides when there is one;
    /// otherwise transport failures, timeouts, HTTP 5xx are transient and HTTP 429 is
    /// throttling.
    pub fn class(&self) -> ErrorClass {
        match self {
            Self::Api { status, code, .. } => match classify(*code) {
                ErrorClass::Permanent if *status >= 500 => ErrorClass::Transient,
                ErrorClass::Permanent if *status == 429 => ErrorClass::Throttled,
                class => class,
            },
            Self::Transport(_) | Self::Timeout => ErrorClass::Transient,
            Self::InvalidResponse { status, .. } if *status >= 500 => ErrorClass::Transient,
            Self::InvalidResponse { status: 429, .. } => ErrorClass::Throttled,
            Self::InvalidResponse { .. }
            | Self::TooLarge { .. }
            | Self::Expired
            | Self::InvalidRequest(_) => ErrorClass::Permanent,
        }
    }

    /// Meta's error as the domain keeps it (code, title, details), for [`GraphError::Api`].
    pub fn provider_error(&self) -> Option<ProviderError> {
        match self {
            Self::Api {
                code,
                title,
                details,
                ..
            } => Some(ProviderError {
                code: *code,
                title: title.clone(),
                details: details.clone(),
            }),
            _ => None,
        }
    }

    /// A reqwest error without a response (or while reading the body).
    pub(crate) fn from_reqwest(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else if e.is_builder() {
            Self::InvalidRequest(e.without_url().to_string())
        } else {
            Self::Transport(e.without_url())
        }
    }

    /// An HTTP error status with its body: Meta's error envelope when it parses.
    pub(crate) fn from_error_body(status: u16, body: &[u8]) -> Self {
        match serde_json::from_slice::<GraphErrorEnvelope>(body) {
            Ok(GraphErrorEnvelope { error }) => Self::Api {
                status,
                code: error.code,
                title: error.title().to_owned(),
                details: error.error_data.and_then(|d| d.details),
                is_transient: error.is_transient.unwrap_or(false),
                fbtrace_id: error.fbtrace_id,
                message: error.message,
            },
            Err(_) => Self::InvalidResponse {
                status,
                detail: snippet(body),
            },
        }
    }
}

/// A failed send, split by what the outbox must do about it.
///
/// The split follows one question: *can Meta have accepted the message?* If certainly not,
/// sending again is safe ([`NotSent`](Self::NotSent)). If perhaps, sending again may
/// deliver it twice, so the message becomes "uncertain" and waits for a status webhook or
/// a person ([`Unknown`](Self::Unknown)).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Meta did not accept the message: the connection failed before the request was
    /// written (refused, DNS, TLS), we refused to send it, or Meta answered with an HTTP
    /// error (its error body, or a 5xx). Safe to retry when [`GraphError::class`] says so.
    #[error("not sent: {0}")]
    NotSent(#[source] GraphError),
    /// The request may have reached Meta but no usable answer came back: a timeout or a
    /// reset after the connection was made, or a 2xx answer we could not read.
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

impl SendError {
    /// The error when the message was certainly not sent.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Self::NotSent(e) => Some(e),
            Self::Unknown(_) => None,
        }
    }
}

/// What to do about a Meta error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Too fast: back off (Meta suggests 4^n seconds) and retry. 130429, 131056, 4,
    /// 80007, 131057.
    Throttled,
    /// A temporary problem on Meta's side: retry. 1, 2, 131000, 131016 (and HTTP 5xx).
    Transient,
    /// 131047: the 24-hour window is closed; only a template can reach the resident.
    WindowClosed,
    /// 0, 190: the access token expired or was revoked; an administrator must reconnect.
    AuthExpired,
    /// Anything else: retrying the same request will fail again.
    Permanent,
}

impl ErrorClass {
    /// Whether sending the same request again later may succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Throttled | Self::Transient)
    }
}

/// The [`ErrorClass`] of a Meta error code.
pub fn classify(code: i64) -> ErrorClass {
    match code {
        130429 | 131056 | 4 | 80007 | 131057 => ErrorClass::Throttled,
        1 | 2 | 131000 | 131016 => ErrorClass::Transient,
        131047 => ErrorClass::WindowClosed,
        0 | 190 => ErrorClass::AuthExpired,
        _ => ErrorClass::Permanent,
    }
}

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
        131056 => {
            "Er zijn in korte tijd te veel berichten naar deze inwoner gestuurd."
        }
        4 | 80007 => {
            "Het WhatsApp-kanaal heeft tijdelijk te veel verzoeken bij Meta gedaan."
        }
        131057 => {
            "Het WhatsApp-nummer van de gemeente is tijdelijk in onderhoud bij Meta."
        }
        1 | 2 | 131000 | 131016 => {
            "Er is een tijdelijke storing bij WhatsApp."
        }
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
        131021 => "Afzender en ontvanger zijn hetzelfde nummer; de gemeente kan zichzelf geen bericht sturen.",
        131051 => "Dit berichttype wordt niet ondersteund.",
        131053 => {
            "De bijlage kon niet worden verwerkt; controleer het bestandstype en de grootte."
        }
        133010 => "Het WhatsApp-nummer van de gemeente is niet geregistreerd.",
        132000 => "Het aantal parameters past niet bij het sjabloon.",
        132001 => "Dit sjabloon bestaat niet in deze taal of is (nog) niet goedgekeurd.",
        132005 => "De tekst van het sjabloon wordt met de ingevulde parameters te lang.",
        132007 => "De inhoud van het sjabloon is in strijd met het beleid van WhatsApp.",
        132012 => "Een parameter heeft niet de vorm die het sjabloon verwacht.",
        132015 => "Dit sjabloon is gepauzeerd vanwege lage kwaliteit.",
        132016 => "Dit sjabloon is uitgeschakeld vanwege aanhoudend lage kwaliteit en kan niet meer worden gebruikt.",
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

/// The start of a body for an error message: at most 200 characters, lossy UTF-8.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(800)]);
    let mut out: String = text.chars().take(200).collect();
    if out.len() < text.len() || body.len() > 800 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, code: i64) -> GraphError {
        GraphError::Api {
            status,
            code,
            title: String::new(),
            message: String::new(),
            details: None,
            is_transient: false,
            fbtrace_id: None,
        }
    }

    #[test]
    fn throttling_and_temporary_codes_are_retryable_and_request_errors_are_not() {
        for code in RETRYABLE_CODES {
            assert!(api(400, code).is_retryable(), "{code}");
        }
        for code in [100, 131047, 131026, 190, 132001] {
            assert!(!api(400, code).is_retryable(), "{code}");
        }
        assert!(api(503, 100).is_retryable());
        assert!(GraphError::Timeout.is_retryable());
        assert!(!GraphError::Expired.is_retryable());
        assert!(!GraphError::TooLarge { max_bytes: 1 }.is_retryable());
    }

    #[test]
    fn the_error_stays_small_enough_to_return_by_value() {
        assert!(std::mem::size_of::<GraphError>() < 128);
    }

    #[test]
    fn a_non_meta_error_body_is_an_invalid_response_with_a_short_snippet() {
        let body = "<html>".repeat(1000);
        let e = GraphError::from_error_body(502, body.as_bytes());
        let GraphError::InvalidResponse { status, detail } = &e else {
            panic!("{e:?}");
        };
        assert_eq!(*status, 502);
        assert!(detail.chars().count() <= 201);
        assert!(e.is_retryable());
    }
}

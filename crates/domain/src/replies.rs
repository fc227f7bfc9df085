//! Saved replies (snelle antwoorden): the municipality's own texts, found by a `/shortcut`
//! in the composer and filled with variables (`{{voornaam}}`, `{{gemeente}}`, …) for the
//! conversation at hand. Pure rules: parsing the shortcut, checking a text's variables,
//! filling them, and matching what an agent types.

use crate::input::FieldProblem;

/// Longest shortcut (without its slash): short enough to type, long enough to read.
pub const MAX_SHORTCUT_CHARS: usize = 32;
/// Longest title shown in the picker and the admin list.
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest text: WhatsApp's limit for one free-form message.
pub const MAX_TEXT_CHARS: usize = 4096;

/// A variable a saved reply's text may hold, written `{{name}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variable {
    /// The first word of the resident's name.
    Voornaam,
    /// The resident's name as the organisation knows it.
    Naam,
    /// The organisation's name.
    Gemeente,
    /// The organisation's opening hours (a configured text).
    Openingstijden,
    /// The signed-in colleague's name.
    Medewerker,
    /// Today's date in Amsterdam, written out in Dutch.
    Datum,
}

impl Variable {
    pub const ALL: [Variable; 6] = [
        Variable::Voornaam,
        Variable::Naam,
        Variable::Gemeente,
        Variable::Openingstijden,
        Variable::Medewerker,
        Variable::Datum,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Variable::Voornaam => "voornaam",
            Variable::Naam => "naam",
            Variable::Gemeente => "gemeente",
            Variable::Openingstijden => "openingstijden",
            Variable::Medewerker => "medewerker",
            Variable::Datum => "datum",
        }
    }

    pub fn parse(name: &str) -> Option<Variable> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// A shortcut: lower-case letters, digits and dashes, 1 to 32 of them (`paspoort`,
/// `afval-grof`). Shown and typed with a leading slash, stored without it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shortcut(String);

impl Shortcut {
    /// Accepts an optional leading `/` and surrounding spaces; capitals are lowered (an
    /// admin typing `/Paspoort` means `/paspoort`). The reason never quotes the input.
    pub fn parse(text: &str) -> Result<Shortcut, String> {
        let text = text.trim();
        let text = text.strip_prefix('/').unwrap_or(text).to_lowercase();
        let len = text.chars().count();
        if len == 0 {
            return Err("must not be empty".into());
        }
        if len > MAX_SHORTCUT_CHARS {
            return Err(format!(
                "must be at most {MAX_SHORTCUT_CHARS} characters ({len} given)"
            ));
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !text.chars().all(allowed) {
            return Err("may hold only lower-case letters (a-z), digits and dashes".into());
        }
        Ok(Shortcut(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Shortcut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A saved reply's fields, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReply {
    pub shortcut: Shortcut,
    pub title: String,
    pub text: String,
}

/// Check a saved reply: the shortcut's form, a title and a text that are not empty nor too
/// long, and only known variables in the text. Reports every problem at once, named by
/// field (`shortcut`, `title`, `text`); the reasons never quote the (possibly huge) input
/// beyond a short unknown variable's name.
pub fn check_reply(
    shortcut: &str,
    title: &str,
    text: &str,
) -> Result<CheckedReply, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let shortcut = Shortcut::parse(shortcut)
        .map_err(|reason| problems.push(FieldProblem::new("shortcut", reason)))
        .ok();
    let title = title.trim();
    if let Some(reason) = bounded(title, MAX_TITLE_CHARS) {
        problems.push(FieldProblem::new("title", reason));
    }
    let text = text.trim();
    if let Some(reason) = bounded(text, MAX_TEXT_CHARS) {
        problems.push(FieldProblem::new("text", reason));
    } else if let Err(reason) = check_variables(text) {
        problems.push(FieldProblem::new("text", reason));
    }
    match shortcut {
        Some(shortcut) if problems.is_empty() => Ok(CheckedReply {
            shortcut,
            title: title.to_owned(),
            text: text.to_owned(),
        }),
        _ => Err(problems),
    }
}

fn bounded(text: &str, max: usize) -> Option<String> {
    let len = text.chars().count();
    if len == 0 {
        Some("must not be empty".into())
    } else if len > max {
        Some(format!("must be at most {max} characters ({len} given)"))
    } else {
        None
    }
}

/// Every `{{…}}` in `text` names a known variable.
pub fn check_variables(text: &str) -> Result<(), String> {
    for piece in pieces(text) {
        if let Piece::Placeholder { name, .. } = piece
            && Variable::parse(name).is_none()
        {
            let known: Vec<String> = Variable::ALL
                .iter()
                .map(|v| format!("{{{{{}}}}}", v.name()))
                .collect();
            let shown: String = name.chars().take(40).collect();
            return Err(format!(
                "unknown variable {{{{{shown}}}}}; known are {}",
                known.join(", ")
            ));
        }
    }
    Ok(())
}

/// A piece of a text: plain text, or a `{{name}}` placeholder (`raw` as written).
enum Piece<'a> {
    Text(&'a str),
    Placeholder { name: &'a str, raw: &'a str },
}

/// Split `text` at its placeholders. An opening `{{` without a closing `}}` is plain text.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else {
            break;
        };
        let end = start + 2 + len + 2;
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        out.push(Piece::Placeholder {
            name: rest[start + 2..end - 2].trim(),
            raw: &rest[start..end],
        });
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The values of one conversation's variables; `None` where nothing is known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Variables {
    pub voornaam: Option<String>,
    pub naam: Option<String>,
    pub gemeente: Option<String>,
    pub openingstijden: Option<String>,
    pub medewerker: Option<String>,
    pub datum: Option<String>,
}

impl Variables {
    fn get(&self, variable: Variable) -> Option<&str> {
        let value = match variable {
            Variable::Voornaam => &self.voornaam,
            Variable::Naam => &self.naam,
            Variable::Gemeente => &self.gemeente,
            Variable::Openingstijden => &self.openingstijden,
            Variable::Medewerker => &self.medewerker,
            Variable::Datum => &self.datum,
        };
        value.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
}

/// A filled text and the known variables it still holds for want of a value (each once,
/// in order of appearance), for the agent to fill in by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    pub text: String,
    pub missing: Vec<String>,
}

/// Replace each known variable that has a value; one without a value stays visible as
/// `{{name}}` and is listed in `missing`. Anything else (an unknown name, a lone `{{`) is
/// left as written. A value is inserted as is, never read for placeholders itself.
pub fn fill(text: &str, values: &Variables) -> Filled {
    let mut out = String::with_capacity(text.len());
    let mut missing: Vec<String> = Vec::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Placeholder { name, raw } => match Variable::parse(name) {
                None => out.push_str(raw),
                Some(variable) => match values.get(variable) {
                    Some(value) => out.push_str(value),
                    None => {
                        out.push_str(&format!("{{{{{}}}}}", variable.name()));
                        if !missing.iter().any(|m| m == variable.name()) {
                            missing.push(variable.name().to_owned());
                        }
                    }
                },
            },
        }
    }
    Filled { text: out, missing }
}

/// `{{voornaam}}`: the first word of the resident's name, if it holds a letter (a profile
/// name such as "+31 6…" or "🙂" is no first name).
pub fn first_name(name: &str) -> Option<String> {
    let word = name.split_whitespace().next()?;
    word.chars()
        .any(char::is_alphabetic)
        .then(|| word.to_owned())
}

/// `{{datum}}`: a date written out in Dutch ("26 november 2026").
pub fn dutch_date(date: jiff::civil::Date) -> String {
    let month = crate::hours::phrase::MONTHS_NL[(date.month() as usize).saturating_sub(1) % 12];
    format!("{} {month} {}", date.day(), date.year())
}

/// Whether a saved reply matches what the agent typed after the slash: its shortcut starts
/// with it, or its title holds it (case-insensitive). Nothing typed matches everything.
pub fn matches(query: &str, shortcut: &Shortcut, title: &str) -> bool {
    let query = query.trim();
    let query = query.strip_prefix('/').unwrap_or(query).to_lowercase();
    query.is_empty()
        || shortcut.as_str().starts_with(&query)
        || title.to_lowercase().contains(&query)
}

#[cfg(test)]
#[path = "replies_tests.rs"]
mod tests;

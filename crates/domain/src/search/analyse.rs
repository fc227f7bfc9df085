//! The Dutch analyser: words, folding, stems and stop words.
//!
//! Every search (messages, knowledge base) indexes and queries through these functions, so a
//! word is cut, folded and stemmed the same way on both sides.

use std::sync::OnceLock;

use frostem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words longer than this (in characters) are noise — pasted hashes, base64, hostile input —
/// and are skipped; the longest real Dutch compounds stay well below it.
pub const MAX_WORD_CHARS: usize = 60;

/// One word of a text, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Lower-cased, diacritics folded, unstemmed: `"geïnteresseerd"` → `"geinteresseerd"`.
    pub word: String,
    /// The Snowball Dutch stem of `word` (equal to it for numbers and short words).
    pub stem: String,
    /// The word's number in the text (0, 1, 2, …), stop words included.
    pub position: u32,
    /// A function word ("de", "het", "ik"…): indexed for phrases, kept out of scoring.
    pub stop: bool,
    /// Byte range of the word in the analysed text, for snippets and highlighting.
    pub start: usize,
    pub end: usize,
}

/// Splits `text` into words and analyses each one (see [`Token`]).
///
/// Words are runs of letters and digits ("2e", "14", "bsn"); an apostrophe inside a word
/// joins it ("auto's" is one word), every other character separates.
pub fn analyse(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    for (start, end) in word_spans(text) {
        let word = fold(&text[start..end]);
        if word.is_empty() || word.chars().count() > MAX_WORD_CHARS {
            continue;
        }
        let position = tokens.len() as u32;
        tokens.push(Token {
            stem: stem(&word),
            stop: is_stop_word(&word),
            word,
            position,
            start,
            end,
        });
    }
    tokens
}

/// The text stored in a full-text column (SQLite FTS5, PostgreSQL `to_tsvector('simple', …)`):
/// every folded word in order, stop words included (phrases stay adjacent), then the stems
/// that differ from their word, in order. Querying both forms makes up for Snowball Dutch's
/// uneven stems ("fiets" → "fiet", "fietsen" → "fiets"). Deterministic: the same text
/// always gives the same string.
pub fn index_text(text: &str) -> String {
    let tokens = analyse(text);
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for t in &tokens {
        push_word(&mut out, &t.word);
    }
    for t in tokens.iter().filter(|t| t.stem != t.word) {
        push_word(&mut out, &t.stem);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Byte spans of the words of `text`.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = is_apostrophe(c)
            && start.is_some()
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joins {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            spans.push((s, i));
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´')
}

/// Lower-cases and folds one word to plain letters and digits: "Één" → "een",
/// "ĳs" → "ijs", "Straße" → "strasse"; apostrophes are dropped ("auto's" → "autos").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase).nfkd() {
        match c {
            c if is_combining_mark(c) || is_apostrophe(c) => {}
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ł' => out.push('l'),
            'đ' => out.push('d'),
            'ı' => out.push('i'),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// The Snowball Dutch stem of a folded word, with one step more: a final "d" or "t" after
/// a consonant is dropped from stems of 6+ letters, because Snowball leaves verb forms such
/// as "verhuisd", "verhuist" and "betaald" whole while it stems "verhuizing" to "verhuis"
/// and "betalen" to "betaal". Applied alike when indexing and searching, so only matching
/// changes. Numbers and words with digits are kept whole.
pub fn stem(word: &str) -> String {
    if word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_owned();
    }
    let mut stem = snowball_stem(word);
    let mut tail = stem.chars().rev();
    let (last, before) = (tail.next(), tail.next());
    let consonant = before.is_some_and(|c| c.is_alphabetic() && !"aeiouy".contains(c));
    if stem.chars().count() >= 6 && matches!(last, Some('d' | 't')) && consonant {
        stem.pop();
    }
    stem
}

/// Snowball Dutch alone (`frostem`, algorithm `dutch`), for comparisons such as the
/// kb-eval baseline; searches use [`stem`].
pub fn snowball_stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| Stemmer::new(Algorithm::Dutch))
        .stem(word)
        .into_owned()
}

/// Dutch function words, folded, as residents write them too ("me", "mn", "ff"), and chat
/// fillers (greetings, "allemaal", "eigenlijk", "pls") that say nothing about the topic. Question
/// words (waar, wanneer, hoe…) are deliberately *not* here: they tell apart questions
/// such as "Waar mag ik … begraven" and "Wanneer mag ik … begraven".
const STOP_WORDS: &[&str] = &[
    "aan",
    "al",
    "alle",
    "allemaal",
    "als",
    "alvast",
    "aub",
    "bedankt",
    "ben",
    "bent",
    "bij",
    "daar",
    "dan",
    "dankjewel",
    "dat",
    "de",
    "deze",
    "die",
    "dit",
    "doe",
    "door",
    "dus",
    "echt",
    "een",
    "effe",
    "eigenlijk",
    "en",
    "enzo",
    "er",
    "ermee",
    "even",
    "ff",
    "gewoon",
    "goedemiddag",
    "goedemorgen",
    "goedenavond",
    "graag",
    "groetjes",
    "haar",
    "had",
    "hallo",
    "heb",
    "hebben",
    "hebt",
    "heeft",
    "heel",
    "hem",
    "het",
    "hey",
    "hij",
    "hoi",
    "hoor",
    "hun",
    "ie",
    "iets",
    "ik",
    "in",
    "is",
    "je",
    "jij",
    "jou",
    "jouw",
    "kan",
    "kun",
    "kunt",
    "m",
    "maar",
    "me",
    "met",
    "mij",
    "mijn",
    "mijne",
    "mn",
    "n",
    "na",
    "naar",
    "nog",
    "nou",
    "nu",
    "of",
    "ofzo",
    "ok",
    "oke",
    "om",
    "ons",
    "onze",
    "ook",
    "op",
    "over",
    "pls",
    "plz",
    "precies",
    "s",
    "steeds",
    "t",
    "te",
    "toch",
    "tot",
    "u",
    "uit",
    "uw",
    "van",
    "voor",
    "was",
    "we",
    "weer",
    "wel",
    "werd",
    "wij",
    "word",
    "worden",
    "wordt",
    "zal",
    "ze",
    "zich",
    "zij",
    "zijn",
    "zo",
    "zomaar",
    "zou",
];

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        analyse(text).into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn the_stop_word_list_is_sorted_so_lookups_find_every_entry() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    }

    #[test]
    fn words_are_cut_at_punctuation_and_keep_their_digits() {
        assert_eq!(
            words("Kan ik een 2e paspoort? Zoon van 14, Woo-verzoek!"),
            [
                "kan", "ik", "een", "2e", "paspoort", "zoon", "van", "14", "woo", "verzoek"
            ]
        );
    }

    #[test]
    fn diacritics_ligatures_and_capitals_are_folded() {
        assert_eq!(
            words("Geïnteresseerd in ÉÉN café? ĳsvrij, Straße, ﬁets"),
            [
                "geinteresseerd",
                "in",
                "een",
                "cafe",
                "ijsvrij",
                "strasse",
                "fiets"
            ]
        );
    }

    #[test]
    fn an_apostrophe_inside_a_word_joins_it_and_one_around_it_separates() {
        assert_eq!(
            words("auto's en foto’s 'hallo'"),
            ["autos", "en", "fotos", "hallo"]
        );
    }

    #[test]
    fn each_token_knows_its_position_stop_flag_and_byte_range() {
        let text = "Mijn paspoorten";
        let tokens = analyse(text);
        assert_eq!(tokens.len(), 2);
        assert!(tokens[0].stop);
        assert!(!tokens[1].stop);
        assert_eq!(tokens[1].position, 1);
        assert_eq!(&text[tokens[1].start..tokens[1].end], "paspoorten");
        assert_eq!(tokens[1].stem, "paspoor");
    }

    #[test]
    fn index_text_holds_every_folded_word_then_the_stems_that_differ() {
        assert_eq!(
            index_text("De paspoorten van Één fiets"),
            "de paspoorten van een fiets paspoor fiet"
        );
        assert_eq!(index_text("Bel 06 12345678"), "bel 06 12345678");
    }

    #[test]
    fn verb_forms_snowball_leaves_whole_share_the_stem_of_their_noun() {
        assert_eq!(stem("verhuisd"), stem("verhuizing"));
        assert_eq!(stem("verhuist"), stem("verhuizen"));
        assert_eq!(stem("betaald"), stem("betalen"));
        assert_eq!(stem("fietsen"), "fiets");
        assert_eq!(snowball_stem("verhuisd"), "verhuisd");
        assert_eq!(stem("2e"), "2e");
    }

    #[test]
    fn empty_and_separator_only_text_gives_no_tokens() {
        assert!(analyse("").is_empty());
        assert!(analyse(" ?!… -- ''").is_empty());
        assert_eq!(index_text(""), "");
    }

    #[test]
    fn absurdly_long_words_are_skipped() {
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(words(&format!("kort {long} ook")), ["kort", "ook"]);
    }
}

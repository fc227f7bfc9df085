//! File names from uploads are untrusted: a resident's phone shows them, and they end up
//! in paths and headers. Keep only the last path segment's printable characters.

/// Longest file name kept, in characters (the extension is kept when cutting).
pub const MAX_FILENAME_CHARS: usize = 100;

/// What a file without a usable name is called ("attachment").
const FALLBACK: &str = "bijlage";

/// The name without directories, control or bidirectional-override characters, leading
/// dots or surrounding spaces, at most [`MAX_FILENAME_CHARS`] characters.
pub fn sanitise_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let printable: String = last.chars().filter(|c| !is_hidden_char(*c)).collect();
    let name = printable.trim().trim_start_matches('.').trim();
    if name.is_empty() {
        return FALLBACK.to_owned();
    }
    shorten(name)
}

/// Control characters, and format characters that reorder or hide text
/// (`invoice\u{202e}fdp.exe` shows as `invoiceexe.pdf`).
fn is_hidden_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn shorten(name: &str) -> String {
    if name.chars().count() <= MAX_FILENAME_CHARS {
        return name.to_owned();
    }
    // Keep a short extension so the resident's phone still knows how to open the file.
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.chars().count() <= 10);
    match ext {
        Some(ext) => {
            let keep = MAX_FILENAME_CHARS - ext.chars().count() - 1;
            let stem: String = name.chars().take(keep).collect();
            format!("{}.{ext}", stem.trim_end())
        }
        None => name.chars().take(MAX_FILENAME_CHARS).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_stripped() {
        assert_eq!(sanitise_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitise_filename("C:\\Users\\an\\besluit.pdf"),
            "besluit.pdf"
        );
        assert_eq!(sanitise_filename("/abs/path/brief.docx"), "brief.docx");
    }

    #[test]
    fn control_and_reordering_characters_are_removed() {
        assert_eq!(sanitise_filename("aan\r\nvraag\0.pdf"), "aanvraag.pdf");
        assert_eq!(
            sanitise_filename("factuur\u{202e}fdp.exe"),
            "factuurfdp.exe"
        );
    }

    #[test]
    fn hidden_and_empty_names_get_a_plain_name() {
        assert_eq!(sanitise_filename(".."), "bijlage");
        assert_eq!(sanitise_filename("../"), "bijlage");
        assert_eq!(sanitise_filename("   "), "bijlage");
        assert_eq!(sanitise_filename(".bashrc"), "bashrc");
    }

    #[test]
    fn a_long_name_is_cut_and_keeps_its_extension() {
        let long = format!("{}.pdf", "a".repeat(500));
        let short = sanitise_filename(&long);
        assert_eq!(short.chars().count(), MAX_FILENAME_CHARS);
        assert!(short.ends_with(".pdf"));
        assert_eq!(sanitise_filename("formulier.pdf"), "formulier.pdf");
    }
}

//! A reaction is exactly one emoji, as WhatsApp shows it: one extended grapheme cluster
//! (so skin tones, flags, keycaps and ZWJ families count as one) that is a known emoji.

use unicode_segmentation::UnicodeSegmentation;

/// True when `text` is one emoji and nothing else.
pub fn is_single_emoji(text: &str) -> bool {
    let mut clusters = text.graphemes(true);
    match (clusters.next(), clusters.next()) {
        (Some(one), None) => emojis::get(one).is_some(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_emoji_of_any_shape_is_accepted() {
        for ok in ["👍", "👍🏽", "❤️", "❤", "🇳🇱", "👨‍👩‍👧", "1️⃣", "😮"]
        {
            assert!(is_single_emoji(ok), "{ok:?}");
        }
    }

    #[test]
    fn text_several_emoji_and_nothing_are_refused() {
        let hundred = "👍".repeat(100);
        for bad in [
            "",
            "a",
            "ok",
            "👍👍",
            hundred.as_str(),
            " 👍",
            "👍 ",
            "\u{200d}",
        ] {
            assert!(!is_single_emoji(bad), "{bad:?}");
        }
    }
}

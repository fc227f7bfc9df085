//! WhatsApp's text formatting (`*bold*`, `_italic_`, `~strike~`, ```` ```mono``` ````) and
//! line breaks, parsed to a small tree and rendered as escaped HTML. Pure: residents'
//! text is hostile input, so every character of it leaves here escaped, and markup comes
//! only from the tree (never from the text).

/// A piece of formatted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Text(String),
    LineBreak,
    Bold(Vec<Node>),
    Italic(Vec<Node>),
    Strike(Vec<Node>),
    /// Monospace: its content is never formatted further.
    Mono(String),
}

/// Beyond this many characters text is shown with its line breaks only: an unclosed
/// marker costs a scan to the line's end, so hostile text could otherwise cost quadratic
/// time. (WhatsApp's own limit is 4,096.)
pub const MAX_FORMATTED_CHARS: usize = 20_000;

/// Parse `text`. A style never nests inside itself, so nesting is at most three deep.
pub fn parse(text: &str) -> Vec<Node> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_FORMATTED_CHARS {
        return plain(text);
    }
    parse_span(&chars, &[])
}

fn plain(text: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            nodes.push(Node::LineBreak);
        }
        if !line.is_empty() {
            nodes.push(Node::Text(line.to_owned()));
        }
    }
    nodes
}

/// Escaped HTML for `text`, formatted.
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    render(&parse(text), &mut out);
    out
}

fn style_of(marker: char) -> Option<fn(Vec<Node>) -> Node> {
    match marker {
        '*' => Some(Node::Bold),
        '_' => Some(Node::Italic),
        '~' => Some(Node::Strike),
        _ => None,
    }
}

/// WhatsApp only formats a marker that opens at a word's start and closes at a word's end
/// on the same line: `2*3*4` and `a_b_c` stay as typed.
fn opens_at(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !chars[i - 1].is_alphanumeric();
    let next = chars.get(i + 1);
    before_ok && next.is_some_and(|c| !c.is_whitespace())
}

fn closing(chars: &[char], open: usize, marker: char) -> Option<usize> {
    let mut j = open + 1;
    while j < chars.len() {
        let c = chars[j];
        if c == '\n' {
            return None;
        }
        if c == marker && j > open + 1 && !chars[j - 1].is_whitespace() {
            let after_ok = chars.get(j + 1).is_none_or(|c| !c.is_alphanumeric());
            if after_ok {
                return Some(j);
            }
        }
        j += 1;
    }
    None
}

fn mono_end(chars: &[char], start: usize) -> Option<usize> {
    (start..chars.len().saturating_sub(2)).find(|&j| chars[j..j + 3] == ['`', '`', '`'])
}

fn parse_span(chars: &[char], active: &[char]) -> Vec<Node> {
    let mut nodes = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            flush(&mut text, &mut nodes);
            nodes.push(Node::LineBreak);
            i += 1;
            continue;
        }
        if chars[i..].starts_with(&['`', '`', '`'])
            && let Some(end) = mono_end(chars, i + 3)
            && end > i + 3
        {
            flush(&mut text, &mut nodes);
            nodes.push(Node::Mono(chars[i + 3..end].iter().collect()));
            i = end + 3;
            continue;
        }
        if let Some(style) = style_of(c)
            && !active.contains(&c)
            && opens_at(chars, i)
            && let Some(end) = closing(chars, i, c)
        {
            flush(&mut text, &mut nodes);
            let mut inner_active = active.to_vec();
            inner_active.push(c);
            nodes.push(style(parse_span(&chars[i + 1..end], &inner_active)));
            i = end + 1;
            continue;
        }
        text.push(c);
        i += 1;
    }
    flush(&mut text, &mut nodes);
    nodes
}

fn flush(text: &mut String, nodes: &mut Vec<Node>) {
    if !text.is_empty() {
        nodes.push(Node::Text(std::mem::take(text)));
    }
}

fn render(nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => escape_into(text, out),
            Node::LineBreak => out.push_str("<br>"),
            Node::Bold(inner) => wrap("strong", inner, out),
            Node::Italic(inner) => wrap("em", inner, out),
            Node::Strike(inner) => wrap("s", inner, out),
            Node::Mono(text) => {
                out.push_str("<code>");
                escape_into(text, out);
                out.push_str("</code>");
            }
        }
    }
}

fn wrap(tag: &str, inner: &[Node], out: &mut String) {
    out.push('<');
    out.push_str(tag);
    out.push('>');
    render(inner, out);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

/// Escape for HTML text and attribute values (quotes too).
pub fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(text, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_styles_and_line_breaks_are_rendered() {
        assert_eq!(
            to_html("*vet* _schuin_ ~weg~ ```x = 1```\nnieuwe regel"),
            "<strong>vet</strong> <em>schuin</em> <s>weg</s> <code>x = 1</code><br>nieuwe regel"
        );
    }

    #[test]
    fn styles_nest_but_mono_does_not_format_its_content() {
        assert_eq!(
            to_html("*vet _en schuin_*"),
            "<strong>vet <em>en schuin</em></strong>"
        );
        assert_eq!(to_html("```*niet vet*```"), "<code>*niet vet*</code>");
    }

    #[test]
    fn unbalanced_or_mid_word_markers_stay_as_typed() {
        assert_eq!(to_html("2*3 = 6"), "2*3 = 6");
        assert_eq!(to_html("*open"), "*open");
        assert_eq!(to_html("snake_case_name"), "snake_case_name");
        assert_eq!(to_html("* los *"), "* los *");
        assert_eq!(to_html("*niet\nover regels*"), "*niet<br>over regels*");
        assert_eq!(to_html("``` ```"), "<code> </code>");
        assert_eq!(to_html("``````"), "``````");
        assert_eq!(to_html("**"), "**");
    }

    #[test]
    fn hostile_markup_is_escaped_everywhere() {
        let html =
            to_html("<script>alert(1)</script> *<img src=x onerror=alert(1)>* ```<b>\"'&```");
        assert_eq!(
            html,
            "&lt;script&gt;alert(1)&lt;/script&gt; <strong>&lt;img src=x onerror=alert(1)&gt;</strong> \
             <code>&lt;b&gt;&quot;&#39;&amp;</code>"
        );
        assert!(!html.contains("<script") && !html.contains("<img"));
    }

    #[test]
    fn huge_and_marker_heavy_text_is_rendered_quickly_and_completely() {
        let started = std::time::Instant::now();
        let huge = "*a ".repeat(200_000) + "\n<b>";
        let html = to_html(&huge);
        assert!(html.ends_with("<br>&lt;b&gt;"));
        assert_eq!(html.matches('*').count(), 200_000);
        let unclosed = "*a ".repeat(MAX_FORMATTED_CHARS / 3);
        assert_eq!(
            to_html(&unclosed).matches('*').count(),
            MAX_FORMATTED_CHARS / 3
        );
        let nested = "*_~".repeat(5_000) + "x";
        assert!(to_html(&nested).ends_with('x'));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

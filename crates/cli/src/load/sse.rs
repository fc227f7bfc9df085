//! A small Server-Sent Events reader over a streaming `reqwest` response, for the live
//! event load test and the tests that watch `GET /events` from outside.

use anyhow::Context;

/// One event (comments and keep-alives are skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseFrame {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

pub struct SseReader {
    response: reqwest::Response,
    buffer: Vec<u8>,
}

impl SseReader {
    /// `GET {target}/events` with the organisation's token (and `Last-Event-ID`); fails
    /// unless the answer is a 200 event stream.
    pub async fn open(
        client: &reqwest::Client,
        target: &str,
        token: &str,
        last_event_id: Option<&str>,
    ) -> anyhow::Result<Self> {
        let mut request = client
            .get(format!("{}/events", target.trim_end_matches('/')))
            .bearer_auth(token);
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request.send().await.context("GET /events")?;
        let status = response.status();
        anyhow::ensure!(status.is_success(), "GET /events answered {status}");
        Ok(Self {
            response,
            buffer: Vec::new(),
        })
    }

    /// The next event; `None` when the server ended the stream.
    pub async fn next(&mut self) -> anyhow::Result<Option<SseFrame>> {
        loop {
            while let Some(end) = find_blank_line(&self.buffer) {
                let block: Vec<u8> = self.buffer.drain(..end).collect();
                if let Some(frame) = parse(&String::from_utf8_lossy(&block)) {
                    return Ok(Some(frame));
                }
            }
            match self.response.chunk().await.context("reading /events")? {
                Some(chunk) => self.buffer.extend_from_slice(&chunk),
                None => return Ok(None),
            }
        }
    }
}

/// The end of the first event block (after its blank line).
fn find_blank_line(buffer: &[u8]) -> Option<usize> {
    buffer.windows(2).position(|w| w == b"\n\n").map(|i| i + 2)
}

fn parse(block: &str) -> Option<SseFrame> {
    let mut frame = SseFrame {
        id: None,
        event: "message".into(),
        data: String::new(),
    };
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => frame.id = Some(value.to_owned()),
            "event" => frame.event = value.to_owned(),
            "data" => {
                if !frame.data.is_empty() {
                    frame.data.push('\n');
                }
                frame.data.push_str(value);
            }
            _ => {}
        }
    }
    (!frame.data.is_empty()).then_some(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_block_is_parsed_and_a_comment_is_not_an_event() {
        let frame = parse("id: 7\nevent: message_created\ndata: {\"a\":1}\n").unwrap();
        assert_eq!(frame.id.as_deref(), Some("7"));
        assert_eq!(frame.event, "message_created");
        assert_eq!(frame.data, "{\"a\":1}");
        assert_eq!(parse(":\n"), None);
        assert_eq!(find_blank_line(b"data: x\n\ndata: y"), Some(9));
    }
}

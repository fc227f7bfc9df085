//! A client for clamd's INSTREAM command: the file is streamed in length-prefixed chunks
//! over TCP or a Unix socket, so clamd needs no access to the blob store. One connection
//! per file; clamd answers `stream: OK` or `stream: NAME FOUND`.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// Chunks clamd reads at a time (its `StreamMaxLength` bounds the sum, not the chunks).
const CHUNK: usize = 64 * 1024;
/// An answer is a line; anything longer is not clamd.
const MAX_ANSWER: usize = 4096;

/// Where clamd listens: `host:port`, or `unix:/path/to/clamd.ctl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClamdAddress {
    Tcp(String),
    Unix(std::path::PathBuf),
}

impl ClamdAddress {
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if let Some(path) = text.strip_prefix("unix:") {
            if path.is_empty() {
                return Err(
                    "\"unix:\" needs a socket path, such as unix:/run/clamav/clamd.ctl".into(),
                );
            }
            return Ok(Self::Unix(path.into()));
        }
        match text.rsplit_once(':') {
            Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
                Ok(Self::Tcp(text.to_owned()))
            }
            _ => Err(format!(
                "{text:?} is not host:port (such as 127.0.0.1:3310) or unix:/path"
            )),
        }
    }
}

/// What clamd said about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanResult {
    Clean,
    /// The name of the signature that matched.
    Infected(String),
}

/// Scanning did not happen: clamd unreachable, too slow, or refusing.
#[derive(Debug, thiserror::Error)]
#[error("virus scanner: {0}")]
pub struct ScanError(pub String);

/// Scan `bytes` with clamd at `address`, within `timeout`.
pub async fn scan(
    address: &ClamdAddress,
    bytes: &[u8],
    timeout: Duration,
) -> Result<ScanResult, ScanError> {
    let work = async {
        match address {
            ClamdAddress::Tcp(addr) => {
                let stream = tokio::net::TcpStream::connect(addr).await.map_err(io)?;
                instream(stream, bytes).await
            }
            ClamdAddress::Unix(path) => {
                let stream = tokio::net::UnixStream::connect(path).await.map_err(io)?;
                instream(stream, bytes).await
            }
        }
    };
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| ScanError("no answer in time".into()))?
}

fn io(e: std::io::Error) -> ScanError {
    ScanError(e.to_string())
}

async fn instream<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    bytes: &[u8],
) -> Result<ScanResult, ScanError> {
    // The `z` prefix: NUL-terminated command and answer.
    stream.write_all(b"zINSTREAM\0").await.map_err(io)?;
    for chunk in bytes.chunks(CHUNK) {
        let len = u32::try_from(chunk.len()).expect("a chunk fits in u32");
        stream.write_all(&len.to_be_bytes()).await.map_err(io)?;
        stream.write_all(chunk).await.map_err(io)?;
    }
    stream.write_all(&0u32.to_be_bytes()).await.map_err(io)?;
    stream.flush().await.map_err(io)?;
    let mut answer = Vec::new();
    let mut buf = [0u8; 512];
    loop {
        let n = stream.read(&mut buf).await.map_err(io)?;
        answer.extend_from_slice(&buf[..n]);
        if n == 0 || answer.contains(&0) || answer.len() > MAX_ANSWER {
            break;
        }
    }
    parse_answer(&answer)
}

fn parse_answer(raw: &[u8]) -> Result<ScanResult, ScanError> {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim_end_matches(['\0', '\n']).trim();
    let verdict = text.strip_prefix("stream:").map(str::trim);
    match verdict {
        Some("OK") => Ok(ScanResult::Clean),
        Some(v) if v.ends_with(" FOUND") => Ok(ScanResult::Infected(
            v.trim_end_matches(" FOUND").trim().to_owned(),
        )),
        _ => Err(ScanError(format!("unexpected answer {text:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_host_port_or_a_unix_socket() {
        assert_eq!(
            ClamdAddress::parse("127.0.0.1:3310"),
            Ok(ClamdAddress::Tcp("127.0.0.1:3310".into()))
        );
        assert_eq!(
            ClamdAddress::parse("unix:/run/clamav/clamd.ctl"),
            Ok(ClamdAddress::Unix("/run/clamav/clamd.ctl".into()))
        );
        for bad in ["", "clamd", "host:port", "unix:", ":3310"] {
            assert!(ClamdAddress::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn clamds_answers_are_clean_infected_or_an_error() {
        assert_eq!(parse_answer(b"stream: OK\0").unwrap(), ScanResult::Clean);
        assert_eq!(
            parse_answer(b"stream: Loket.Test.Sig FOUND\0").unwrap(),
            ScanResult::Infected("Loket.Test.Sig".into())
        );
        assert!(parse_answer(b"INSTREAM size limit exceeded. ERROR\0").is_err());
        assert!(parse_answer(b"").is_err());
    }
}

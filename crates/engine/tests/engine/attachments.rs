//! Attachment checks against a real clamd, started here with a signature database this
//! test writes itself (no download). Skipped, saying so, where clamd is not installed
//! (`.ci/run` installs Debian's `clamav-daemon`).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use loket_engine::attachments::{AttachmentOptions, ClamdAddress, Inspected, inspect};

/// Bytes the test signature matches: plain text, so it passes the type check and reaches
/// the scanner.
const TEST_VIRUS: &[u8] = b"Beste gemeente, LOKET-TEST-VIRUS in de bijlage.\n";

/// A clamd of this test's own, stopped when dropped.
struct Clamd {
    child: Child,
    address: ClamdAddress,
    _dir: tempfile::TempDir,
}

impl Drop for Clamd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn clamd_binary() -> Option<&'static str> {
    ["/usr/sbin/clamd", "/usr/bin/clamd", "/usr/local/sbin/clamd"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

fn start_clamd() -> Option<Clamd> {
    let Some(binary) = clamd_binary() else {
        eprintln!("SKIPPED: clamd is not installed (apt-get install clamav-daemon)");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let hex: String = b"LOKET-TEST-VIRUS"
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    std::fs::write(
        dir.path().join("loket-test.ndb"),
        format!("Loket.Test.Signature:0:*:{hex}\n"),
    )
    .unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let conf = dir.path().join("clamd.conf");
    std::fs::write(
        &conf,
        format!(
            "DatabaseDirectory {d}\nTCPSocket {port}\nTCPAddr 127.0.0.1\nForeground yes\n\
             LogFile {d}/clamd.log\nPidFile {d}/clamd.pid\n",
            d = dir.path().display()
        ),
    )
    .unwrap();
    let child = Command::new(binary)
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let address = format!("127.0.0.1:{port}");
    let started = Instant::now();
    while std::net::TcpStream::connect(&address).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "clamd did not start; see {}/clamd.log",
            dir.path().display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Clamd {
        child,
        address: ClamdAddress::Tcp(address),
        _dir: dir,
    })
}

fn scanning(clamd: &Clamd) -> AttachmentOptions {
    AttachmentOptions {
        clamd: Some(clamd.address.clone()),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_file_matching_a_signature_is_quarantined_and_a_clean_one_passes() {
    let Some(clamd) = start_clamd() else { return };
    let options = scanning(&clamd);
    let verdict = inspect(&options, Bytes::from_static(TEST_VIRUS))
        .await
        .unwrap();
    let Inspected::Quarantined { reason } = verdict else {
        panic!("not quarantined: {verdict:?}")
    };
    assert!(reason.contains("Loket.Test.Signature"), "{reason}");

    let pdf = Bytes::from(loket_sim::files::pdf("Aanvraag"));
    let verdict = inspect(&options, pdf.clone()).await.unwrap();
    assert_eq!(
        verdict,
        Inspected::Accepted {
            shown: pdf,
            original: None,
            mime_type: "application/pdf"
        }
    );
}

#[tokio::test]
async fn an_unreachable_scanner_fails_the_check_instead_of_letting_the_file_through() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let options = AttachmentOptions {
        clamd: Some(ClamdAddress::Tcp(format!("127.0.0.1:{port}"))),
        scan_timeout: Duration::from_secs(5),
        ..Default::default()
    };
    let pdf = Bytes::from(loket_sim::files::pdf("Aanvraag"));
    assert!(inspect(&options, pdf).await.is_err());
}

#[tokio::test]
async fn a_program_announced_as_a_photo_is_quarantined_without_a_scanner() {
    let exe = Bytes::from_static(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0");
    let verdict = inspect(&AttachmentOptions::default(), exe).await.unwrap();
    assert!(
        matches!(&verdict, Inspected::Quarantined { reason } if reason.contains("niet is toegestaan")),
        "{verdict:?}"
    );
}

#[tokio::test]
async fn a_photos_original_is_kept_beside_it_only_when_policy_says_so() {
    let photo = Bytes::from(jpeg_with_gps());
    let stripped = inspect(&AttachmentOptions::default(), photo.clone())
        .await
        .unwrap();
    let Inspected::Accepted {
        shown, original, ..
    } = stripped
    else {
        panic!("refused")
    };
    assert!(!shown.windows(11).any(|w| w == b"GPSLatitude"));
    assert_eq!(original, None);

    let keeping = AttachmentOptions {
        keep_original: true,
        ..Default::default()
    };
    let Inspected::Accepted { original, .. } = inspect(&keeping, photo.clone()).await.unwrap()
    else {
        panic!("refused")
    };
    assert_eq!(original, Some(photo));
}

/// SOI, APP0 JFIF, APP1 EXIF with a GPS-looking tag, SOS, EOI.
pub fn jpeg_with_gps() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    b.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    let exif = b"Exif\0\0GPSLatitude 52.0907 GPSLongitude 5.1214";
    b.extend_from_slice(&[0xFF, 0xE1]);
    b.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    b.extend_from_slice(exif);
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
    b
}

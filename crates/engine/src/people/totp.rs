//! The second factor: TOTP (RFC 6238: SHA-1, 30-second steps, 6 digits, one step of clock
//! drift either way, each step accepted once) and single-use recovery codes.

use loket_domain::audit::Outcome;
use loket_store::User;
use qrcode::QrCode;
use qrcode::render::svg;
use secrecy::SecretString;
use totp_rs::{Builder, Totp};

use super::passwords::random_text;
use super::{NewSession, SessionState, sha256_hex};
use crate::{Engine, EngineError};

/// How many recovery codes an enrolment gives (each usable once).
pub const RECOVERY_CODES: usize = 10;
/// The issuer shown in authenticator apps.
const ISSUER: &str = "Loket";

/// What the enrolment page shows: scan the QR code (or type the secret), then confirm
/// with a code. The secret is personal: never logged, `Debug` hides it.
#[derive(Clone)]
pub struct TotpEnrolment {
    pub secret_base32: String,
    pub otpauth_url: String,
    /// An `<svg>` document, for inlining in the page.
    pub qr_svg: String,
}

impl std::fmt::Debug for TotpEnrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TotpEnrolment([redacted])")
    }
}

/// What a second-factor attempt came to.
#[derive(Debug, Clone)]
pub enum SecondFactorOutcome {
    /// A new session token (rotated), second factor passed.
    Passed(Box<NewSession>),
    Refused,
    LockedOut {
        until: loket_domain::Timestamp,
    },
}

fn totp_of(secret: Vec<u8>) -> Result<Totp, EngineError> {
    Builder::new()
        .with_secret(secret)
        .build()
        .map_err(|e| EngineError::Other(anyhow::anyhow!("a TOTP secret is unusable: {e}")))
}

fn otpauth_url(secret_base32: &str, email: &str) -> String {
    let label = format!("{ISSUER}:{email}");
    let mut url = url::Url::parse("otpauth://totp/").expect("a constant URL");
    url.set_path(&label);
    url.query_pairs_mut()
        .append_pair("secret", secret_base32)
        .append_pair("issuer", ISSUER)
        .append_pair("algorithm", "SHA1")
        .append_pair("digits", "6")
        .append_pair("period", "30");
    url.to_string()
}

/// Recovery codes as people type them: lowercase, dashes and spaces ignored.
fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Engine {
    fn unix_seconds(&self) -> u64 {
        u64::try_from(self.clock().now().as_second()).unwrap_or(0)
    }

    /// The user's TOTP, its secret opened with the secret key.
    fn user_totp(&self, user: &User) -> Result<Option<Totp>, EngineError> {
        let Some(sealed) = &user.totp_secret else {
            return Ok(None);
        };
        let base32 = self.open(sealed)?;
        let secret = totp_rs::Secret::try_from_base32(&base32)
            .map_err(|_| EngineError::Other(anyhow::anyhow!("a stored TOTP secret is damaged")))?;
        Ok(Some(totp_of(secret.as_bytes().to_vec())?))
    }

    /// Start (or restart) enrolment: a new secret, kept sealed and not yet enabled. Needs a
    /// session past its password whose account has no enabled factor (reset it first).
    pub async fn begin_totp_enrolment(&self, token: &str) -> Result<TotpEnrolment, EngineError> {
        let view = self.session(token).await?.ok_or(EngineError::NotFound)?;
        if view.state == SessionState::NeedsSecondFactor {
            return Err(EngineError::NotFound);
        }
        self.unlock_secrets().await?;
        let bytes: [u8; 20] = rand::random();
        let secret_base32 = totp_rs::Secret::from(bytes).to_base32();
        self.store()
            .set_pending_totp(view.user_id, &self.seal(&secret_base32), self.clock().now())
            .await?;
        let otpauth_url = otpauth_url(&secret_base32, view.email.as_str());
        let qr_svg = QrCode::new(otpauth_url.as_bytes())
            .map_err(|e| EngineError::Other(anyhow::anyhow!("QR code: {e}")))?
            .render::<svg::Color>()
            .min_dimensions(200, 200)
            .build();
        Ok(TotpEnrolment {
            secret_base32,
            otpauth_url,
            qr_svg,
        })
    }

    /// Confirm enrolment with a code from the app: TOTP is enabled, the session counts as
    /// having passed the second factor, and the recovery codes are returned (once: only
    /// their hashes are kept).
    pub async fn confirm_totp_enrolment(
        &self,
        token: &str,
        code: &str,
    ) -> Result<Vec<SecretString>, EngineError> {
        let view = self.session(token).await?.ok_or(EngineError::NotFound)?;
        let user = self.user(view.user_id).await?;
        let refused = || {
            EngineError::InvalidFields(vec![loket_domain::input::FieldProblem::new(
                "code",
                "is not the code the app shows now",
            )])
        };
        if user.totp_enabled {
            return Err(EngineError::Conflict(
                "two-factor authentication is already enabled".into(),
            ));
        }
        let totp = self.user_totp(&user)?.ok_or_else(refused)?;
        let step = totp
            .check(code.trim(), self.unix_seconds())
            .ok_or_else(refused)?;
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| format!("{}-{}", random_text(5), random_text(5)))
            .collect();
        let hashes: Vec<String> = codes
            .iter()
            .map(|c| sha256_hex(&normalise_code(c)))
            .collect();
        let step = i64::try_from(step).unwrap_or(i64::MAX);
        let now = self.clock().now();
        self.store()
            .enable_totp(user.id, step, &hashes, now)
            .await?;
        let hash = sha256_hex(token);
        self.store()
            .update_session(&hash, view.org_id, true)
            .await?;
        tracing::info!(user_id = %user.id, "second factor enrolled");
        Ok(codes.into_iter().map(SecretString::from).collect())
    }

    /// Check a TOTP code or a recovery code for a session waiting for its second factor.
    /// Passing rotates the session token; failures count towards the lockout of
    /// (`address`, this account).
    pub async fn verify_second_factor(
        &self,
        token: &str,
        code: &str,
        address: &str,
    ) -> Result<SecondFactorOutcome, EngineError> {
        let view = self.session(token).await?.ok_or(EngineError::NotFound)?;
        let user = self.user(view.user_id).await?;
        let account = format!("totp:{}", user.id);
        if let Some(until) = self.lockout_of(address, &account).await? {
            return Ok(SecondFactorOutcome::LockedOut { until });
        }
        if self.second_factor_holds(&user, code).await? {
            self.clear_failures(address, &account).await?;
            // Recorded before the session passes: an attempt that leaves no trace fails.
            self.audit_second_factor(user.id, address, Outcome::Ok)
                .await?;
            let session = self.rotate_with_second_factor(token, &user).await?;
            return Ok(SecondFactorOutcome::Passed(Box::new(session)));
        }
        let locked = self.record_failure(address, &account).await?;
        self.audit_second_factor(user.id, address, Outcome::Denied)
            .await?;
        Ok(match locked {
            Some(until) => SecondFactorOutcome::LockedOut { until },
            None => SecondFactorOutcome::Refused,
        })
    }

    async fn second_factor_holds(&self, user: &User, code: &str) -> Result<bool, EngineError> {
        if !user.totp_enabled {
            return Ok(false);
        }
        let code = code.trim();
        if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
            let Some(totp) = self.user_totp(user)? else {
                return Ok(false);
            };
            let Some(step) = totp.check(code, self.unix_seconds()) else {
                return Ok(false);
            };
            // Accepted only if later than the last accepted step: no replay.
            let step = i64::try_from(step).unwrap_or(i64::MAX);
            return Ok(self.store().accept_totp_step(user.id, step).await?);
        }
        let hash = sha256_hex(&normalise_code(code));
        Ok(self
            .store()
            .use_recovery_code(user.id, &hash, self.clock().now())
            .await?)
    }

    /// How many unused recovery codes the signed-in user has left.
    pub async fn recovery_codes_left(&self, token: &str) -> Result<u32, EngineError> {
        let view = self.session(token).await?.ok_or(EngineError::NotFound)?;
        Ok(self
            .store()
            .count_unused_recovery_codes(view.user_id)
            .await?)
    }
}

/// The code an authenticator app shows at `unix_seconds` for this base32 secret (tests
/// and the demo's scripted sign-in use it).
pub fn totp_code(secret_base32: &str, unix_seconds: u64) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    let totp = totp_of(secret.as_bytes().to_vec()).ok()?;
    Some(totp.generate(unix_seconds).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_otpauth_url_names_issuer_account_and_parameters() {
        let url = otpauth_url("JBSWY3DPEHPK3PXP", "anna@voorbeeld.nl");
        assert!(
            url.starts_with("otpauth://totp/Loket:anna@voorbeeld.nl?"),
            "{url}"
        );
        assert!(url.contains("secret=JBSWY3DPEHPK3PXP"));
        assert!(url.contains("issuer=Loket"));
        assert!(url.contains("period=30"));
    }

    #[test]
    fn rfc_6238_test_vector_gives_the_expected_code() {
        // RFC 6238 appendix B: secret "12345678901234567890", T = 59 → 94287082 (8 digits);
        // the 6-digit code is its last six digits.
        let base32 = totp_rs::Secret::from(*b"12345678901234567890").to_base32();
        assert_eq!(totp_code(&base32, 59).as_deref(), Some("287082"));
    }

    #[test]
    fn recovery_codes_are_compared_without_case_or_dashes() {
        assert_eq!(normalise_code(" AbCdE-fghjk "), "abcdefghjk");
    }
}

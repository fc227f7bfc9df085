//! Bearer-token authentication: an organisation's API token, or a deployment admin token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use loket_engine::constant_time_eq;
use loket_engine::provision::hash_api_token;
use loket_engine::records::Organisation;

use crate::{ApiError, AppState};

/// The organisation whose API token authorised the request.
pub struct OrgAuth(pub Organisation);

/// A deployment administrator (unrouted events and other cross-tenant views).
pub struct AdminAuth;

fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(ApiError::Unauthorised(
            "Send an API token as `Authorization: Bearer <token>`.",
        ))
}

impl FromRequestParts<AppState> for OrgAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let org = state
            .engine
            .authenticate_token(bearer(parts)?)
            .await
            .map_err(|e| ApiError::Internal(e.into()))?
            .ok_or(ApiError::Unauthorised("The API token is not valid."))?;
        Ok(Self(org))
    }
}

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let hash = hash_api_token(bearer(parts)?);
        // Every configured hash is compared, each in constant time.
        let known = (state.admin_token_hashes.iter()).fold(false, |found, h| {
            found | constant_time_eq(h.as_bytes(), hash.as_bytes())
        });
        if known {
            Ok(Self)
        } else {
            Err(ApiError::Unauthorised("The admin token is not valid."))
        }
    }
}

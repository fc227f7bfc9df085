//! The web pages: server-rendered HTML (askama templates in `crates/web/templates/`,
//! checked at compile time), NL Design System styles, htmx for progressive enhancement.
//! Every page works without JavaScript: forms POST and answer with a redirect (PRG).
//! Texts come from Fluent ([`i18n`]); styles only from stylesheets ([`headers`] sends a
//! CSP without `unsafe-inline`).

mod accessibility;
mod account;
mod admin;
mod admin_audit;
mod admin_labels;
pub mod assets;
mod availability;
mod contact_requests;
mod conversation;
pub mod csrf;
mod enrol;
pub mod headers;
pub mod i18n;
#[cfg(test)]
mod i18n_tests;
mod inbox;
mod mentions;
mod operator;
mod preview;
mod search;
mod search_messages;
pub mod session;
pub mod settings;
mod shells;
mod sla;
pub mod theme;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use i18n::{Lang, Tone, Tr};

pub use shells::{
    Choice, ConversationRow, ConversationStatus, InboxList, InboxPage, OrganisationChoice,
    OrganisationsPage, PasswordPage, RecoveryCodesPage, RefusedPage, Role, SignInPage,
    TwoFactorEnrolPage, TwoFactorPage,
};

/// The pages' routes, with their headers.
pub fn routes(state: AppState) -> Router<AppState> {
    let mut router = Router::new()
        .merge(account::routes())
        .merge(availability::routes())
        .merge(enrol::routes())
        .merge(inbox::routes())
        .merge(mentions::routes())
        .merge(contact_requests::routes())
        .merge(search::routes())
        .merge(conversation::routes())
        .merge(admin_labels::routes())
        .merge(admin::routes())
        .merge(admin_audit::routes())
        .merge(operator::routes())
        .merge(accessibility::routes())
        .route("/assets/{hash}/{name}", get(assets::serve))
        .route("/theme/{file}", get(theme::stylesheet));
    if state.web.preview_pages {
        router = router.merge(preview::routes());
    }
    router
        // Inside the CSRF layer, which looks the session up for it.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::audit::pages,
        ))
        // Inside the CSRF layer too (the session is looked up), outside the audit.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            contact_requests::gate::fence,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::protect,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state,
            headers::page_headers,
        ))
}

/// What the base layout shows around a page.
#[derive(Debug, Clone)]
pub struct Layout {
    pub tr: Tr,
    /// The full `<title>`: the page's name, then Loket.
    pub title: String,
    pub org_name: Option<String>,
    pub theme_url: Option<String>,
    pub logo_url: Option<String>,
    /// Extra origin for `img-src` (the organisation's logo elsewhere).
    logo_origin: Option<String>,
    /// Shows the main navigation and the sign-out button.
    pub signed_in: bool,
    /// The session's CSRF token: every form carries it, htmx sends it as a header.
    pub csrf: Option<String>,
    /// The navigation links the admin pages (role admin in the current organisation).
    pub admin: bool,
    /// The navigation links the operator pages (the user's `operator` flag).
    pub operator: bool,
    /// The signed-in user (a note naming them is announced on live pages).
    pub user_id: Option<String>,
    /// Their unread mentions in the current organisation (the navigation's badge).
    pub mentions: u32,
    /// A back-office colleague: the navigation shows the contactverzoeken, not the inbox.
    pub back_office: bool,
}

impl Layout {
    /// A page outside any organisation (sign in), in `lang` and the default tone.
    pub fn public(lang: Lang, title_key: &str) -> Self {
        let tr = Tr::new(lang, Tone::default());
        Self {
            title: tr.t1("page-title", "page", &tr.t(title_key)),
            tr,
            org_name: None,
            theme_url: None,
            logo_url: None,
            logo_origin: None,
            signed_in: false,
            csrf: None,
            admin: false,
            operator: false,
            user_id: None,
            mentions: 0,
            back_office: false,
        }
    }

    /// A page for `session` (signed in or on the way): its organisation's theme, when it
    /// has one chosen, and its CSRF token. `signed_in` shows the navigation.
    pub async fn for_session(
        state: &AppState,
        lang: Lang,
        session: &session::CurrentSession,
        title_key: &str,
    ) -> Self {
        let view = &session.view;
        let current = view
            .memberships
            .iter()
            .find(|m| Some(m.org_id) == view.org_id);
        let org = match current {
            Some(m) => state
                .engine
                .find_organisation_by_slug(&m.org_slug)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        let mut layout = match org {
            Some(org) => Self::for_organisation(state, lang, &org.slug, &org.name, title_key),
            None => Self::public(lang, title_key),
        };
        layout.csrf = Some(view.csrf_token.clone());
        layout.signed_in = view.state == loket_engine::people::SessionState::Complete;
        layout.admin = layout.signed_in && view.role == Some(loket_domain::people::Role::Admin);
        layout.operator = layout.signed_in && view.operator;
        layout.back_office =
            layout.signed_in && view.role == Some(loket_domain::people::Role::BackOffice);
        layout.user_id = layout.signed_in.then(|| view.user_id.to_string());
        if let (true, Some(org)) = (layout.signed_in, view.org_id) {
            // The badge is no reason to refuse a page: a failed count shows none.
            match state.engine.count_unread_mentions(org, view.user_id).await {
                Ok(count) => layout.mentions = count,
                Err(error) => tracing::warn!(%error, "counting unread mentions failed"),
            }
        }
        layout
    }

    /// The badge's text: the count, "99+" from the engine's cap on.
    pub fn mentions_shown(&self) -> String {
        mentions::shown(self.mentions)
    }

    /// The CSRF token for a form's hidden field (empty outside a session).
    pub fn csrf_value(&self) -> &str {
        self.csrf.as_deref().unwrap_or_default()
    }

    /// A page of organisation `slug`: its theme, logo and form of address.
    pub fn for_organisation(
        state: &AppState,
        lang: Lang,
        slug: &str,
        name: &str,
        title_key: &str,
    ) -> Self {
        let themes = &state.web.themes;
        let theme = themes.get(slug).cloned().unwrap_or_default();
        let mut layout = Self::public(lang, title_key);
        layout.tr = Tr::new(lang, theme.tone);
        layout.org_name = Some(name.to_owned());
        layout.theme_url = themes.stylesheet_url(slug);
        layout.logo_origin = theme
            .logo_url
            .as_ref()
            .and_then(|l| l.origin().map(str::to_owned));
        layout.logo_url = theme.logo_url.map(|l| l.as_str().to_owned());
        layout
    }

    pub fn asset(&self, name: &str) -> &'static str {
        assets::url(name)
    }

    pub fn other_languages(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| *l != self.tr.lang)
            .collect()
    }

    /// A language's name in that language itself (shown with its own `lang`).
    pub fn language_name(&self, lang: &Lang) -> String {
        Tr::new(*lang, self.tr.tone).t(&format!("language-{}", lang.code()))
    }

    /// Renders `page` with the CSP this layout needs.
    pub fn respond(&self, page: impl IntoResponse) -> Response {
        let mut response = page.into_response();
        if let Some(origin) = &self.logo_origin {
            let csp = headers::page_csp(Some(origin));
            if let Ok(value) = HeaderValue::from_str(&csp) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, value);
            }
        }
        response
    }
}

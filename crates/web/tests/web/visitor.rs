//! A browser stand-in over HTTP for the sign-in tests: keeps the session cookie, follows
//! no redirects (tests look at each step), and sends forms as a browser on our own page
//! would (same-origin headers, the page's CSRF token).

use reqwest::header;

use crate::support::TestApp;

pub struct Visitor {
    pub url: String,
    http: reqwest::Client,
    /// The session cookie's value, as the last answer set it.
    pub session: Option<String>,
    /// The CSRF token of the last page shown.
    pub csrf: Option<String>,
}

/// One answer: status, where it redirects, the body, the `Set-Cookie` headers.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub cookies: Vec<String>,
}

impl Visitor {
    pub fn new(app: &TestApp) -> Self {
        Self {
            url: app.url.clone(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            session: None,
            csrf: None,
        }
    }

    fn cookie_header(&self) -> Option<String> {
        self.session.as_ref().map(|t| format!("loket_session={t}"))
    }

    async fn answer(&mut self, response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        let cookies: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for cookie in &cookies {
            if let Some(rest) = cookie.strip_prefix("loket_session=") {
                let value = rest.split(';').next().unwrap_or_default();
                self.session = (!value.is_empty()).then(|| value.to_owned());
            }
        }
        let body = response.text().await.unwrap();
        if let Some(token) = csrf_of(&body) {
            self.csrf = Some(token);
        }
        Answer {
            status,
            location,
            body,
            cookies,
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(cookie) = self.cookie_header() {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.answer(response).await
    }

    /// GET `path`'s body as bytes (an image), asserting 200.
    pub async fn get_bytes(&mut self, path: &str) -> Vec<u8> {
        let mut request = self.http.get(format!("{}{path}", self.url));
        if let Some(cookie) = self.cookie_header() {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.bytes().await.unwrap().to_vec()
    }

    /// POST a form from one of our pages, with the CSRF token of the last page.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let csrf = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        let origin = self.url.clone();
        let headers = [
            ("origin", origin.as_str()),
            ("sec-fetch-site", "same-origin"),
        ];
        self.post_raw(path, &all, &headers).await
    }

    /// POST exactly `fields` with exactly `headers` (and the session cookie).
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Answer {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(cookie) = self.cookie_header() {
            request = request.header(header::COOKIE, cookie);
        }
        let response = request.send().await.unwrap();
        self.answer(response).await
    }

    /// Sign in (GET the form first, as a person would); the answer to the POST.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Answer {
        self.get("/sign-in").await;
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }
}

/// The hidden `csrf` field's value in a page.
pub fn csrf_of(body: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')?;
    let token = &body[start..start + end];
    (!token.is_empty()).then(|| token.to_owned())
}

/// The TOTP key shown on the enrolment page (grouped by four), without spaces.
pub fn totp_secret_of(body: &str) -> String {
    let marker = "<code class=\"utrecht-code\">";
    let start = body.find(marker).expect("a key on the page") + marker.len();
    let end = body[start..].find('<').unwrap();
    body[start..start + end].replace(' ', "")
}

/// Every recovery code on the page shown after enrolment.
pub fn recovery_codes_of(body: &str) -> Vec<String> {
    body.split("<li class=\"utrecht-unordered-list__item\"><code class=\"utrecht-code\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_owned())
        .collect()
}

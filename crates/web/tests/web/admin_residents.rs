//! The resident's access and erasure page over HTTP on every database: 404 for another
//! organisation's admin (nothing erased), 403 for an agent, no erasure without the
//! confirmation, the export as a download.

use loket_domain::people::Role;

use crate::admin_pages::{admin, member, signed_in};
use crate::support::{TestApp, spawn_apps};

async fn a_resident(app: &TestApp) -> String {
    let conversation = app
        .resident_writes("Mijn klacht over de Zwanenvijver")
        .await;
    let detail = app
        .get_json(&format!("/api/v1/conversations/{conversation}"))
        .await;
    detail["conversation"]["contact_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn another_organisations_admin_gets_404_an_agent_403_and_nothing_is_erased_unconfirmed() {
    for app in spawn_apps().await {
        let contact = a_resident(&app).await;
        let page = format!("/admin/residents/{contact}");
        let confirmed = [("confirm", "yes")];

        member(&app, "beheer@andere.nl", "andere", Role::Admin).await;
        let mut other = signed_in(&app, "beheer@andere.nl").await;
        assert_eq!(other.get(&page).await.status, 404);
        assert_eq!(other.get(&format!("{page}/export")).await.status, 404);
        let erase = other.post(&format!("{page}/erase"), &confirmed).await;
        assert_eq!(erase.status, 404);

        member(&app, "agent@voorbeeld.nl", "voorbeeld", Role::Agent).await;
        let mut agent = signed_in(&app, "agent@voorbeeld.nl").await;
        assert_eq!(agent.get(&page).await.status, 403);

        let mut v = admin(&app).await;
        assert_eq!(v.get("/admin/residents/not-an-id").await.status, 404);
        assert_eq!(v.get(&page).await.status, 200);
        let unconfirmed = v.post(&format!("{page}/erase"), &[]).await;
        assert_eq!(unconfirmed.status, 303);
        let back = format!("{page}?problem=confirm");
        assert_eq!(unconfirmed.location.as_deref(), Some(back.as_str()));
        assert_eq!(app.conversations().await.len(), 1, "nothing erased");
        assert_eq!(v.get(&format!("{page}/export")).await.status, 200);
        app.cleanup().await;
    }
}

//! Several instances on one database: what one instance's provisioning removes, the other
//! stops accepting once its cached apps and routes are older than `CONFIG_TTL`.

use std::time::Duration;

use loket_channels::whatsapp::signature::sign;
use loket_engine::CONFIG_TTL;

use crate::support::{provisioning, spawn_apps};

#[tokio::test]
async fn another_instance_stops_accepting_a_removed_apps_signature_once_its_cache_is_stale() {
    for app in spawn_apps().await {
        let other = app.second_instance().await;
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let old_signature = sign(app.sim.config().app_secret.as_bytes(), body);
        assert!(other.verify_meta_signature(body, &old_signature));

        let mut spec = provisioning(&app.sim, true);
        spec.apps[0].name = "new-app".into();
        spec.apps[0].app_secret = "the-new-apps-secret".into();
        spec.organisations[0].whatsapp_channels[0].app_name = "new-app".into();
        app.engine.provision(&spec).await.unwrap();
        assert!(!app.engine.verify_meta_signature(body, &old_signature));

        // Still within the TTL: the other instance keeps what it loaded.
        app.clock.advance(CONFIG_TTL - Duration::from_secs(1));
        assert!(!other.refresh_config_if_stale().await.unwrap());
        assert!(other.verify_meta_signature(body, &old_signature));

        app.clock.advance(Duration::from_secs(1));
        assert!(other.refresh_config_if_stale().await.unwrap());
        assert!(!other.verify_meta_signature(body, &old_signature));
        let new_signature = sign(b"the-new-apps-secret", body);
        assert!(other.verify_meta_signature(body, &new_signature));
        app.cleanup().await;
    }
}

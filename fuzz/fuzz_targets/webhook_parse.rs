//! WhatsApp webhook parsing on any body: an error is fine, a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = loket_channels::whatsapp::parse_webhook(data);
});

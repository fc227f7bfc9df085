//! Parsing of webhook payloads into domain events (see parse tests).

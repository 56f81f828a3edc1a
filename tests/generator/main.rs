//! Generator tests: snapshots, surface conformance, staleness.

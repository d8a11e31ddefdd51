"""Demo scenarios: databases built from real reports, for demonstrations and for tests that
check the tally against the figures a department actually published."""

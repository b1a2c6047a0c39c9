"""Name matching across scripts and languages, and screening against restricted-party lists."""

"""The event streams the detectors read: measures, memberships, alliances, listings, documents and
news events, each as dated rows with the fields filters and scopes use."""

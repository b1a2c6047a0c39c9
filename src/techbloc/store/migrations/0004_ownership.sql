-- Ownership between organisations and persons (from FtM imports), for the 50 % rule.
-- An organisation or person that takes part in ownership without being on any imported list.
CREATE TABLE related_parties (
    party_key VARCHAR PRIMARY KEY, entity_type VARCHAR, name VARCHAR NOT NULL, aliases VARCHAR[],
    countries VARCHAR[], identifiers VARCHAR[], import_id INTEGER NOT NULL,
    source_location VARCHAR NOT NULL, source_row INTEGER NOT NULL);

-- owner_key owns (part of) asset_key. Keys are the source's entity keys: the source_key of a
-- listed entity or the party_key of a related party. percentage is NULL when the source does not
-- say (share_text keeps what it does say).
CREATE TABLE ownerships (
    ownership_key VARCHAR PRIMARY KEY, owner_key VARCHAR NOT NULL, asset_key VARCHAR NOT NULL,
    percentage DOUBLE, share_text VARCHAR, start_date DATE, end_date DATE,
    import_id INTEGER NOT NULL, source_location VARCHAR NOT NULL, source_row INTEGER NOT NULL);

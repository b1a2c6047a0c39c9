-- Bearer tokens of the REST API (docs/api.md, "Tokens"). The token itself is shown once, when it
-- is created, and never stored: only its public id (the part before the secret, used to find the
-- row) and a salted scrypt hash of the whole token. A revoked token stays listed with its dates.
CREATE TABLE api_tokens (
    name VARCHAR PRIMARY KEY,            -- chosen by the person who creates it, e.g. 'dashboard'
    token_id VARCHAR NOT NULL UNIQUE,    -- public part of the token: 'tb_<token_id>_<secret>'
    salt BLOB NOT NULL,
    token_hash BLOB NOT NULL,            -- scrypt(token, salt, n, r, p)
    scrypt_n INTEGER NOT NULL,
    scrypt_r INTEGER NOT NULL,
    scrypt_p INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP);

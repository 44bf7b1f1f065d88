-- The table of the customers loader (prod, replace) and a small audit table with an identity.
CREATE TABLE IF NOT EXISTS sales.customers (
    customer_id  BIGINT        NOT NULL,
    name         VARCHAR(256),
    email        VARCHAR(256),
    country      CHAR(2),
    updated_at   TIMESTAMP
)
DISTSTYLE ALL
SORTKEY (customer_id);

CREATE TABLE IF NOT EXISTS sales.order_notes (
    note_id      BIGINT IDENTITY(1,1),
    order_id     BIGINT        NOT NULL,
    body         VARCHAR(4096),
    created_at   TIMESTAMP     DEFAULT GETDATE()
)
BACKUP YES
DISTKEY (order_id)
SORTKEY (order_id, created_at);

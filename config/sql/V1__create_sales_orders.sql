-- The table of the orders loader (merge on order_id).
CREATE SCHEMA IF NOT EXISTS sales;

CREATE TABLE IF NOT EXISTS sales.orders (
    order_id     BIGINT        NOT NULL ENCODE az64,
    customer_id  BIGINT        ENCODE az64,
    amount       DECIMAL(12,2) ENCODE az64,
    currency     CHAR(3)       ENCODE zstd,
    status       VARCHAR(32)   ENCODE zstd,
    ordered_at   TIMESTAMP     ENCODE az64,
    note         VARCHAR(1024) ENCODE zstd
)
DISTSTYLE KEY
DISTKEY (order_id)
SORTKEY (ordered_at);

-- Orders, their lines, the transactional outbox and idempotency keys.
-- Rule for every later migration (checked by MigrationsAreExpandContractTest): expand first
-- (add nullable columns, new tables), contract in a later release with a marker comment.

CREATE TABLE orders (
    id              uuid          PRIMARY KEY,
    customer_id     varchar(64)   NOT NULL,
    status          varchar(16)   NOT NULL,
    currency        char(3)       NOT NULL,
    total           numeric(16,2) NOT NULL CHECK (total >= 0),
    carrier         varchar(64),
    tracking_number varchar(64),
    cancel_reason   varchar(500),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    version         bigint        NOT NULL
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id);

CREATE TABLE order_lines (
    order_id   uuid          NOT NULL REFERENCES orders (id),
    line_no    int           NOT NULL,
    product_id varchar(100)  NOT NULL,
    quantity   int           NOT NULL CHECK (quantity > 0),
    unit_price numeric(14,2) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- One row per event and topic. The relay publishes pending rows in id order and sets sent_at
-- only after SNS accepted the message.
CREATE TABLE outbox (
    id             bigserial    PRIMARY KEY,
    event_id       uuid         NOT NULL,
    topic          varchar(80)  NOT NULL,
    aggregate_id   varchar(64)  NOT NULL,
    event_type     varchar(64)  NOT NULL,
    schema_version int          NOT NULL,
    payload        text         NOT NULL,
    traceparent    varchar(64),
    created_at     timestamptz  NOT NULL DEFAULT now(),
    sent_at        timestamptz,
    attempts       int          NOT NULL DEFAULT 0,
    last_error     varchar(500),
    UNIQUE (event_id, topic)
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_pending_by_aggregate ON outbox (topic, aggregate_id, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE idempotency_keys (
    customer_id     varchar(64)  NOT NULL,
    idempotency_key varchar(128) NOT NULL,
    request_hash    char(64)     NOT NULL,
    order_id        uuid         NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

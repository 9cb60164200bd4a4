-- Idempotency: one row per (event, notification) that was sent. The row is inserted in the same
-- transaction that decides to send, before the email goes out, and committed after it went out
-- (see docs/dead-letter-queues.md, "Idempotency"). The same event can legitimately cause two
-- different notifications (an OrderPlaced mails the customer and, when it is large, operations),
-- so the key is the pair, not the event id alone.
CREATE TABLE processed_notification (
    event_id     text        NOT NULL,
    notification text        NOT NULL,
    queue        text        NOT NULL,
    message_id   text,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, notification)
);

-- Kept longer than any queue's retention (SQS keeps a message at most 14 days), so a redelivery
-- always finds its row; the service deletes older rows once a day.
CREATE INDEX processed_notification_processed_at ON processed_notification (processed_at);

-- The lifecycle of each order as the FIFO queue delivered it: seq counts per order from 1, in
-- the order the events were handled. The FIFO test reads it to prove per-order ordering.
CREATE TABLE order_lifecycle (
    order_id    text        NOT NULL,
    seq         integer     NOT NULL,
    event_id    text        NOT NULL UNIQUE,
    event_type  text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, seq)
);

-- Why a message could not be processed, by SQS message id, so the operations API can show the
-- reason next to a message sampled from a dead-letter queue (SQS keeps the message id when it
-- moves a message to the DLQ).
CREATE TABLE message_failure (
    message_id      text        PRIMARY KEY,
    queue           text        NOT NULL,
    reason          text        NOT NULL,
    receive_count   integer     NOT NULL,
    first_failed_at timestamptz NOT NULL DEFAULT now(),
    last_failed_at  timestamptz NOT NULL DEFAULT now()
);

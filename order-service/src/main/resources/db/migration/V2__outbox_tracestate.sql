-- The W3C tracestate next to the traceparent: vendors' trace data (X-Ray's, for one) rides in it,
-- and the relay's publish span must continue both. NULL when the request carried none.
ALTER TABLE outbox ADD COLUMN tracestate text;

-- Expand only: the Message-ID an email was sent with. Every attempt at one (event, notification)
-- uses the same Message-ID, so when a send is repeated (the commit after an accepted send failed)
-- a mailbox or relay can drop the copy; the column lets operations find the email in SES's or the
-- mailbox's logs. Rows written before this migration have none.
ALTER TABLE processed_notification ADD COLUMN email_message_id text;

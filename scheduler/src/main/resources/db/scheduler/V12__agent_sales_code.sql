-- domain.md: the sales agent who sold a policy must not do its callback. An agent who also sells
-- is registered with their sales code; a call is never given to the agent whose code sold one of
-- its policies.
ALTER TABLE agent ADD COLUMN sales_code text;

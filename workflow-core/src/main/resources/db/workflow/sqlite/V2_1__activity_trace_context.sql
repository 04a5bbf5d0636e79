-- The W3C trace context of the turn that scheduled each activity call (traceparent, tracestate),
-- so the call's span continues the trace of the code that started the workflow; NULL for none.
ALTER TABLE ${prefix}activities ADD COLUMN trace_parent VARCHAR(55);
ALTER TABLE ${prefix}activities ADD COLUMN trace_state VARCHAR(512);

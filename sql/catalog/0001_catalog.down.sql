DROP TABLE idempotency_keys, rate_limits, inbox, outbox_deliveries, outbox, materials, lessons, sections, courses,
    instructors, categories;
DROP FUNCTION course_search_document(text, text[], text);

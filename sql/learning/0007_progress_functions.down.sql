DROP FUNCTION mark_lesson(uuid, uuid, uuid, boolean);
DROP FUNCTION recount_progress(uuid, uuid);

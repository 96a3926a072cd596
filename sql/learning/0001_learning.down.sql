DROP TABLE course_stats;
DROP TABLE lesson_completions;
DROP TABLE enrollment_grants;
DROP TABLE enrollments;
DROP TABLE course_snapshots;

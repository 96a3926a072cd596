ALTER TABLE enrollments DROP COLUMN final_score;
DROP TABLE submissions;
DROP TABLE assessment_rules;
ALTER TABLE course_snapshots DROP COLUMN assessment_ids;

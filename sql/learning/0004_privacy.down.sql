DROP INDEX review_votes_by_user;
DROP INDEX enrollments_by_course_newest;
DROP TABLE erased_enrollments;

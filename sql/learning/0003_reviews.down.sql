DROP TABLE review_votes;
DROP TABLE reviews;

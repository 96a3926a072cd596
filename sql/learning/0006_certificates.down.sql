DROP TABLE certificate_requests;
DROP TABLE certificates;

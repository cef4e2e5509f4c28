-- openbanking-mysql.sql: the DCR registrations of openbank_openbankingdb
-- (Open Banking 2.0.0, with the columns added in 1.4). The client ids match
-- SP_INBOUND_AUTH in apimgt-mysql.sql; the third registration has no
-- SOFTWARE_ID, so its software id is the claim inside REQUEST.
CREATE TABLE OB_DCR_DETAILS (
	ID INTEGER NOT NULL AUTO_INCREMENT,
	CLIENT_ID VARCHAR(255) NOT NULL,
	REQUEST TEXT,
	APPLICATION_ID VARCHAR(255),
	SOFTWARE_ID VARCHAR(255),
	CLID_ISSUED_AT BIGINT,
	PRIMARY KEY (ID),
	CONSTRAINT OB_DCR_CLIENT_ID_UNIQUE UNIQUE (CLIENT_ID)
) ENGINE INNODB;

INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, APPLICATION_ID, SOFTWARE_ID, CLID_ISSUED_AT) VALUES
	(1, 'cl1ent3DcrTpp1', '{"software_id":"oQ4KoaavpOuoE7rvQsZEOV","redirect_uris":["https://tpp1.example/cb"]}', '3', 'oQ4KoaavpOuoE7rvQsZEOV', 1600000000),
	(2, 'cl1ent4DcrTpp2', '{"software_id":"soft_ware_42","redirect_uris":["https://tpp2.example/cb"]}', '4', 'soft_ware_42', 1600000100),
	(3, 'cl1ent5DcrTpp3', '{"software_id":"soft","redirect_uris":["https://tpp3.example/cb"]}', '5', '', 1600000200);

-- seed-postgresql.sql: the eight training databases of the Open Banking
-- 2.0.0 (UK) training sandbox, for PostgreSQL, with the WSO2 tables the
-- guide's database steps look at and sample rows (the same as
-- seed-mariadb.sql). Identifiers are unquoted, as WSO2's scripts have them:
-- PostgreSQL keeps them in lower case.
--
-- Load it with psql as a user allowed to create databases, who then owns
-- them:
--     psql -U postgres -d postgres -f db/seed-postgresql.sql
-- It creates databases whose names start with training_ and nothing else.
-- A table that exists already stops it ("already exists"): it never
-- replaces data. To load it again (after a reset of the sandbox), drop the
-- training databases first with db/drop-postgresql.sql.
\set ON_ERROR_STOP on

SELECT 'CREATE DATABASE ' || d FROM unnest(ARRAY['training_apimgtdb',
    'training_openbankingdb', 'training_userdb', 'training_govregdb',
    'training_am_configdb', 'training_iskm_configdb',
    'training_reporting_statsdb', 'training_reporting_summarizeddb']) AS d
    WHERE d NOT IN (SELECT datname FROM pg_database) \gexec

-- openbank_apimgtdb: the identity tables of IS 5.10.0 as Key Manager.
\connect training_apimgtdb
CREATE SEQUENCE SP_APP_SEQ;
CREATE TABLE SP_APP (
	ID INTEGER DEFAULT NEXTVAL('SP_APP_SEQ') NOT NULL,
	TENANT_ID INTEGER NOT NULL,
	APP_NAME VARCHAR(255) NOT NULL,
	USER_STORE VARCHAR(255) NOT NULL,
	USERNAME VARCHAR(255) NOT NULL,
	DESCRIPTION VARCHAR(1024),
	ROLE_CLAIM VARCHAR(512),
	AUTH_TYPE VARCHAR(255) NOT NULL,
	PROVISIONING_USERSTORE_DOMAIN VARCHAR(512),
	IS_LOCAL_CLAIM_DIALECT CHAR(1) DEFAULT '1',
	IS_SEND_LOCAL_SUBJECT_ID CHAR(1) DEFAULT '0',
	IS_SEND_AUTH_LIST_OF_IDPS CHAR(1) DEFAULT '0',
	IS_USE_TENANT_DOMAIN_SUBJECT CHAR(1) DEFAULT '1',
	IS_USE_USER_DOMAIN_SUBJECT CHAR(1) DEFAULT '1',
	ENABLE_AUTHORIZATION CHAR(1) DEFAULT '0',
	SUBJECT_CLAIM_URI VARCHAR(512),
	IS_SAAS_APP CHAR(1) DEFAULT '0',
	IS_DUMB_MODE CHAR(1) DEFAULT '0',
	UUID CHAR(36),
	IMAGE_URL VARCHAR(1024),
	ACCESS_URL VARCHAR(1024),
	IS_DISCOVERABLE CHAR(1) DEFAULT '0',
	PRIMARY KEY (ID),
	CONSTRAINT APPLICATION_NAME_CONSTRAINT UNIQUE (APP_NAME, TENANT_ID),
	CONSTRAINT APPLICATION_UUID_CONSTRAINT UNIQUE (UUID)
);

-- VALUE: widened to 4096 as Open Banking asks (WSO2 ships 255).
CREATE SEQUENCE SP_METADATA_SEQ;
CREATE TABLE SP_METADATA (
	ID INTEGER DEFAULT NEXTVAL('SP_METADATA_SEQ'),
	SP_ID INTEGER,
	NAME VARCHAR(255) NOT NULL,
	VALUE VARCHAR(4096) NOT NULL,
	DISPLAY_NAME VARCHAR(255),
	TENANT_ID INTEGER DEFAULT -1,
	PRIMARY KEY (ID),
	CONSTRAINT SP_METADATA_CONSTRAINT UNIQUE (SP_ID, NAME),
	FOREIGN KEY (SP_ID) REFERENCES SP_APP(ID) ON DELETE CASCADE
);

CREATE SEQUENCE SP_INBOUND_AUTH_SEQ;
CREATE TABLE SP_INBOUND_AUTH (
	ID INTEGER DEFAULT NEXTVAL('SP_INBOUND_AUTH_SEQ') NOT NULL,
	TENANT_ID INTEGER NOT NULL,
	INBOUND_AUTH_KEY VARCHAR(255),
	INBOUND_AUTH_TYPE VARCHAR(255) NOT NULL,
	INBOUND_CONFIG_TYPE VARCHAR(255) NOT NULL,
	PROP_NAME VARCHAR(255),
	PROP_VALUE VARCHAR(1024),
	APP_ID INTEGER NOT NULL,
	PRIMARY KEY (ID),
	CONSTRAINT APPLICATION_ID_CONSTRAINT FOREIGN KEY (APP_ID)
	    REFERENCES SP_APP (ID) ON DELETE CASCADE
);

CREATE SEQUENCE IDN_OAUTH_CONSUMER_APPS_SEQ;
CREATE TABLE IDN_OAUTH_CONSUMER_APPS (
	ID INTEGER DEFAULT NEXTVAL('IDN_OAUTH_CONSUMER_APPS_SEQ') NOT NULL,
	CONSUMER_KEY VARCHAR(255),
	CONSUMER_SECRET VARCHAR(2048),
	USERNAME VARCHAR(255),
	TENANT_ID INTEGER DEFAULT 0,
	USER_DOMAIN VARCHAR(50),
	APP_NAME VARCHAR(255),
	OAUTH_VERSION VARCHAR(128),
	CALLBACK_URL VARCHAR(2048),
	GRANT_TYPES VARCHAR(1024),
	PKCE_MANDATORY CHAR(1) DEFAULT '0',
	PKCE_SUPPORT_PLAIN CHAR(1) DEFAULT '0',
	APP_STATE VARCHAR(25) DEFAULT 'ACTIVE',
	USER_ACCESS_TOKEN_EXPIRE_TIME BIGINT DEFAULT 3600,
	APP_ACCESS_TOKEN_EXPIRE_TIME BIGINT DEFAULT 3600,
	REFRESH_TOKEN_EXPIRE_TIME BIGINT DEFAULT 84600,
	ID_TOKEN_EXPIRE_TIME BIGINT DEFAULT 3600,
	CONSTRAINT CONSUMER_KEY_CONSTRAINT UNIQUE (CONSUMER_KEY),
	PRIMARY KEY (ID)
);
-- Two applications of the API Manager's own (not DCR applications: their
-- names hold underscores by design), and three TPPs registered with DCR.
INSERT INTO SP_APP (ID, TENANT_ID, APP_NAME, USER_STORE, USERNAME, DESCRIPTION, AUTH_TYPE, UUID) VALUES
	(1, -1234, 'admin_DefaultApplication_PRODUCTION', 'PRIMARY', 'admin@wso2.com', 'Service Provider for application admin_DefaultApplication_PRODUCTION', 'default', '8d0b2bc4-4f0e-4c55-9d1a-3c0f6f1a0001'),
	(2, -1234, 'admin_DefaultApplication_SANDBOX', 'PRIMARY', 'admin@wso2.com', 'Service Provider for application admin_DefaultApplication_SANDBOX', 'default', '8d0b2bc4-4f0e-4c55-9d1a-3c0f6f1a0002'),
	(3, -1234, 'tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_PRODUCTION', 'PRIMARY', 'tpp1admin@wso2.com', 'Service Provider for application tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_PRODUCTION', 'default', '8d0b2bc4-4f0e-4c55-9d1a-3c0f6f1a0003'),
	(4, -1234, 'tpp2admin_pZ7rKq2mWx9LdT4vNb8sEa_PRODUCTION', 'PRIMARY', 'tpp2admin@wso2.com', 'Service Provider for application tpp2admin_pZ7rKq2mWx9LdT4vNb8sEa_PRODUCTION', 'default', '8d0b2bc4-4f0e-4c55-9d1a-3c0f6f1a0004'),
	(5, -1234, 'tpp3admin_Hs3JnQ6wYc1FzR8uKe5tLm_SANDBOX', 'PRIMARY', 'tpp3admin@wso2.com', 'Service Provider for application tpp3admin_Hs3JnQ6wYc1FzR8uKe5tLm_SANDBOX', 'default', '8d0b2bc4-4f0e-4c55-9d1a-3c0f6f1a0005');

INSERT INTO SP_METADATA (ID, SP_ID, NAME, VALUE, DISPLAY_NAME, TENANT_ID) VALUES
	(1, 3, 'software_id', 'oQ4KoaavpOuoE7rvQsZEOV', 'Software Id', -1234),
	(2, 3, 'software_client_name', 'TPP One Accounts', 'Software Client Name', -1234),
	(3, 4, 'software_id', 'pZ7rKq2mWx9LdT4vNb8sEa', 'Software Id', -1234),
	(4, 4, 'software_client_name', 'TPP Two Payments', 'Software Client Name', -1234),
	(5, 5, 'software_id', 'Hs3JnQ6wYc1FzR8uKe5tLm', 'Software Id', -1234);

INSERT INTO SP_INBOUND_AUTH (ID, TENANT_ID, INBOUND_AUTH_KEY, INBOUND_AUTH_TYPE, INBOUND_CONFIG_TYPE, APP_ID) VALUES
	(1, -1234, 'Xk2vQb7Lr0DefaultProdKey', 'oauth2', 'standardAPP', 1),
	(2, -1234, 'Xk2vQb7Lr0DefaultSandKey', 'oauth2', 'standardAPP', 2),
	(3, -1234, 'c9Tpp1AccountsClientId01', 'oauth2', 'standardAPP', 3),
	(4, -1234, 'c9Tpp2PaymentsClientId02', 'oauth2', 'standardAPP', 4),
	(5, -1234, 'c9Tpp3SandboxClientId003', 'oauth2', 'standardAPP', 5);

INSERT INTO IDN_OAUTH_CONSUMER_APPS (ID, CONSUMER_KEY, CONSUMER_SECRET, USERNAME, TENANT_ID, USER_DOMAIN, APP_NAME, OAUTH_VERSION, CALLBACK_URL, GRANT_TYPES) VALUES
	(1, 'Xk2vQb7Lr0DefaultProdKey', 'training-secret-1', 'admin@wso2.com', -1234, 'PRIMARY', 'admin_DefaultApplication_PRODUCTION', 'OAuth-2.0', NULL, 'client_credentials refresh_token'),
	(2, 'Xk2vQb7Lr0DefaultSandKey', 'training-secret-2', 'admin@wso2.com', -1234, 'PRIMARY', 'admin_DefaultApplication_SANDBOX', 'OAuth-2.0', NULL, 'client_credentials refresh_token'),
	(3, 'c9Tpp1AccountsClientId01', 'training-secret-3', 'tpp1admin@wso2.com', -1234, 'PRIMARY', 'tpp1admin_oQ4KoaavpOuoE7rvQsZEOV_PRODUCTION', 'OAuth-2.0', 'https://tpp1.example/callback', 'authorization_code client_credentials refresh_token'),
	(4, 'c9Tpp2PaymentsClientId02', 'training-secret-4', 'tpp2admin@wso2.com', -1234, 'PRIMARY', 'tpp2admin_pZ7rKq2mWx9LdT4vNb8sEa_PRODUCTION', 'OAuth-2.0', 'https://tpp2.example/callback', 'authorization_code client_credentials refresh_token'),
	(5, 'c9Tpp3SandboxClientId003', 'training-secret-5', 'tpp3admin@wso2.com', -1234, 'PRIMARY', 'tpp3admin_Hs3JnQ6wYc1FzR8uKe5tLm_SANDBOX', 'OAuth-2.0', 'https://tpp3.example/callback', 'authorization_code client_credentials');

SELECT setval('SP_APP_SEQ', 5);
SELECT setval('SP_METADATA_SEQ', 5);
SELECT setval('SP_INBOUND_AUTH_SEQ', 5);
SELECT setval('IDN_OAUTH_CONSUMER_APPS_SEQ', 5);

-- openbank_openbankingdb: the DCR registrations of Open Banking 2.0.0 (with
-- the columns of 1.4). The third has no SOFTWARE_ID: its software id is the
-- claim inside REQUEST.
\connect training_openbankingdb
CREATE SEQUENCE OB_DCR_DETAILS_SEQ;
CREATE TABLE OB_DCR_DETAILS (
	ID INTEGER DEFAULT NEXTVAL('OB_DCR_DETAILS_SEQ') NOT NULL,
	CLIENT_ID VARCHAR(255) NOT NULL,
	REQUEST TEXT,
	APPLICATION_ID VARCHAR(255),
	SOFTWARE_ID VARCHAR(255),
	CLID_ISSUED_AT BIGINT,
	PRIMARY KEY (ID),
	CONSTRAINT OB_DCR_CLIENT_ID_UNIQUE UNIQUE (CLIENT_ID)
);
INSERT INTO OB_DCR_DETAILS (ID, CLIENT_ID, REQUEST, APPLICATION_ID, SOFTWARE_ID, CLID_ISSUED_AT) VALUES
	(1, 'c9Tpp1AccountsClientId01', '{"software_id":"oQ4KoaavpOuoE7rvQsZEOV","software_roles":["AISP"],"redirect_uris":["https://tpp1.example/callback"],"token_endpoint_auth_method":"private_key_jwt"}', '3', 'oQ4KoaavpOuoE7rvQsZEOV', 1700000000),
	(2, 'c9Tpp2PaymentsClientId02', '{"software_id":"pZ7rKq2mWx9LdT4vNb8sEa","software_roles":["PISP"],"redirect_uris":["https://tpp2.example/callback"],"token_endpoint_auth_method":"private_key_jwt"}', '4', 'pZ7rKq2mWx9LdT4vNb8sEa', 1700000100),
	(3, 'c9Tpp3SandboxClientId003', '{"software_id":"Hs3JnQ6wYc1FzR8uKe5tLm","software_roles":["AISP","PISP"],"redirect_uris":["https://tpp3.example/callback"],"token_endpoint_auth_method":"tls_client_auth"}', '5', '', 1700000200);
SELECT setval('OB_DCR_DETAILS_SEQ', 3);

-- openbank_userdb: the user store (WSO2UM_DB).
\connect training_userdb
CREATE SEQUENCE UM_USER_SEQ;
CREATE TABLE UM_USER (
	UM_ID INTEGER DEFAULT NEXTVAL('UM_USER_SEQ') NOT NULL,
	UM_USER_NAME VARCHAR(255) NOT NULL,
	UM_USER_PASSWORD VARCHAR(255) NOT NULL,
	UM_SALT_VALUE VARCHAR(31),
	UM_REQUIRE_CHANGE BOOLEAN DEFAULT FALSE,
	UM_CHANGED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UM_TENANT_ID INTEGER DEFAULT 0,
	PRIMARY KEY (UM_ID, UM_TENANT_ID),
	UNIQUE (UM_USER_NAME, UM_TENANT_ID)
);
CREATE SEQUENCE UM_ROLE_SEQ;
CREATE TABLE UM_ROLE (
	UM_ID INTEGER DEFAULT NEXTVAL('UM_ROLE_SEQ') NOT NULL,
	UM_ROLE_NAME VARCHAR(255) NOT NULL,
	UM_TENANT_ID INTEGER DEFAULT 0,
	UM_SHARED_ROLE BOOLEAN DEFAULT FALSE,
	PRIMARY KEY (UM_ID, UM_TENANT_ID),
	UNIQUE (UM_ROLE_NAME, UM_TENANT_ID)
);
INSERT INTO UM_USER (UM_ID, UM_USER_NAME, UM_USER_PASSWORD, UM_SALT_VALUE, UM_TENANT_ID) VALUES
	(1, 'admin@wso2.com', 'dHJhaW5pbmctaGFzaC1hZG1pbg==', 'c2FsdDE=', -1234),
	(2, 'tpp1admin@wso2.com', 'dHJhaW5pbmctaGFzaC10cHAx', 'c2FsdDI=', -1234),
	(3, 'tpp2admin@wso2.com', 'dHJhaW5pbmctaGFzaC10cHAy', 'c2FsdDM=', -1234),
	(4, 'tpp3admin@wso2.com', 'dHJhaW5pbmctaGFzaC10cHAz', 'c2FsdDQ=', -1234),
	(5, 'psu1@wso2.com', 'dHJhaW5pbmctaGFzaC1wc3Ux', 'c2FsdDU=', -1234);
INSERT INTO UM_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES
	(1, 'admin', -1234), (2, 'Internal/everyone', -1234), (3, 'Internal/subscriber', -1234),
	(4, 'AISP', -1234), (5, 'PISP', -1234);
SELECT setval('UM_USER_SEQ', 5);
SELECT setval('UM_ROLE_SEQ', 5);

-- The registries: shared (govreg), API Manager's and Identity Server's
-- configuration registries.
\connect training_govregdb
CREATE SEQUENCE REG_RESOURCE_SEQ;
CREATE TABLE REG_RESOURCE (
	REG_PATH_ID INTEGER NOT NULL,
	REG_NAME VARCHAR(256),
	REG_VERSION INTEGER DEFAULT NEXTVAL('REG_RESOURCE_SEQ') NOT NULL,
	REG_MEDIA_TYPE VARCHAR(500),
	REG_CREATOR VARCHAR(31) NOT NULL,
	REG_CREATED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	REG_TENANT_ID INTEGER DEFAULT 0,
	PRIMARY KEY (REG_VERSION, REG_TENANT_ID)
);
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_TENANT_ID) VALUES
	(12, 'APILifeCycle', 'application/xml', 'admin@wso2.com', -1234),
	(17, 'tenant-conf.json', 'application/json', 'admin@wso2.com', -1234);

\connect training_am_configdb
CREATE SEQUENCE REG_RESOURCE_SEQ;
CREATE TABLE REG_RESOURCE (
	REG_PATH_ID INTEGER NOT NULL,
	REG_NAME VARCHAR(256),
	REG_VERSION INTEGER DEFAULT NEXTVAL('REG_RESOURCE_SEQ') NOT NULL,
	REG_MEDIA_TYPE VARCHAR(500),
	REG_CREATOR VARCHAR(31) NOT NULL,
	REG_CREATED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	REG_TENANT_ID INTEGER DEFAULT 0,
	PRIMARY KEY (REG_VERSION, REG_TENANT_ID)
);
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_TENANT_ID) VALUES
	(3, 'workflow-extensions.xml', 'application/xml', 'admin@wso2.com', -1234);

\connect training_iskm_configdb
CREATE SEQUENCE REG_RESOURCE_SEQ;
CREATE TABLE REG_RESOURCE (
	REG_PATH_ID INTEGER NOT NULL,
	REG_NAME VARCHAR(256),
	REG_VERSION INTEGER DEFAULT NEXTVAL('REG_RESOURCE_SEQ') NOT NULL,
	REG_MEDIA_TYPE VARCHAR(500),
	REG_CREATOR VARCHAR(31) NOT NULL,
	REG_CREATED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	REG_TENANT_ID INTEGER DEFAULT 0,
	PRIMARY KEY (REG_VERSION, REG_TENANT_ID)
);
INSERT INTO REG_RESOURCE (REG_PATH_ID, REG_NAME, REG_MEDIA_TYPE, REG_CREATOR, REG_TENANT_ID) VALUES
	(5, 'identity-provider-config.xml', 'application/xml', 'admin@wso2.com', -1234);

-- The reporting data of Data Reporting v3.1.5 (what Stage 6 checks for).
\connect training_reporting_statsdb
CREATE TABLE ACCOUNTS_RAW_DATA (
	ID VARCHAR(100) NOT NULL,
	CONSENT_ID VARCHAR(100),
	CLIENT_ID VARCHAR(100),
	STATUS_CODE INTEGER,
	TRA_DECISION VARCHAR(10),
	EXEMPTION VARCHAR(50),
	IS_FRAUD VARCHAR(10),
	TIMESTAMP BIGINT,
	PRIMARY KEY (ID)
);
CREATE TABLE UK_ADDITIONAL_RAW_DATA (
	ID VARCHAR(100) NOT NULL,
	PAYLOAD TEXT,
	PRIMARY KEY (ID)
);
INSERT INTO ACCOUNTS_RAW_DATA VALUES
	('a7f3c1e0-0001', 'acc-consent-0001', 'c9Tpp1AccountsClientId01', 200, 'NONE', NULL, 'false', 1700000500),
	('a7f3c1e0-0002', 'acc-consent-0002', 'c9Tpp3SandboxClientId003', 200, 'LOW', 'LowValue', 'false', 1700000600),
	('a7f3c1e0-0003', 'acc-consent-0002', 'c9Tpp3SandboxClientId003', 403, 'HIGH', NULL, 'true', 1700000700);
INSERT INTO UK_ADDITIONAL_RAW_DATA VALUES
	('a7f3c1e0-0001', '{"aspspId":"0015800001HQQrZAAX","channel":"web"}');

\connect training_reporting_summarizeddb
CREATE TABLE ACCOUNTS_SUMMARY (
	AGG_TIMESTAMP BIGINT NOT NULL,
	CLIENT_ID VARCHAR(100) NOT NULL,
	COUNT INTEGER,
	PRIMARY KEY (AGG_TIMESTAMP, CLIENT_ID)
);
INSERT INTO ACCOUNTS_SUMMARY VALUES
	(1699999200000, 'c9Tpp1AccountsClientId01', 1),
	(1699999200000, 'c9Tpp3SandboxClientId003', 2);

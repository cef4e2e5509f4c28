-- seed-mariadb.sql: the training database of the EI 7.0 Micro Integrator
-- training sandbox, for MariaDB or MySQL: the JDBC user store of the EI
-- 7.0.0 Micro Integrator (its UM_ tables as EI 7.0.0 ships them, a part of
-- them) with sample users and roles.
--
-- Load it as a user allowed to create databases:
--     mariadb -u root < db/seed-mariadb.sql
-- It creates the database training_mi_userdb and nothing else. A table
-- that exists already stops it ("already exists"): it never replaces data.
-- To load it again (after a reset of the sandbox), drop the training
-- database first with db/drop-mariadb.sql.
CREATE DATABASE IF NOT EXISTS training_mi_userdb;
USE training_mi_userdb;
CREATE TABLE UM_USER (
	UM_ID INTEGER NOT NULL AUTO_INCREMENT,
	UM_USER_NAME VARCHAR(255) NOT NULL,
	UM_USER_PASSWORD VARCHAR(255) NOT NULL,
	UM_SALT_VALUE VARCHAR(31),
	UM_REQUIRE_CHANGE BOOLEAN DEFAULT FALSE,
	UM_CHANGED_TIME TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UM_TENANT_ID INTEGER DEFAULT 0,
	PRIMARY KEY (UM_ID, UM_TENANT_ID),
	UNIQUE (UM_USER_NAME, UM_TENANT_ID)
) ENGINE INNODB;
CREATE TABLE UM_ROLE (
	UM_ID INTEGER NOT NULL AUTO_INCREMENT,
	UM_ROLE_NAME VARCHAR(255) NOT NULL,
	UM_TENANT_ID INTEGER DEFAULT 0,
	UM_SHARED_ROLE BOOLEAN DEFAULT FALSE,
	PRIMARY KEY (UM_ID, UM_TENANT_ID),
	UNIQUE (UM_ROLE_NAME, UM_TENANT_ID)
) ENGINE INNODB;
CREATE TABLE UM_USER_ROLE (
	UM_ID INTEGER NOT NULL AUTO_INCREMENT,
	UM_ROLE_ID INTEGER NOT NULL,
	UM_USER_ID INTEGER NOT NULL,
	UM_TENANT_ID INTEGER DEFAULT 0,
	UNIQUE (UM_USER_ID, UM_ROLE_ID, UM_TENANT_ID),
	PRIMARY KEY (UM_ID, UM_TENANT_ID)
) ENGINE INNODB;
INSERT INTO UM_USER (UM_ID, UM_USER_NAME, UM_USER_PASSWORD, UM_SALT_VALUE, UM_TENANT_ID) VALUES
	(1, 'admin', 'dHJhaW5pbmctaGFzaC1hZG1pbg==', 'c2FsdEE=', -1234),
	(2, 'ops', 'dHJhaW5pbmctaGFzaC1vcHM=', 'c2FsdEI=', -1234),
	(3, 'integration-deployer', 'dHJhaW5pbmctaGFzaC1kZXBsb3llcg==', 'c2FsdEM=', -1234);
INSERT INTO UM_ROLE (UM_ID, UM_ROLE_NAME, UM_TENANT_ID) VALUES
	(1, 'admin', -1234), (2, 'Internal/everyone', -1234), (3, 'deployer', -1234);
INSERT INTO UM_USER_ROLE (UM_ID, UM_ROLE_ID, UM_USER_ID, UM_TENANT_ID) VALUES
	(1, 1, 1, -1234), (2, 2, 2, -1234), (3, 3, 3, -1234);

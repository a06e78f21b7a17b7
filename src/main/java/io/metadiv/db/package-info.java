/** Database wiring: the embedded PostgreSQL default used when no external server is configured. */
package io.metadiv.db;

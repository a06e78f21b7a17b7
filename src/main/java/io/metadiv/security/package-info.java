/**
 * API keys with roles: who may call the API, and what each key may do. Keys live in PostgreSQL (only a SHA-256 of
 * each), are created, listed and revoked by admin keys ({@code /api/v1/keys}), and the first admin key comes from
 * {@code METADIV_BOOTSTRAP_ADMIN_KEY}. A stateless Spring Security filter chain reads the key from
 * {@code Authorization: Bearer} or {@code X-API-Key} and decides by HTTP method and path ({@link AccessRules}), so a
 * new endpoint is covered the moment it exists. Without {@code metadiv.security.keys-enabled} the API is open, which
 * only the embedded database bound to loopback allows ({@link ExposureCheck}).
 */
package io.metadiv.security;

/**
 * Limits per API key (README: Limits per key): the upload rate ({@link io.metadiv.limits.UploadRateFilter}) and,
 * counted by the job package where jobs are inserted, the concurrent jobs; both answer 429 with Retry-After
 * ({@link io.metadiv.limits.LimitExceededException}). With open access every request is the one anonymous caller's.
 */
package io.metadiv.limits;

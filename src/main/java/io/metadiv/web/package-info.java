/** Web-wide concerns: the ProblemDetail error mapping and the OpenAPI description. */
package io.metadiv.web;

/**
 * A local HTTP server shaped like jsonplaceholder, with fault injection, for samples and tests:
 * {@link dev.weft.test.http.JsonPlaceholderServer}.
 *
 * <p>The package is {@code @NullMarked}: a parameter or result may be null only where its type says
 * {@code @Nullable}.
 */
@NullMarked
package dev.weft.test.http;

import org.jspecify.annotations.NullMarked;

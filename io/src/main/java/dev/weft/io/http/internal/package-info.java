/** Implementation of {@code dev.weft.io.http}; not exported, not API. */
@NullMarked
package dev.weft.io.http.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation of {@code dev.weft.io.files}; not exported, not API. */
@NullMarked
package dev.weft.io.files.internal;

import org.jspecify.annotations.NullMarked;

/** Implementation of {@code dev.weft.io.process}; not exported, not API. */
@NullMarked
package dev.weft.io.process.internal;

import org.jspecify.annotations.NullMarked;

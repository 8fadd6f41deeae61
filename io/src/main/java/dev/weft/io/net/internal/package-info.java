/** Implementation of {@code dev.weft.io.net}; not exported, not API. */
@NullMarked
package dev.weft.io.net.internal;

import org.jspecify.annotations.NullMarked;

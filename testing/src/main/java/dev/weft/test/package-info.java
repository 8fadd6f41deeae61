/**
 * What a Weft user adds with test scope: virtual time ({@link dev.weft.test.VirtualClock}, {@link
 * dev.weft.test.VirtualTime}) and the JUnit 5 leak check ({@link dev.weft.test.NoLeakedTasks}).
 * Each type states its blocking, cancellation and null rules.
 *
 * <p>The package is {@code @NullMarked}: a parameter or result may be null only where its type says
 * {@code @Nullable}.
 */
@NullMarked
package dev.weft.test;

import org.jspecify.annotations.NullMarked;

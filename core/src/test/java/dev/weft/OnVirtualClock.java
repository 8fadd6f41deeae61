package dev.weft;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Core's tests of timing logic run on a virtual clock: exact times, no real waiting. The same as
 * weft-test's {@code @VirtualTime}, which core's tests cannot use (weft-test depends on core); a
 * test may declare a {@link dev.weft.internal.VirtualClockControl} parameter.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CoreVirtualTime.class)
public @interface OnVirtualClock {}

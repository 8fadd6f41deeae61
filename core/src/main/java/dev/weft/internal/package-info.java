/**
 * Core's mechanisms shared with Weft's own modules: the cancellation rule for interrupts seen by a
 * blocking call, the duration rules, the integer-argument rules and the clock every Weft wait
 * reads, and - for {@code dev.weft.test} and Weft's own tests only - virtual clocks and the leak
 * check. Exported only to {@code dev.weft.io} and {@code dev.weft.test} (a qualified export in
 * {@code module-info}), so that every module uses one cancellation check, one duration rule, one
 * wording for a refused argument and one clock instead of a copy of its own. Not API: nothing here
 * is documented for applications, and it may change in any release.
 */
@NullMarked
package dev.weft.internal;

import org.jspecify.annotations.NullMarked;

/**
 * Core's mechanisms shared with Weft's own modules: the cancellation rule for interrupts seen by a
 * blocking call, and the duration rules. Exported only to {@code dev.weft.io} and
 * {@code dev.weft.test} (a qualified export in {@code module-info}), so that every module uses
 * one cancellation check and one duration rule instead of a copy of its own. Not API: nothing
 * here is documented for applications, and it may change in any release.
 */
package dev.weft.internal;

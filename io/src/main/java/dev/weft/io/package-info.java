/**
 * Blocking-style file helpers and an HTTP session for Weft: each call blocks only its own
 * virtual thread and is cancelled with its task.
 */
package dev.weft.io;

package dev.weft;

/**
 * When {@link Weft#wait(java.util.Collection, WaitMode)} returns: asyncio's {@code return_when}.
 */
public enum WaitMode {
    /** As soon as any task is done. */
    FIRST_COMPLETED,
    /** As soon as any task fails, or when all are done. */
    FIRST_EXCEPTION,
    /** When every task is done. */
    ALL_COMPLETED
}

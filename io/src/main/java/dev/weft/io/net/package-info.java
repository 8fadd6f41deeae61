/**
 * TCP for Weft tasks: {@link dev.weft.io.net.TcpServer} runs one task per connection and {@link
 * dev.weft.io.net.TcpConnection} reads and writes on the caller's virtual thread, woken by
 * cancellation. Each type states its blocking, cancellation and null rules.
 *
 * <p>The package is {@code @NullMarked}: a parameter or result may be null only where its type says
 * {@code @Nullable}.
 */
@NullMarked
package dev.weft.io.net;

import org.jspecify.annotations.NullMarked;

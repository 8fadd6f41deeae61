package dev.weft.test;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs each test - with its {@code @BeforeEach} and {@code @AfterEach} methods - on a fresh {@link
 * VirtualClock} installed on the test's thread: sleeps, timeouts and retries that go through Weft
 * take no real time, and the test sees exact virtual times. A test method (or a
 * {@code @BeforeEach}/{@code @AfterEach} method) may declare a {@link VirtualClock} parameter to
 * read or advance the clock. The test fails with {@link DeadlockError} or {@link RealSleepError}
 * when the clock saw one; with a deadlock, that error replaces the cancellation the test's own code
 * threw because of it.
 *
 * <pre>{@code
 * @VirtualTime
 * @NoLeakedTasks
 * class RetryTest {
 *     @Test
 *     void backsOffTwice(VirtualClock clock) { ... assertEquals(Duration.ofSeconds(3), clock.elapsed()); }
 * }
 * }</pre>
 *
 * <p>On a class, it applies to every test of the class and of its {@code @Nested} classes. The
 * clock belongs to the test's thread: code that JUnit runs on another thread (a {@code @Timeout}
 * with {@code threadMode = SEPARATE_THREAD}, {@code assertTimeoutPreemptively}) runs in real time.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(VirtualTimeExtension.class)
// JUnit's types in this API are JUnit's contract: whoever registers it has JUnit (an optional
// dependency of this module, which therefore does not require it transitively).
@SuppressWarnings("exports")
public @interface VirtualTime {
    /**
     * How long, in milliseconds of real time, every thread of the clock must stay waiting in Weft
     * with no deadline pending before the clock reports a deadlock.
     *
     * @return the deadlock timeout in milliseconds; 1000 by default
     */
    long deadlockTimeoutMillis() default 1000;
}
